import { type ChildProcess, spawn } from "node:child_process";
import { mkdtemp } from "node:fs/promises";
import net from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";

export const ROOT = path.resolve(import.meta.dirname, "../..");
export const BIN = path.join(ROOT, "bin/soporte.js");

/** The environment of a child `soporte`: no inherited database or port settings. */
export const childEnv = (extra: Record<string, string>) => {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (v !== undefined && !["DATABASE_URL", "PORT", "DATA_DIR", "TEST_DATABASE_URL"].includes(k)) env[k] = v;
  }
  return { ...env, LOG_LEVEL: "warn", ...extra };
};

export const runCli = (args: string[], env: Record<string, string> = {}) =>
  new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: childEnv(env), cwd: ROOT });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });

export const tempDir = (prefix: string) => mkdtemp(path.join(tmpdir(), prefix));

export const freePort = () =>
  new Promise<number>((resolve) => {
    const server = net.createServer();
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });

export type Server = {
  child: ChildProcess;
  port: number;
  output: () => string;
  exited: Promise<number | null>;
};

export const startServer = async (env: Record<string, string>): Promise<Server> => {
  const port = await freePort();
  const child = spawn(process.execPath, [BIN, "serve"], {
    env: childEnv({ ...env, PORT: String(port), HOST: "127.0.0.1" }),
    cwd: ROOT,
  });
  let output = "";
  child.stdout?.on("data", (d) => (output += d));
  child.stderr?.on("data", (d) => (output += d));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited early:\n${output}`);
    try {
      const res = await fetch(`http://127.0.0.1:${port}/api/v1/health`);
      if (res.ok) return { child, port, output: () => output, exited };
    } catch {
      // not listening yet
    }
    await sleep(250);
  }
  child.kill("SIGKILL");
  throw new Error(`server did not answer within 90 s:\n${output}`);
};
