import { existsSync } from "node:fs";
import { connect } from "node:net";
import { ImapFlow, type ImapFlowOptions } from "imapflow";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Dovecot, startDovecot } from "../harness/dovecot";

const USER = "soporte@example.test";
const PASSWORD = "buzón-de-soporte";

const mail = (subject: string, body: string, id: string) =>
  [
    "From: Ana Cliente <ana@cliente.example>",
    `To: ${USER}`,
    `Subject: ${subject}`,
    `Message-ID: <${id}@cliente.example>`,
    "Date: Fri, 27 Nov 2026 17:00:00 -0600",
    "MIME-Version: 1.0",
    "Content-Type: text/plain; charset=utf-8",
    "",
    body,
    "",
  ].join("\r\n");

const withClient = async <T>(options: ImapFlowOptions, work: (client: ImapFlow) => Promise<T>) => {
  const client = new ImapFlow({ logger: false, ...options });
  client.on("error", () => undefined);
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.logout().catch(() => client.close());
  }
};

const accepts = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = connect(port, "127.0.0.1");
    socket.on("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.on("error", () => resolve(false));
  });

let dovecot: Dovecot;
let tlsDovecot: Dovecot;

beforeAll(async () => {
  [dovecot, tlsDovecot] = await Promise.all([
    startDovecot({ users: [{ user: USER, password: PASSWORD }] }),
    startDovecot({ tls: true }),
  ]);
});

afterAll(async () => {
  await Promise.all([dovecot?.stop(), tlsDovecot?.stop()]);
});

describe("Dovecot harness", () => {
  it("runs two instances on their own ports and folders", () => {
    expect(dovecot.version).toMatch(/^2\.\d+/);
    expect(new Set([dovecot.port, tlsDovecot.port, tlsDovecot.tlsPort]).size).toBe(3);
    expect(dovecot.tlsPort).toBeUndefined();
    expect(dovecot.dir).not.toBe(tlsDovecot.dir);
    expect(tlsDovecot.users).toEqual([{ user: "soporte", password: "soporte-secret" }]);
  });

  it("appends, fetches, flags and moves messages through imapflow", async () => {
    await dovecot.append(USER, "INBOX", mail("No abre SIGAP", "Desde las 9:00 no abre.", "m1"));
    await dovecot.append(USER, "INBOX", Buffer.from(mail("Factura de soporte", "¿Y la factura?", "m2")));

    const options: ImapFlowOptions = {
      host: dovecot.host,
      port: dovecot.port,
      secure: false,
      auth: { user: USER, pass: PASSWORD },
    };
    await withClient(options, async (client) => {
      // the plain instance does not offer STARTTLS, so imapflow's default stays in cleartext
      expect(client.capabilities.has("STARTTLS")).toBe(false);
      const lock = await client.getMailboxLock("INBOX");
      try {
        const fetched: { uid: number; subject: string | undefined; source: string }[] = [];
        for await (const m of client.fetch("1:*", { uid: true, envelope: true, source: true })) {
          fetched.push({
            uid: m.uid,
            subject: m.envelope?.subject,
            source: m.source?.toString("utf8") ?? "",
          });
        }
        expect(fetched.map((m) => m.subject)).toEqual(["No abre SIGAP", "Factura de soporte"]);
        expect(fetched[0]!.source).toContain("Desde las 9:00 no abre.");
        expect(fetched[1]!.source).toContain("Message-ID: <m2@cliente.example>");
        expect(fetched[1]!.source).toContain("¿Y la factura?");

        const [first, second] = fetched;
        await client.messageFlagsAdd(String(first!.uid), ["\\Seen"], { uid: true });
        await client.mailboxCreate("Procesados");
        const moved = await client.messageMove(String(second!.uid), "Procesados", { uid: true });
        expect(moved ? moved.uidMap?.size : 0).toBe(1);
      } finally {
        lock.release();
      }
    });

    expect(await dovecot.list(USER, "INBOX")).toEqual([
      { uid: 1, flags: ["\\Seen"], subject: "No abre SIGAP" },
    ]);
    expect(await dovecot.list(USER, "Procesados")).toEqual([
      { uid: 1, flags: [], subject: "Factura de soporte" },
    ]);
    expect(await dovecot.list(USER, "No existe")).toEqual([]);

    // append creates the mailbox and keeps the flags
    await dovecot.append(USER, "Archivo/2026", mail("Viejo", "viejo", "m3"), ["\\Seen", "\\Flagged"]);
    expect(await dovecot.list(USER, "Archivo/2026")).toEqual([
      { uid: 1, flags: ["\\Flagged", "\\Seen"], subject: "Viejo" },
    ]);
  });

  it("refuses a wrong password and an unknown user", async () => {
    for (const auth of [
      { user: USER, pass: "otra" },
      { user: "nadie@example.test", pass: PASSWORD },
    ]) {
      const client = new ImapFlow({
        host: dovecot.host,
        port: dovecot.port,
        secure: false,
        auth,
        logger: false,
      });
      client.on("error", () => undefined);
      await expect(client.connect()).rejects.toMatchObject({ authenticationFailed: true });
      client.close();
    }
  });

  it("serves IMAPS and STARTTLS with a certificate that verifies against the exposed CA", async () => {
    const { user, password } = tlsDovecot.users[0]!;
    expect(tlsDovecot.ca).toContain("BEGIN CERTIFICATE");
    await tlsDovecot.append(user, "INBOX", mail("Por TLS", "cifrado", "t1"));

    const subjects = await withClient(
      {
        host: tlsDovecot.host,
        port: tlsDovecot.tlsPort!,
        secure: true,
        tls: { ca: tlsDovecot.ca! },
        auth: { user, pass: password },
      },
      async (client) => {
        expect(client.secureConnection).toBe(true);
        const box = await client.mailboxOpen("INBOX");
        expect(box.exists).toBe(1);
        const m = await client.fetchOne("1", { envelope: true });
        return m ? [m.envelope?.subject] : [];
      },
    );
    expect(subjects).toEqual(["Por TLS"]);

    await withClient(
      {
        host: tlsDovecot.host,
        port: tlsDovecot.port,
        secure: false,
        doSTARTTLS: true,
        tls: { ca: tlsDovecot.ca! },
        auth: { user, pass: password },
      },
      async (client) => {
        expect(client.secureConnection).toBe(true);
      },
    );

    // without the CA the self-signed certificate is refused
    const untrusting = new ImapFlow({
      host: tlsDovecot.host,
      port: tlsDovecot.tlsPort!,
      secure: true,
      auth: { user, pass: password },
      logger: false,
    });
    untrusting.on("error", () => undefined);
    await expect(untrusting.connect()).rejects.toThrow(/self[- ]signed/i);
    untrusting.close();
  });

  it("stop ends the server and removes its folder", async () => {
    const { port, tlsPort, dir } = tlsDovecot;
    await tlsDovecot.stop();
    expect(existsSync(dir)).toBe(false);
    expect(await accepts(port)).toBe(false);
    expect(await accepts(tlsPort!)).toBe(false);
  });
});
