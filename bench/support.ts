/** What the database benchmarks share: a PostgreSQL to run on, free ports, and percentiles. */
import { mkdtemp, rm } from "node:fs/promises";
import net from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { startEmbeddedDatabase } from "../src/server/platform/embedded-database";

export const ROOT = path.resolve(import.meta.dirname, "..");
export const log = (line: string) => process.stdout.write(`${line}\n`);
export const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!;

export const reachable = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = net.connect(port, "127.0.0.1");
    socket.once("connect", () => {
      socket.end();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });

export const freePort = () =>
  new Promise<number>((resolve) => {
    const s = net.createServer();
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });

/** BENCH_DATABASE_URL, else the local PostgreSQL server, else an embedded one in a temp folder. */
export const adminDatabase = async () => {
  if (process.env.BENCH_DATABASE_URL)
    return { url: process.env.BENCH_DATABASE_URL, stop: async () => undefined };
  if (await reachable(5432))
    return { url: "postgres://postgres@127.0.0.1:5432/postgres", stop: async () => undefined };
  const dir = await mkdtemp(path.join(tmpdir(), "soporte-bench-pg-"));
  const embedded = await startEmbeddedDatabase({ dataDir: dir, database: "postgres" });
  return {
    url: embedded.adminUrl,
    stop: async () => {
      await embedded.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
};
