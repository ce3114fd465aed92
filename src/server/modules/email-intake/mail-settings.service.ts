import type { MailSettings } from "../../../api/email";
import { mailSettingsSchema } from "../../../api/email";
import { normalizeAddress } from "../../../domain/email";
import { type Actor, authorize } from "../../platform/actor";
import type { Database } from "../../platform/db";
import type { ServiceDeps } from "../../platform/deps";
import { invalidField } from "../../platform/errors";
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
) => {
  const loadSettings = async (executor: Database): Promise<MailSettings> => {
    const parsed = mailSettingsSchema.safeParse(await repo.findMailSettings(executor));
    return parsed.success ? parsed.data : DEFAULT_MAIL_SETTINGS;
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
    const settings = await loadSettings(db);
    return {
      ...settings,
      imap: settings.imap
        ? { ...settings.imap, password: null, passwordSet: settings.imap.password !== null }
        : null,
    };
  };

  const updateSettings = async (actor: Actor | null, input: MailSettings) => {
    const caller = authorize(actor, "settings:write");
    const before = await loadSettings(db);
    // the password is write-only: an edit without one keeps the stored one
    const imap = input.imap
      ? { ...input.imap, password: input.imap.password ?? before.imap?.password ?? null }
      : null;
    if (imap && !imap.password) {
      throw invalidField({ reason: "imap_password_required" }, { field: "imap.password", code: "required" });
    }
    await db.transaction().execute(async (tx) => {
      await repo.saveMailSettings(tx, { ...input, imap }, clock.now());
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

  return {
    loadSettings: () => loadSettings(db),
    forProcessing,
    ownAddresses,
    getSettings,
    updateSettings,
    testImap,
  };
};

export type MailSettingsService = ReturnType<typeof createMailSettingsService>;
