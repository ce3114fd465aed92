import { type ChildProcess, execFile, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { chmod, chown, mkdir, mkdtemp, readdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { connect, createServer } from "node:net";
import { tmpdir, userInfo } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { ImapFlow, type ImapFlowOptions } from "imapflow";

const run = promisify(execFile);

export const DOVECOT_BINARY = "/usr/sbin/dovecot";

export type DovecotUser = { user: string; password: string };
export type DovecotMessage = { uid: number; flags: string[]; subject: string | undefined };

export type DovecotOptions = {
  /** The mailbox users; default one user `soporte` / `soporte-secret`. */
  users?: DovecotUser[];
  /**
   * Also listen with implicit TLS on `tlsPort`, with a self-signed certificate for 127.0.0.1 and localhost
   * made at start (its PEM is `ca`). Off by default because with TLS on, Dovecot offers STARTTLS on the plain
   * port too, and a client that upgrades (imapflow does by default) must then trust `ca`.
   */
  tls?: boolean;
};

export type Dovecot = {
  host: "127.0.0.1";
  /** Plain IMAP (STARTTLS offered only when started with `tls: true`). */
  port: number;
  /** Implicit TLS (IMAPS); only when started with `tls: true`. */
  tlsPort: number | undefined;
  /** PEM of the self-signed server certificate: pass it as `tls.ca` to verify; only with `tls: true`. */
  ca: string | undefined;
  users: DovecotUser[];
  /** "2.3.19.1 (9b53102964)" */
  version: string;
  /** The instance's temp folder (config, log, maildirs); removed by stop(). */
  dir: string;
  logPath: string;
  /** imapflow options to log in as `user` on the plain port (STARTTLS off). */
  clientOptions: (user: string) => ImapFlowOptions;
  /** APPENDs a message over IMAP, creating the mailbox when it does not exist. */
  append: (user: string, mailbox: string, rawMessage: Buffer | string, flags?: string[]) => Promise<void>;
  /**
   * Drops messages straight into the user's INBOX maildir (as a local delivery agent does): no IMAP session,
   * so thousands arrive in well under a second and a poller's logins are the only ones.
   */
  deliver: (user: string, rawMessages: (Buffer | string)[]) => Promise<void>;
  /** The messages in a mailbox, by UID, flags without \\Recent; empty when the mailbox does not exist. */
  list: (user: string, mailbox: string) => Promise<DovecotMessage[]>;
  /**
   * Stops Dovecot (its IMAP sessions are cut) and keeps its folder: config, log and maildirs, so deliver()
   * still works; the port is free until up(). A test process that dies meanwhile leaves the folder in the
   * temp directory (the watchdog that removes it is gone with Dovecot).
   */
  down: () => Promise<void>;
  /** Starts Dovecot again, on the same port with the same config and mail; throws when it does not greet. */
  up: () => Promise<void>;
  /** false between down() and up(), and after stop(). */
  isUp: () => boolean;
  /** Stops Dovecot and removes its folder; for good. */
  stop: () => Promise<void>;
};

const DEFAULT_USERS: DovecotUser[] = [{ user: "soporte", password: "soporte-secret" }];

/**
 * A real Dovecot IMAP server for tests, run from its own temp folder with its own config, on free ports of
 * 127.0.0.1: it shares nothing with a system Dovecot (own base_dir, state_dir, log, ports). Works as root
 * (login processes as `dovenull`, internal ones as `dovecot`, mail as `nobody`, since Dovecot refuses mail
 * access as UID 0) and as a normal user (everything as that user, no chroot).
 */
export const startDovecot = async (options: DovecotOptions = {}): Promise<Dovecot> => {
  if (!existsSync(DOVECOT_BINARY)) {
    throw new Error(
      `${DOVECOT_BINARY} is missing: the IMAP tests need Debian's Dovecot (apt-get install -y dovecot-imapd)`,
    );
  }
  const users = options.users ?? DEFAULT_USERS;
  for (const { user, password } of users) {
    if (!/^[A-Za-z0-9._@+-]+$/.test(user))
      throw new Error(`startDovecot: unusable user name ${JSON.stringify(user)}`);
    if (/[:\r\n]/.test(password))
      throw new Error(`startDovecot: the password of ${user} has ':' or a line break`);
  }
  const version = (await run(DOVECOT_BINARY, ["--version"])).stdout.trim();
  const v24 = /^(\d+)\.(\d+)/.exec(version);
  const is24 = v24 ? Number(v24[1]) > 2 || (Number(v24[1]) === 2 && Number(v24[2]) >= 4) : false;

  const dir = await mkdtemp(path.join(tmpdir(), "soporte-dovecot-"));
  try {
    // as root, the login/auth/mail processes run as other users and must reach the files in here
    await chmod(dir, 0o755);
    const ids = await processIdentities();
    const logPath = path.join(dir, "dovecot.log");
    const passwdPath = path.join(dir, "passwd");
    const mailRoot = path.join(dir, "mail");
    await mkdir(path.join(dir, "run"), { mode: 0o755 });
    await mkdir(path.join(dir, "state"), { mode: 0o755 });
    await mkdir(mailRoot, { mode: 0o755 });
    await chown(mailRoot, ids.mailUid, ids.mailGid);
    await writeFile(
      passwdPath,
      users
        .map(({ user, password }) => {
          const home = path.join(mailRoot, user);
          return `${user}:{PLAIN}${password}:${ids.mailUid}:${ids.mailGid}::${home}::\n`;
        })
        .join(""),
      { mode: 0o644 },
    );

    let ca: string | undefined;
    let certPath: string | undefined;
    let keyPath: string | undefined;
    if (options.tls) {
      certPath = path.join(dir, "cert.pem");
      keyPath = path.join(dir, "key.pem");
      await run("openssl", [
        "req",
        "-x509",
        "-newkey",
        "ec",
        "-pkeyopt",
        "ec_paramgen_curve:prime256v1",
        "-nodes",
        "-days",
        "2",
        "-subj",
        "/CN=localhost",
        "-addext",
        "subjectAltName=IP:127.0.0.1,DNS:localhost",
        "-keyout",
        keyPath,
        "-out",
        certPath,
      ]);
      await chmod(keyPath, 0o600); // read by the config process, which runs as root when the master does
      ca = await readFile(certPath, "utf8");
    }

    const confPath = path.join(dir, "dovecot.conf");
    let lastError: Error | undefined;
    for (let attempt = 0; attempt < 5; attempt++) {
      const [port, tlsPort] = await freePorts(options.tls ? 2 : 1);
      const conf = (is24 ? config24 : config23)({
        dir,
        logPath,
        passwdPath,
        mailRoot,
        ids,
        port: port!,
        tlsPort,
        certPath,
        keyPath,
      });
      await writeFile(confPath, conf, { mode: 0o644 });
      await writeFile(logPath, "", { mode: 0o644 });
      const launched = await launch(confPath, dir, port!);
      if (launched.started === true) {
        return instance({
          child: launched.child,
          exited: launched.exited,
          ids,
          mailRoot,
          dir,
          confPath,
          logPath,
          port: port!,
          tlsPort,
          ca,
          users,
          version,
        });
      }
      const log = await readFile(logPath, "utf8").catch(() => "");
      await terminate(launched.child, launched.exited, dir);
      lastError = new Error(
        `dovecot did not start (${launched.started}):\n${launched.output().trim()}\n${log.trim().split("\n").slice(-20).join("\n")}`,
      );
      // another process took one of the free ports between finding it and Dovecot binding it: try others
      if (!/Address already in use/.test(launched.output() + log)) break;
    }
    throw lastError;
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
};

/**
 * Runs `dovecot -F -c <conf>` ($0 $1) under a shell that stops it (SIGTERM) as soon as its stdin closes, on
 * stop() and also when the test process dies in any way, even by SIGKILL, and then removes the instance's
 * folder ($2). Exits with Dovecot's code; when Dovecot exits on its own (a failed start), keeps the folder.
 * A line `keep` before the close (down()) stops Dovecot and keeps the folder, for a start on it again.
 */
const WATCHDOG = `exec 3<&0
"$0" -F -c "$1" </dev/null 3<&- &
pid=$!
(read -r line <&3; [ "$line" = keep ] || : >"$2/stopping"; kill -TERM "$pid" 2>/dev/null) </dev/null &
watcher=$!
exec 3<&-
wait "$pid"
code=$?
if [ -e "$2/stopping" ]; then rm -rf "$2"; else kill "$watcher" 2>/dev/null; fi
exit "$code"`;

/** Starts Dovecot on `confPath` under the watchdog; `started` is true once it greets on `port`, else why not. */
const launch = async (confPath: string, dir: string, port: number) => {
  const child = spawn("/bin/sh", ["-c", WATCHDOG, DOVECOT_BINARY, confPath, dir], {
    stdio: ["pipe", "pipe", "pipe"],
    // a process group of its own: the sessions that outlive the master are found by it (terminate)
    detached: true,
  });
  let output = "";
  child.stdout?.on("data", (c: Buffer) => {
    output += c.toString();
  });
  child.stderr?.on("data", (c: Buffer) => {
    output += c.toString();
  });
  child.stdin?.on("error", () => undefined);
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  // a test file that forgets stop() must not keep its worker alive: Dovecot goes when the pipe closes
  child.unref();
  for (const stream of [child.stdin, child.stdout, child.stderr]) {
    (stream as unknown as { unref?: () => void } | null)?.unref?.();
  }
  const started = await waitForGreeting(port, exited, 20_000);
  return { child, exited, started, output: () => output };
};

/**
 * Closes the watchdog's stdin and waits; SIGKILLs the Dovecot master (master.pid) after 5 s. With `keep`,
 * the folder stays (down()). Then ends the instance's processes still there: Dovecot's master does not take
 * its IMAP sessions with it (their processes keep serving the connections they have), and a stopped server
 * must leave none.
 */
const terminate = async (child: ChildProcess, exited: Promise<number | null>, dir: string, keep = false) => {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.ref(); // keep the process alive until Dovecot is gone
  if (keep) child.stdin?.write("keep\n");
  child.stdin?.end();
  const timer = setTimeout(() => {
    void readFile(path.join(dir, "run", "master.pid"), "utf8")
      .then((pid) => process.kill(Number(pid.trim()), "SIGKILL"))
      .catch(() => undefined)
      .finally(() => child.kill("SIGKILL"));
  }, 5_000);
  await exited;
  clearTimeout(timer);
  if (child.pid === undefined) return;
  const signal = (pids: number[], name: NodeJS.Signals) => {
    for (const pid of pids) {
      try {
        process.kill(pid, name);
      } catch {
        // gone meanwhile
      }
    }
  };
  let left = await leftovers(child.pid, dir);
  signal(left, "SIGTERM");
  const deadline = Date.now() + 2_000;
  while (left.length && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 25));
    left = await leftovers(child.pid, dir);
  }
  signal(left, "SIGKILL");
};

/**
 * The live processes of the instance in the watchdog's process group (Linux /proc): Dovecot titles them
 * `dovecot-<instance_name>/<service>`.
 */
const leftovers = async (group: number, dir: string) => {
  const title = `dovecot-soporte-test-${path.basename(dir)}/`;
  const pids: number[] = [];
  for (const entry of await readdir("/proc").catch(() => [])) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = await readFile(`/proc/${entry}/stat`, "utf8").catch(() => "");
    // after the command: state, ppid, pgrp, …
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    if (fields[0] === "Z" || Number(fields[2]) !== group) continue;
    const cmdline = await readFile(`/proc/${entry}/cmdline`, "utf8").catch(() => "");
    if (cmdline.startsWith(title)) pids.push(Number(entry));
  }
  return pids;
};

type Identities = {
  root: boolean;
  mailUid: number;
  mailGid: number;
  internalUser: string;
  internalGroup: string;
  loginUser: string;
};

const processIdentities = async (): Promise<Identities> => {
  const me = userInfo();
  if (me.uid !== 0) {
    // not root: Dovecot can only run everything as this user
    const group = (await run("id", ["-gn"])).stdout.trim();
    return {
      root: false,
      mailUid: me.uid,
      mailGid: me.gid,
      internalUser: me.username,
      internalGroup: group,
      loginUser: me.username,
    };
  }
  const id = async (args: string[]) => Number((await run("id", args)).stdout.trim());
  let mailUid: number;
  let mailGid: number;
  try {
    mailUid = await id(["-u", "nobody"]);
    mailGid = await id(["-g", "nobody"]);
  } catch {
    throw new Error("startDovecot as root needs the system user nobody for the mail processes");
  }
  for (const user of ["dovecot", "dovenull"]) {
    await run("id", ["-u", user]).catch(() => {
      throw new Error(`startDovecot as root needs the user ${user} (the dovecot-core package creates it)`);
    });
  }
  return {
    root: true,
    mailUid,
    mailGid,
    internalUser: "dovecot",
    internalGroup: "dovecot",
    loginUser: "dovenull",
  };
};

type ConfigInput = {
  dir: string;
  logPath: string;
  passwdPath: string;
  mailRoot: string;
  ids: Identities;
  port: number;
  tlsPort: number | undefined;
  certPath: string | undefined;
  keyPath: string | undefined;
};

const commonConfig = (c: ConfigInput) => `
base_dir = ${c.dir}/run
state_dir = ${c.dir}/state
instance_name = soporte-test-${path.basename(c.dir)}
listen = 127.0.0.1
log_path = ${c.logPath}
info_log_path = ${c.logPath}
debug_log_path = ${c.logPath}
default_internal_user = ${c.ids.internalUser}
default_internal_group = ${c.ids.internalGroup}
default_login_user = ${c.ids.loginUser}
first_valid_uid = 1
first_valid_gid = 1
auth_mechanisms = plain login
auth_verbose = yes
auth_failure_delay = 0
shutdown_clients = yes

namespace inbox {
  inbox = yes
  separator = /
}

service imap-login {
  inet_listener imap {
    port = ${c.port}
  }
${c.tlsPort ? `  inet_listener imaps {\n    port = ${c.tlsPort}\n    ssl = yes\n  }\n` : ""}${c.ids.root ? "" : "  chroot =\n"}}
# no growing delay after failed logins (2, 4, 8, 15 s per IP, even before a right password): tests try both
service anvil {
${c.ids.root ? "" : "  chroot =\n"}  unix_listener anvil-auth-penalty {
    mode = 0
  }
}
service stats {
  unix_listener stats-reader {
    mode = 0600
  }
  unix_listener stats-writer {
    mode = 0666
  }
}
`;

/** Dovecot 2.3 (Debian 12). */
const config23 = (c: ConfigInput) => `protocols = imap
${commonConfig(c)}
disable_plaintext_auth = no
login_trusted_networks = 127.0.0.1/8
mail_location = maildir:${c.mailRoot}/%u
${c.certPath ? `ssl = yes\nssl_cert = <${c.certPath}\nssl_key = <${c.keyPath}` : "ssl = no"}

passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u ${c.passwdPath}
}
userdb {
  driver = passwd-file
  args = username_format=%u ${c.passwdPath}
}
`;

/** Dovecot 2.4 (Debian 13): the same, in 2.4's setting names. Not exercised on Debian 12's 2.3. */
const config24 = (c: ConfigInput) => `dovecot_config_version = 2.4.0
dovecot_storage_version = 2.4.0
protocols = imap
${commonConfig(c)}
auth_allow_cleartext = yes
login_trusted_networks = 127.0.0.1/8
mail_driver = maildir
mail_path = ${c.mailRoot}/%{user}
${c.certPath ? `ssl = yes\nssl_server_cert_file = ${c.certPath}\nssl_server_key_file = ${c.keyPath}` : "ssl = no"}

passdb passwd-file {
  passwd_file_path = ${c.passwdPath}
}
userdb passwd-file {
  passwd_file_path = ${c.passwdPath}
}
`;

/** Free TCP ports of 127.0.0.1, held together while picking so that they differ. */
const freePorts = async (count: number): Promise<number[]> => {
  const servers = await Promise.all(
    Array.from(
      { length: count },
      () =>
        new Promise<ReturnType<typeof createServer>>((resolve, reject) => {
          const server = createServer();
          server.once("error", reject);
          server.listen(0, "127.0.0.1", () => resolve(server));
        }),
    ),
  );
  const ports = servers.map((s) => (s.address() as { port: number }).port);
  await Promise.all(servers.map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
  return ports;
};

/** true once the port answers with an IMAP greeting; otherwise why not. */
const waitForGreeting = async (
  port: number,
  exited: Promise<number | null>,
  timeoutMs: number,
): Promise<true | string> => {
  let exitCode: number | null | undefined;
  void exited.then((code) => {
    exitCode = code;
  });
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (exitCode !== undefined) return `exited with code ${exitCode}`;
    if (await greets(port)) return true;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return `no IMAP greeting on port ${port} within ${timeoutMs} ms`;
};

const greets = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = connect(port, "127.0.0.1");
    let data = "";
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(2_000, () => done(false));
    socket.on("error", () => done(false));
    socket.on("data", (chunk: Buffer) => {
      data += chunk.toString();
      if (data.includes("\n")) done(data.startsWith("* OK"));
    });
    socket.on("end", () => done(false));
  });

const instance = (s: {
  child: ChildProcess;
  exited: Promise<number | null>;
  ids: Identities;
  mailRoot: string;
  dir: string;
  confPath: string;
  logPath: string;
  port: number;
  tlsPort: number | undefined;
  ca: string | undefined;
  users: DovecotUser[];
  version: string;
}): Dovecot => {
  const clientOptions = (user: string): ImapFlowOptions => {
    const found = s.users.find((u) => u.user === user);
    if (!found) throw new Error(`dovecot harness: no user ${user}`);
    return {
      host: "127.0.0.1",
      port: s.port,
      secure: false,
      doSTARTTLS: false,
      auth: { user: found.user, pass: found.password },
      logger: false,
    };
  };
  const session = async <T>(user: string, work: (client: ImapFlow) => Promise<T>): Promise<T> => {
    const client = new ImapFlow(clientOptions(user));
    client.on("error", () => undefined);
    await client.connect();
    try {
      return await work(client);
    } finally {
      await client.logout().catch(() => client.close());
    }
  };

  let delivered = 0;
  const deliver = async (user: string, rawMessages: (Buffer | string)[]) => {
    if (!s.users.some((u) => u.user === user)) throw new Error(`dovecot harness: no user ${user}`);
    const home = path.join(s.mailRoot, user);
    for (const sub of ["", "tmp", "new", "cur"]) {
      await mkdir(path.join(home, sub), { recursive: true, mode: 0o700 });
      await chown(path.join(home, sub), s.ids.mailUid, s.ids.mailGid);
    }
    const stamp = Math.floor(Date.now() / 1000);
    // written in tmp/, then renamed into new/: Dovecot never sees half a message
    const names: string[] = [];
    for (const raw of rawMessages) {
      delivered += 1;
      const name = `${stamp}.M${delivered}P${process.pid}.soporte-test`;
      const file = path.join(home, "tmp", name);
      await writeFile(file, raw, { mode: 0o600 });
      await chown(file, s.ids.mailUid, s.ids.mailGid);
      names.push(name);
    }
    for (const name of names) await rename(path.join(home, "tmp", name), path.join(home, "new", name));
  };

  // the running Dovecot (its watchdog); null while down()
  let running: { child: ChildProcess; exited: Promise<number | null> } | null = {
    child: s.child,
    exited: s.exited,
  };
  let stopping: Promise<void> | undefined;
  // down(), up() and stop() one after the other
  let changing: Promise<unknown> = Promise.resolve();
  const change = <T>(work: () => Promise<T>) => {
    const next = changing.then(work);
    changing = next.catch(() => undefined);
    return next;
  };
  return {
    host: "127.0.0.1",
    port: s.port,
    tlsPort: s.tlsPort,
    ca: s.ca,
    users: s.users,
    version: s.version,
    dir: s.dir,
    logPath: s.logPath,
    clientOptions,
    deliver,
    append: (user, mailbox, rawMessage, flags = []) =>
      session(user, async (client) => {
        const exists = (await client.list()).some((m) => m.path === mailbox);
        if (!exists) await client.mailboxCreate(mailbox);
        const result = await client.append(mailbox, rawMessage, flags);
        if (!result) throw new Error(`dovecot harness: APPEND to ${mailbox} as ${user} failed`);
      }),
    list: (user, mailbox) =>
      session(user, async (client) => {
        const exists = (await client.list()).some((m) => m.path === mailbox);
        if (!exists) return [];
        const opened = await client.mailboxOpen(mailbox, { readOnly: true });
        if (opened.exists === 0) return [];
        const messages: DovecotMessage[] = [];
        for await (const m of client.fetch("1:*", { uid: true, flags: true, envelope: true })) {
          // \Recent only says which session saw the message first
          const flags = [...(m.flags ?? [])].filter((f) => f !== "\\Recent").sort();
          messages.push({ uid: m.uid, flags, subject: m.envelope?.subject });
        }
        return messages.sort((a, b) => a.uid - b.uid);
      }),
    down: () =>
      change(async () => {
        if (stopping) throw new Error("dovecot harness: down() after stop()");
        if (!running) return;
        await terminate(running.child, running.exited, s.dir, true);
        running = null;
      }),
    up: () =>
      change(async () => {
        if (stopping) throw new Error("dovecot harness: up() after stop()");
        if (running) return;
        const launched = await launch(s.confPath, s.dir, s.port);
        if (launched.started !== true) {
          const log = await readFile(s.logPath, "utf8").catch(() => "");
          await terminate(launched.child, launched.exited, s.dir, true);
          throw new Error(
            `dovecot did not start again on port ${s.port} (${launched.started}):\n${launched.output().trim()}\n${log.trim().split("\n").slice(-20).join("\n")}`,
          );
        }
        running = { child: launched.child, exited: launched.exited };
      }),
    isUp: () => running !== null,
    stop: () => {
      stopping ??= change(async () => {
        if (running) await terminate(running.child, running.exited, s.dir);
        running = null;
        await rm(s.dir, { recursive: true, force: true });
      });
      return stopping;
    },
  };
};
