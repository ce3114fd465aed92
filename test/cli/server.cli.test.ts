import { once } from "node:events";
import { existsSync } from "node:fs";
import { readFile, rm, stat, writeFile } from "node:fs/promises";
import net from "node:net";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { runCli, startServer, tempDir } from "./process-helpers";

const dirs: string[] = [];
const newDataDir = async () => {
  const dir = await tempDir("soporte-cli-");
  dirs.push(dir);
  return dir;
};
afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

const isAlive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

const postmasterPid = async (dataDir: string) =>
  Number((await readFile(path.join(dataDir, "pg/postmaster.pid"), "utf8")).split("\n")[0]);

const signInAndCookie = async (port: number, dataDir: string) => {
  const file = await readFile(path.join(dataDir, "initial-admin.txt"), "utf8");
  const email = /^email: (.+)$/m.exec(file)?.[1];
  const password = /^password: (.+)$/m.exec(file)?.[1];
  const res = await fetch(`http://127.0.0.1:${port}/api/v1/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email, password }),
  });
  expect(res.status).toBe(200);
  const { csrfToken } = (await res.json()) as { csrfToken: string };
  const cookie = res.headers.get("set-cookie")!.split(";")[0]!;
  return { cookie, csrfToken };
};

describe("soporte command line", () => {
  it("stops on a bad environment value with one line naming the variable and exit code 2", async () => {
    const result = await runCli(["serve"], { PORT: "not-a-port" });
    expect(result.code).toBe(2);
    expect(result.stderr.trim().split("\n")).toHaveLength(1);
    expect(result.stderr).toMatch(/^soporte: invalid PORT="not-a-port"/);
  });

  it("rejects an unknown command and bad create-user options with exit code 2", async () => {
    expect((await runCli(["frobnicate"])).code).toBe(2);
    const badRole = await runCli([
      "admin",
      "create-user",
      "--email",
      "a@b.mx",
      "--password",
      "long enough pass",
      "--role",
      "wizard",
      "--name",
      "A",
    ]);
    expect(badRole.code).toBe(2);
    expect(badRole.stderr).toMatch(/--role: must be one of admin, manager/);
    const noOrg = await runCli([
      "admin",
      "create-user",
      "--email",
      "a@b.mx",
      "--password",
      "long enough pass",
      "--role",
      "customer_contact",
      "--name",
      "A",
    ]);
    expect(noOrg.code).toBe(2);
    expect(noOrg.stderr).toMatch(/--organization/);
  });

  it("builds the web app on a checkout where it was never built, then serves the sign-in page", async () => {
    const webDir = path.join(await newDataDir(), "web");
    const server = await startServer({ DATA_DIR: await newDataDir(), WEB_DIR: webDir });
    try {
      expect(server.output()).toMatch(/web app built in .*web \(\d+\.\d s\)/);
      expect(existsSync(path.join(webDir, "index.html"))).toBe(true);
      const page = await fetch(`http://127.0.0.1:${server.port}/sign-in`);
      expect(page.status).toBe(200);
      expect(page.headers.get("content-type")).toContain("text/html");
    } finally {
      server.child.kill("SIGTERM");
      await server.exited;
    }
  });

  it("says in one line, exit code 2, how to build the web app when it cannot build it", async () => {
    // a file where the build's folder should be: nothing can be written there
    const blocked = path.join(await newDataDir(), "not-a-folder");
    await writeFile(blocked, "");
    const result = await runCli(["serve"], {
      DATA_DIR: await newDataDir(),
      WEB_DIR: path.join(blocked, "web"),
    });
    expect(result.code).toBe(2);
    expect(result.stderr.trim().split("\n")).toHaveLength(1);
    expect(result.stderr).toMatch(/could not be built .*: run npm run build:web$/m);
  });

  it("serves on the embedded database, survives kill -9 with every committed row, and stops cleanly on SIGTERM", async () => {
    const dataDir = await newDataDir();
    const first = await startServer({ DATA_DIR: dataDir });
    expect(first.output()).toMatch(/Sign in as admin@soporte\.local with password \S{20,}/);
    const adminFile = await stat(path.join(dataDir, "initial-admin.txt"));
    expect(adminFile.mode & 0o777).toBe(0o600);

    const { cookie, csrfToken } = await signInAndCookie(first.port, dataDir);
    const created = await fetch(`http://127.0.0.1:${first.port}/api/v1/organizations`, {
      method: "POST",
      headers: { "content-type": "application/json", cookie, "x-csrf-token": csrfToken },
      body: JSON.stringify({ name: "Sobreviviente del kill -9" }),
    });
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: string };

    // the job queue runs on the same database
    const { password } = JSON.parse(await readFile(path.join(dataDir, "embedded-pg.json"), "utf8"));
    const pgPort = (await readFile(path.join(dataDir, "pg/postmaster.pid"), "utf8")).split("\n")[3];
    const client = new pg.Client(
      `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${pgPort}/soporte`,
    );
    await client.connect();
    const boss = await client.query("SELECT count(*)::int AS n FROM pgboss.version");
    await client.end();
    expect(boss.rows[0].n).toBe(1);

    const orphan = await postmasterPid(dataDir);
    first.child.kill("SIGKILL");
    await first.exited;
    expect(isAlive(orphan)).toBe(true);

    const second = await startServer({ DATA_DIR: dataDir });
    expect(isAlive(orphan)).toBe(false);
    expect(second.output()).not.toMatch(/with password/);
    const again = await signInAndCookie(second.port, dataDir);
    const read = await fetch(`http://127.0.0.1:${second.port}/api/v1/organizations/${id}`, {
      headers: { cookie: again.cookie },
    });
    expect(read.status).toBe(200);
    expect(((await read.json()) as { name: string }).name).toBe("Sobreviviente del kill -9");
    const demo = await fetch(`http://127.0.0.1:${second.port}/api/v1/organizations?q=Villa Esperanza`, {
      headers: { cookie: again.cookie },
    });
    expect(((await demo.json()) as { items: unknown[] }).items).toHaveLength(1);

    const pid = await postmasterPid(dataDir);
    second.child.kill("SIGTERM");
    expect(await second.exited).toBe(0);
    for (let i = 0; i < 50 && isAlive(pid); i++) await sleep(100);
    expect(isAlive(pid)).toBe(false);
    expect(existsSync(path.join(dataDir, "pg/postmaster.pid"))).toBe(false);

    // a port another program holds: one line naming it, exit code 2, and the database stopped again
    const holder = net.createServer().listen(0, "127.0.0.1");
    await once(holder, "listening");
    const held = (holder.address() as net.AddressInfo).port;
    const busy = await runCli(["serve"], { DATA_DIR: dataDir, PORT: String(held), HOST: "127.0.0.1" });
    holder.close();
    expect(busy.code).toBe(2);
    expect(busy.stderr.trim().split("\n")).toEqual([
      `soporte: port ${held} on 127.0.0.1 is in use by another program (perhaps another Soporte): stop it or set PORT to a free port`,
    ]);
    expect(existsSync(path.join(dataDir, "pg/postmaster.pid"))).toBe(false);

    // the same data folder: seeding again changes nothing, a new user can be added
    const seed = await runCli(["seed", "--demo"], { DATA_DIR: dataDir });
    expect(seed.code).toBe(0);
    expect(seed.stdout).toMatch(/already present/);
    const contact = await runCli(
      [
        "admin",
        "create-user",
        "--email",
        "nueva@villaesperanza.gob.mx",
        "--password",
        "long enough pass",
        "--role",
        "customer_contact",
        "--name",
        "Nueva Contacto",
        "--organization",
        "Municipio de Villa Esperanza",
      ],
      { DATA_DIR: dataDir },
    );
    expect(contact.stderr).toBe("");
    expect(contact.code).toBe(0);
    const duplicate = await runCli(
      [
        "admin",
        "create-user",
        "--email",
        "nueva@villaesperanza.gob.mx",
        "--password",
        "long enough pass",
        "--role",
        "specialist",
        "--name",
        "Otra",
      ],
      { DATA_DIR: dataDir },
    );
    expect(duplicate.code).toBe(2);
    expect(duplicate.stderr).toMatch(/already exists/);
  });
});
