import type { MailSettings } from "../../../api/email";
import { mailSettingsSchema } from "../../../api/email";
import { normalizeAddress } from "../../../domain/email";
import { type Actor, authorize } from "../../platform/actor";
import type { Database } from "../../platform/db";
import type { ServiceDeps } from "../../platform/deps";
import { invalidField } from "../../platform/errors";
import type { SecretBox } from "../../platform/secrets";
import { insertAudit } from "../audit";
import * as repo from "./email-intake.repository";
import { testImapConnection } from "./imap-client";

const DEFAULT_MAIL_SETTINGS: MailSettings = {
  supportAddresses: [],
  trustedAuthServIds: [],
  autoRepliesPerAddressPerDay: 5,
  loopThreshold: { messages: 20, minutes: 10 },
  imap: null,
};

/** The email channel's settings (Correo): support addresses, trusted relays, limits and the IMAP mailbox. */
export const createMailSettingsService = (
  { db, clock, config }: ServiceDeps,
  /** PEM of a private CA the IMAP server's certificate is signed by (IMAP_TLS_CA_FILE). */
  imapCa: string | undefined,
  /** The IMAP password is stored sealed; only this service opens it, to sign in. */
  secrets: () => Promise<SecretBox>,
) => {
  /** The settings as stored: the IMAP password sealed (or plain, as stored before sealing existed). */
  const loadStored = async (executor: Database): Promise<MailSettings> => {
    const parsed = mailSettingsSchema.safeParse(await repo.findMailSettings(executor));
    return parsed.success ? parsed.data : DEFAULT_MAIL_SETTINGS;
  };

  const sealed = async (settings: MailSettings): Promise<MailSettings> => {
    const password = settings.imap?.password;
    if (!settings.imap || !password) return settings;
    const box = await secrets();
    return {
      ...settings,
      imap: { ...settings.imap, password: box.isSealed(password) ? password : box.seal(password) },
    };
  };

  /** The settings with the IMAP password opened: for signing in, never for an answer. */
  const loadSettings = async (executor: Database): Promise<MailSettings> => {
    const stored = await loadStored(executor);
    const password = stored.imap?.password;
    if (!stored.imap || !password) return stored;
    const box = await secrets();
    if (!box.isSealed(password)) {
      // stored before sealing existed: sealed now, once
      await repo.saveMailSettings(executor, await sealed(stored), clock.now());
      return stored;
    }
    return { ...stored, imap: { ...stored.imap, password: box.open(password) } };
  };

  // processing reads the settings for every message; a few seconds of staleness in other processes is fine
  let cached: { at: number; value: MailSettings } | null = null;
  const forProcessing = async (executor: Database) => {
    if (cached && Date.now() - cached.at < 5_000) return cached.value;
    cached = { at: Date.now(), value: await loadSettings(executor) };
    return cached.value;
  };

  /** The addresses whose mail is ours: the support addresses and our own From. */
  const ownAddresses = (settings: MailSettings) => [
    ...settings.supportAddresses.map((a) => a.toLowerCase()),
    normalizeAddress(config.mailFrom) ?? "",
  ];

  const getSettings = async (actor: Actor | null) => {
    authorize(actor, "settings:read");
    const settings = await loadStored(db);
    return {
      ...settings,
      imap: settings.imap
        ? { ...settings.imap, password: null, passwordSet: settings.imap.password !== null }
        : null,
    };
  };

  const updateSettings = async (actor: Actor | null, input: MailSettings) => {
    const caller = authorize(actor, "settings:write");
    const before = await loadStored(db);
    // the password is write-only: an edit without one keeps the stored one
    const imap = input.imap
      ? { ...input.imap, password: input.imap.password ?? before.imap?.password ?? null }
      : null;
    if (imap && !imap.password) {
      throw invalidField({ reason: "imap_password_required" }, { field: "imap.password", code: "required" });
    }
    await db.transaction().execute(async (tx) => {
      await repo.saveMailSettings(tx, await sealed({ ...input, imap }), clock.now());
      cached = null;
      await insertAudit(tx, {
        actor: caller,
        action: "settings.mail_updated",
        entity: "settings",
        entityId: null,
        details: { imapHost: imap?.host ?? null, supportAddresses: input.supportAddresses },
      });
    });
    return getSettings(caller);
  };

  /** Signs in with the stored credentials: who tried them, where, and what came of it is audited. */
  const testImap = async (actor: Actor | null) => {
    const caller = authorize(actor, "settings:write");
    const settings = await loadSettings(db);
    const result = settings.imap
      ? await testImapConnection(settings.imap, imapCa)
      : { ok: false, messages: null, error: "no IMAP mailbox is configured" };
    await insertAudit(db, {
      actor: caller,
      action: "settings.mail_imap_tested",
      entity: "settings",
      entityId: null,
      details: { imapHost: settings.imap?.host ?? null, ok: result.ok, error: result.error ?? null },
    });
    return result;
  };

  /** A key rotation: the IMAP password sealed again under the box's current key; 1 when there is one. */
  const resealSecrets = (box: SecretBox) =>
    db.transaction().execute(async (tx) => {
      await repo.lockMailSettings(tx);
      const stored = await loadStored(tx);
      const password = stored.imap?.password;
      if (!stored.imap || !password) return 0;
      const plain = box.isSealed(password) ? box.open(password) : password;
      const imap = { ...stored.imap, password: box.seal(plain) };
      await repo.saveMailSettings(tx, { ...stored, imap }, clock.now());
      cached = null;
      return 1;
    });

  return {
    loadSettings: () => loadSettings(db),
    resealSecrets,
    forProcessing,
    ownAddresses,
    getSettings,
    updateSettings,
    testImap,
  };
};

export type MailSettingsService = ReturnType<typeof createMailSettingsService>;
