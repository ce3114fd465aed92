import { once } from "node:events";
import { readdirSync, readFileSync } from "node:fs";
import { rm } from "node:fs/promises";
import http from "node:http";
import net from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, describe, expect, it } from "vitest";
import { runCli, startServer, tempDir } from "./process-helpers";

const dirs: string[] = [];
afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

/** The node processes `pid` forked (not the embedded PostgreSQL it also started). */
const nodeChildren = (pid: number) =>
  readdirSync("/proc")
    .filter((entry) => /^\d+$/.test(entry))
    .flatMap((entry) => {
      try {
        const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
        const comm = stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")"));
        const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
        return ppid === pid && comm.startsWith("node") ? [Number(entry)] : [];
      } catch {
        return [];
      }
    });

/** A GET on a connection of its own, so that the next one may reach another process. */
const getAlone = (port: number, path: string) =>
  new Promise<number>((resolve, reject) => {
    http
      .get({ host: "127.0.0.1", port, path, agent: false }, (res) => {
        res.resume();
        res.on("end", () => resolve(res.statusCode ?? 0));
      })
      .on("error", reject);
  });

const waitFor = async (check: () => boolean, what: string) => {
  for (let i = 0; i < 200 && !check(); i += 1) await sleep(100);
  if (!check()) throw new Error(`waited 20 s for ${what}`);
};

describe("soporte serve with SERVER_PROCESSES", () => {
  it("refuses a bad count with one line and exit code 2", async () => {
    const result = await runCli(["serve"], { SERVER_PROCESSES: "many" });
    expect(result.code).toBe(2);
    expect(result.stderr.trim().split("\n")).toEqual([
      'soporte: invalid SERVER_PROCESSES="many": must be auto (one per core) or a number of processes, 1-32',
    ]);
    expect((await runCli(["serve"], { SERVER_PROCESSES: "0" })).code).toBe(2);
  });

  it("answers from two processes on the embedded database, replaces one killed, stops them all on SIGTERM, and fails a start on a port in use with one line", async () => {
    const dataDir = await tempDir("soporte-processes-");
    dirs.push(dataDir);
    const server = await startServer({ DATA_DIR: dataDir, SERVER_PROCESSES: "2", LOG_LEVEL: "info" });
    const primary = server.child.pid!;
    await waitFor(() => server.output().includes("2 processes answer HTTP"), "the start-up lines");
    const first = nodeChildren(primary);
    expect(first).toHaveLength(2);

    // each new connection goes to the next process: both answer, and each logs its own requests
    for (let i = 0; i < 20; i += 1) expect(await getAlone(server.port, "/api/v1/health")).toBe(200);
    await sleep(1_500); // log lines leave within a second
    const answered = new Set(
      server
        .output()
        .split("\n")
        .filter((line) => line.includes('"request completed"') && line.includes('"url":"/api/v1/health"'))
        .map((line) => (JSON.parse(line) as { pid: number }).pid),
    );
    expect([...answered].sort()).toEqual([...first].sort());

    // one killed: the other answers meanwhile, and another takes its place
    process.kill(first[0]!, "SIGKILL");
    await waitFor(() => !nodeChildren(primary).includes(first[0]!), "the killed process gone");
    for (let i = 0; i < 4; i += 1) expect(await getAlone(server.port, "/api/v1/health")).toBe(200);
    await waitFor(() => {
      const now = nodeChildren(primary);
      return now.length === 2 && !now.includes(first[0]!);
    }, "a replacement HTTP process");
    await waitFor(() => /an HTTP process stopped; starting another/.test(server.output()), "the log line");
    for (let i = 0; i < 4; i += 1) expect(await getAlone(server.port, "/api/v1/health")).toBe(200);

    const last = nodeChildren(primary);
    server.child.kill("SIGTERM");
    expect(await server.exited).toBe(0);
    for (const pid of last) expect(() => process.kill(pid, 0)).toThrow();

    // a port another program holds: the HTTP processes cannot start, and the start fails with one line
    const holder = net.createServer().listen(0, "127.0.0.1");
    await once(holder, "listening");
    const held = (holder.address() as net.AddressInfo).port;
    const busy = await runCli(["serve"], {
      DATA_DIR: dataDir,
      PORT: String(held),
      HOST: "127.0.0.1",
      SERVER_PROCESSES: "2",
    });
    holder.close();
    expect(busy.code).toBe(2);
    expect(busy.stderr.trim().split("\n")).toEqual([
      `soporte: port ${held} on 127.0.0.1 is in use by another program (perhaps another Soporte): stop it or set PORT to a free port`,
    ]);
  });
});
