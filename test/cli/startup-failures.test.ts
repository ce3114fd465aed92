import { execFileSync, spawn } from "node:child_process";
import { once } from "node:events";
import { existsSync } from "node:fs";
import { chmod, mkdir, mkdtemp, rm, stat, writeFile } from "node:fs/promises";
import { userInfo } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { firstUnenterable } from "../../src/server/platform/embedded-preflight";
import { explainStartupFailure, StartupError } from "../../src/server/platform/startup-failure";
import { childEnv, freePort, ROOT, runCli, startServer, tempDir } from "./process-helpers";

const dirs: string[] = [];
afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});
const newDir = async () => {
  const dir = await tempDir("soporte-start-");
  dirs.push(dir);
  return dir;
};

const context = { port: 3000, host: "0.0.0.0", dataDir: "/srv/soporte/data", databaseUrl: undefined };
const errno = (code: string, extra: Record<string, unknown> = {}) =>
  Object.assign(new Error(code), { code, ...extra });

describe("a start that cannot work says why in one line", () => {
  it("names the first folder the database user cannot enter, by owner, group and other bits", async () => {
    const folders: Record<string, { uid: number; gid: number; mode: number }> = {
      "/": { uid: 0, gid: 0, mode: 0o755 },
      "/root": { uid: 0, gid: 0, mode: 0o700 },
      "/root/soporte": { uid: 0, gid: 0, mode: 0o755 },
      "/srv": { uid: 0, gid: 0, mode: 0o755 },
      "/srv/team": { uid: 0, gid: 104, mode: 0o750 },
      "/srv/own": { uid: 101, gid: 0, mode: 0o700 },
    };
    const statOf = async (p: string) => {
      const info = folders[p];
      if (!info) throw errno("ENOENT");
      return info;
    };
    const postgres = { uid: 101, gids: [104] };
    expect(await firstUnenterable("/root/soporte/node_modules/bin", postgres, statOf)).toEqual({
      folder: "/root",
      mode: 0o700,
    });
    expect(await firstUnenterable("/srv/team/data", postgres, statOf)).toBeNull();
    expect(await firstUnenterable("/srv/own/data", postgres, statOf)).toBeNull();
    expect(await firstUnenterable("/srv/team/data", { uid: 102, gids: [] }, statOf)).toEqual({
      folder: "/srv/team",
      mode: 0o750,
    });
  });

  it("explains a busy port, a full disk, a refused or unknown database and its credentials; nothing else", () => {
    expect(explainStartupFailure(errno("EADDRINUSE", { port: 3000 }), context)).toBe(
      "port 3000 on 0.0.0.0 is in use by another program (perhaps another Soporte): stop it or set PORT to a free port",
    );
    expect(explainStartupFailure(errno("ENOSPC", { path: "/srv/soporte/data/pg" }), context)).toMatch(
      /^no space left on the disk of \/srv\/soporte\/data\/pg: free some space/,
    );
    expect(
      explainStartupFailure(new Error("initdb: could not write file: No space left on device"), context),
    ).toMatch(/^no space left on the disk of \/srv\/soporte\/data/);
    const remote = { ...context, databaseUrl: "postgres://app:secreto@db.example:6543/soporte" };
    expect(explainStartupFailure(errno("ECONNREFUSED"), remote)).toBe(
      "PostgreSQL at db.example:6543/soporte refuses connections: start PostgreSQL, or correct DATABASE_URL",
    );
    expect(explainStartupFailure(errno("28P01"), remote)).not.toContain("secreto");
    expect(explainStartupFailure(errno("3D000"), remote)).toMatch(/has no such database: create it/);
    // wrapped causes are found too
    expect(
      explainStartupFailure(new Error("pool", { cause: errno("EADDRINUSE", { port: 3000 }) }), context),
    ).toMatch(/^port 3000/);
    expect(explainStartupFailure(new StartupError("the cause: the fix"), context)).toBe("the cause: the fix");
    expect(explainStartupFailure(new TypeError("x is undefined"), context)).toBeNull();
  });

  it("a clone under a folder only root can enter (mode 700): as root one line and exit code 2, else it serves", async () => {
    // a clone made of hard links (no copy) under a 0700 folder next to the checkout, started as `npm start` does
    await mkdir(path.join(ROOT, "test-results"), { recursive: true });
    const closed = await mkdtemp(path.join(ROOT, "test-results", "closed-"));
    dirs.push(closed);
    expect((await stat(closed)).mode & 0o777).toBe(0o700);
    const clone = path.join(closed, "soporte");
    await mkdir(clone);
    for (const entry of ["bin", "src", "scripts", "package.json", "tsconfig.json", "node_modules", "dist"]) {
      if (existsSync(path.join(ROOT, entry))) execFileSync("cp", ["-al", path.join(ROOT, entry), clone]);
    }
    if (userInfo().uid === 0) {
      const port = String(await freePort());
      const result = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
        const child = spawn(process.execPath, ["bin/soporte.js", "serve"], {
          cwd: clone,
          env: childEnv({ PORT: port }),
        });
        let stderr = "";
        child.stderr.on("data", (d) => (stderr += d));
        child.on("close", (code) => resolve({ code, stderr }));
      });
      expect(result.code, result.stderr).toBe(2);
      expect(result.stderr.trim().split("\n"), result.stderr).toEqual([
        `soporte: the embedded PostgreSQL runs as user postgres, which cannot enter ${closed} (mode 0700): put Soporte under a folder every user can enter (for example /srv/soporte), or set DATABASE_URL to a PostgreSQL server`,
      ]);
      // the same for a data folder in there, with the checkout's binaries
      const data = await runCli(["serve"], { DATA_DIR: path.join(closed, "data"), PORT: port });
      expect(data.code).toBe(2);
      expect(data.stderr).toMatch(
        /cannot enter .*closed-\w+ \(mode 0700\): .* or set DATA_DIR to one, or set DATABASE_URL/,
      );
    } else {
      // PostgreSQL runs as this user, who owns the folder
      const server = await startServer({ DATA_DIR: path.join(closed, "data") });
      expect(server.output()).toMatch(/Soporte .* is running at/);
      server.child.kill("SIGTERM");
      expect(await server.exited).toBe(0);
    }
  });

  it("a data folder of another PostgreSQL major version: one line naming both versions, exit code 2", async () => {
    const parent = await newDir();
    await chmod(parent, 0o755);
    const dataDir = path.join(parent, "data");
    await mkdir(path.join(dataDir, "pg"), { recursive: true });
    await writeFile(path.join(dataDir, "pg", "PG_VERSION"), "16\n");
    const result = await runCli(["serve"], { DATA_DIR: dataDir, PORT: String(await freePort()) });
    expect(result.code).toBe(2);
    expect(result.stderr.trim().split("\n")).toEqual([
      `soporte: ${path.join(dataDir, "pg")} holds a PostgreSQL 16 database but the embedded PostgreSQL is 18: export it with the PostgreSQL 16 that made it (pg_dumpall), or move ${path.join(dataDir, "pg")} aside to start empty`,
    ]);
  });

  it("a DATABASE_URL nobody answers: one line without the password, exit code 2, for serve and the admin commands", async () => {
    const port = await freePort();
    const url = `postgres://soporte:muy-secreta@127.0.0.1:${port}/soporte`;
    for (const args of [["serve"], ["seed", "--demo"]]) {
      const result = await runCli(args, { DATABASE_URL: url, PORT: String(await freePort()) });
      expect(result.code).toBe(2);
      expect(result.stderr.trim().split("\n")).toEqual([
        `soporte: PostgreSQL at 127.0.0.1:${port}/soporte refuses connections: start PostgreSQL, or correct DATABASE_URL`,
      ]);
    }
  });

  it("a PostgreSQL left running on the data folder by another user: stopped, and the server starts", async () => {
    const parent = await newDir();
    await chmod(parent, 0o755);
    const dataDir = path.join(parent, "data");
    const pgDir = path.join(dataDir, "pg");
    await mkdir(pgDir, { recursive: true });
    // a stand-in postmaster (its command line names postgres and the folder), run by nobody when we are root
    const stale = spawn(
      "/bin/sh",
      ["-c", 'trap "exit 0" INT; while :; do sleep 0.2; done', "stale", "-D", pgDir],
      {
        argv0: "postgres",
        stdio: "ignore",
        ...(userInfo().uid === 0 ? { uid: 65534, gid: 65534 } : {}),
      },
    );
    const stopped = once(stale, "exit");
    await writeFile(path.join(pgDir, "postmaster.pid"), `${stale.pid}\n${pgDir}\n`);
    const server = await startServer({ DATA_DIR: dataDir });
    await stopped;
    expect(stale.exitCode).toBe(0);
    expect(server.output()).toMatch(/Soporte .* is running at/);
    server.child.kill("SIGTERM");
    expect(await server.exited).toBe(0);
  });
});
