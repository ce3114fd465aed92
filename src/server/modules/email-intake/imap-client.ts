import { ImapFlow } from "imapflow";
import type { MailSettings } from "../../../api/email";

export type ImapSettings = NonNullable<MailSettings["imap"]>;

export const imapClientFor = (settings: ImapSettings, ca: string | undefined) =>
  new ImapFlow({
    host: settings.host,
    port: settings.port,
    secure: settings.secure,
    auth: { user: settings.user, pass: settings.password ?? "" },
    logger: false,
    // certificates are verified; a private CA can be added, never switched off
    tls: { rejectUnauthorized: true, ...(ca ? { ca } : {}) },
    disableAutoIdle: true,
  });

/** The "test connection" button: sign in, open the mailbox, count its messages. */
export const testImapConnection = async (settings: ImapSettings, ca?: string) => {
  const client = imapClientFor(settings, ca);
  client.on("error", () => undefined);
  try {
    await client.connect();
    const mailbox = await client.mailboxOpen(settings.mailbox, { readOnly: true });
    return { ok: true, messages: mailbox.exists, error: null };
  } catch (error) {
    const e = error as { responseText?: string; message?: string; code?: string };
    return { ok: false, messages: null, error: e.responseText ?? e.code ?? e.message ?? String(error) };
  } finally {
    await client.logout().catch(() => client.close());
  }
};
