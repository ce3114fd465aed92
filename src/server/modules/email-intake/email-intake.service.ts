import { createHash, randomUUID } from "node:crypto";
import { type ParsedMail, simpleParser } from "mailparser";
import sanitizeHtml from "sanitize-html";
import type { MailSettings } from "../../../api/email";
import { mailSettingsSchema } from "../../../api/email";
import {
  bouncedMessageIds,
  caseNumbersInSubject,
  checkAuthenticationResults,
  classifyAutoMail,
  type MailHeaders,
  normalizeAddress,
  referencedThreadTokens,
  trimReplyText,
} from "../../../domain/email";
import type { Actor } from "../../platform/actor";
import { authorize } from "../../platform/actor";
import type { Database } from "../../platform/db";
import type { ServiceDeps } from "../../platform/deps";
import { AppError, notFound } from "../../platform/errors";
import { insertAudit } from "../audit";
import type { CasesService } from "../cases";
import type { NotificationsService } from "../notifications";
import * as repo from "./email-intake.repository";
import { testImapConnection } from "./imap-intake";

export const DEFAULT_MAIL_SETTINGS: MailSettings = {
  supportAddresses: [],
  trustedAuthServIds: [],
  autoRepliesPerAddressPerDay: 5,
  loopThreshold: { messages: 20, minutes: 10 },
  imap: null,
};

// processing takes well under a second; a killed processor's message is taken again after this
const LEASE_SECONDS = 30;
const SWEEP_LANES = 4;
const MAX_SUBJECT = 300;
const MAX_DESCRIPTION = 50_000;

export type IntakeSource = { source: "smtp" | "imap"; detail: Record<string, unknown> };
/** A message this process has just stored, with its bytes still in hand. */
export type StoredMessage = { id: string; raw: Buffer; origin: IntakeSource };

class LostClaim extends Error {}

/** Reads a batch makes once for all its messages (kept current as its messages are decided). */
type BatchReads = {
  facts: Map<string, repo.SenderFacts>;
  underContract: Awaited<ReturnType<CasesService["loadUnderContract"]>>;
  /** Outcomes decided, recorded together at the end of the batch. */
  outcomes: repo.InboundOutcome[];
};

type Decision = {
  status: "processed" | "review" | "ignored";
  outcome: string;
  detail?: string | null;
  caseId?: string | null;
  heldRequestId?: string | null;
  autoReplied?: boolean;
};

/** Display HTML made inert: no scripts, handlers, forms, remote images or javascript: links. */
const inertHtml = (html: string) =>
  sanitizeHtml(html, {
    allowedTags: sanitizeHtml.defaults.allowedTags.filter((t) => t !== "img"),
    allowedAttributes: { a: ["href", "title"], td: ["colspan", "rowspan"], th: ["colspan", "rowspan"] },
    allowedSchemes: ["http", "https", "mailto"],
    allowProtocolRelative: false,
    transformTags: { a: sanitizeHtml.simpleTransform("a", { rel: "noopener noreferrer nofollow" }) },
  });

const headerMap = (parsed: ParsedMail): MailHeaders => {
  const map = new Map<string, string[]>();
  for (const line of parsed.headerLines) {
    const value = line.line
      .slice(line.line.indexOf(":") + 1)
      .replace(/\r?\n[ \t]+/g, " ")
      .trim();
    map.set(line.key, [...(map.get(line.key) ?? []), value]);
  }
  return map;
};

const contentTypeOf = (parsed: ParsedMail) => {
  const header = parsed.headers.get("content-type") as
    | { value?: string; params?: Record<string, string> }
    | undefined;
  if (!header?.value) return "text/plain";
  const params = Object.entries(header.params ?? {})
    .map(([k, v]) => `; ${k}="${v}"`)
    .join("");
  return `${header.value}${params}`;
};

// biome-ignore lint/suspicious/noControlCharactersInRegex: stripping them is the point
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\u202A-\u202E\u2066-\u2069]/g;
const cleanLine = (text: string | undefined) =>
  (text ?? "")
    .replace(CONTROL, "")
    .replace(/[\r\n\t]+/g, " ")
    .trim();

/** Body text: the plain part, else the HTML's text; control characters other than tabs and newlines go. */
const bodyText = (parsed: ParsedMail) => {
  const text =
    parsed.text ?? (typeof parsed.html === "string" ? sanitizeHtml(parsed.html, { allowedTags: [] }) : "");
  return text.replace(CONTROL, "").trim();
};

const dedupeKeyOf = (raw: Buffer) => {
  const head = raw.subarray(0, Math.min(raw.length, 64 * 1024)).toString("latin1");
  const end = head.search(/\r?\n\r?\n/);
  const headers = (end >= 0 ? head.slice(0, end) : head).replace(/\r?\n[ \t]+/g, " ");
  const messageId = /^message-id:\s*<?([^\s<>]+)>?/im.exec(headers)?.[1]?.toLowerCase() ?? null;
  const key = messageId
    ? createHash("sha256").update(`mid:${messageId}`).digest("hex")
    : createHash("sha256").update("raw:").update(raw).digest("hex");
  return { key, messageId };
};

/**
 * The email channel (SPEC §6): every message is stored before it is acknowledged to the sender's server,
 * then processed from the store — once — into a case, a reply, a refusal, a held request, the review list
 * or the ignored list. Nothing is dropped: failures stay listed with their error and can be retried.
 */
export const createEmailIntakeService = (
  { db, clock, config }: ServiceDeps,
  deps: {
    cases: CasesService;
    notifications: NotificationsService;
    /** PEM of a private CA the IMAP server's certificate is signed by (IMAP_TLS_CA_FILE). */
    imapCa?: string | undefined;
  },
) => {
  const loadSettings = async (executor: Database): Promise<MailSettings> => {
    const parsed = mailSettingsSchema.safeParse(await repo.findMailSettings(executor));
    return parsed.success ? parsed.data : DEFAULT_MAIL_SETTINGS;
  };

  // processing reads the settings for every message; a few seconds of staleness in other processes is fine
  let cached: { at: number; value: MailSettings } | null = null;
  const settingsForProcessing = async (executor: Database) => {
    if (cached && Date.now() - cached.at < 5_000) return cached.value;
    cached = { at: Date.now(), value: await loadSettings(executor) };
    return cached.value;
  };

  const ownAddresses = (settings: MailSettings) => [
    ...settings.supportAddresses.map((a) => a.toLowerCase()),
    normalizeAddress(config.mailFrom) ?? "",
  ];

  /**
   * Stores the raw message (one statement, committed before the sender hears 250). The stored row is the
   * processing queue: the receiver goes straight on with it, and the sweep takes whatever a dead process
   * left behind.
   */
  const store = async (raw: Buffer, origin: IntakeSource) => {
    const { key, messageId } = dedupeKeyOf(raw);
    const row = await repo.storeInbound(db, {
      dedupeKey: key,
      messageId,
      source: origin.source,
      sourceDetail: origin.detail,
      raw,
      at: clock.now(),
    });
    return { id: row.id, duplicate: !row.inserted };
  };

  const decide = async (
    tx: Database,
    options: {
      id: string;
      parsed: ParsedMail;
      envelopeFrom: string | null;
      settings: MailSettings;
      now: Date;
      /** What a batch read once for all its messages. */
      reads?: BatchReads;
    },
  ): Promise<Decision & { fromAddress: string | null }> => {
    const { parsed, settings, now } = options;
    const headers = headerMap(parsed);
    const fromAddress = normalizeAddress(parsed.from?.value[0]?.address ?? null);
    const verdict = classifyAutoMail({
      headers,
      contentType: contentTypeOf(parsed),
      envelopeFrom: options.envelopeFrom,
      fromAddress,
      ownAddresses: ownAddresses(settings),
    });
    const result = (decision: Decision) => ({ fromAddress, ...decision });
    // a multipart whose parts could not be found (missing or mismatched boundary) would lose its body
    const multipart = contentTypeOf(parsed).toLowerCase().startsWith("multipart/");
    if (
      multipart &&
      !parsed.text?.trim() &&
      typeof parsed.html !== "string" &&
      parsed.attachments.length === 0
    ) {
      return result({
        status: "review",
        outcome: "parse_failed",
        detail: "multipart message without readable parts",
      });
    }
    // only a Message-ID on our domain can be one of ours
    const messageId = parsed.messageId?.replace(/^<|>$/g, "").toLowerCase() ?? "";
    const ours =
      messageId.endsWith(`@${config.mailDomain}`) && (await deps.notifications.isOwnMessageId(tx, messageId));
    if (verdict.kind === "own_mail" || ours) {
      return result({ status: "ignored", outcome: "own_mail" });
    }
    if (verdict.kind === "bounce") {
      const report = [
        parsed.text ?? "",
        ...parsed.attachments
          .filter((a) => /rfc822|delivery-status|text\//i.test(a.contentType))
          .map((a) => a.content.toString("utf8")),
      ].join("\n");
      const ids = bouncedMessageIds(report).filter((id) => id.endsWith(`@${config.mailDomain}`));
      const marked = await deps.notifications.markBounced(
        tx,
        ids,
        `bounced: ${(parsed.subject ?? "").slice(0, 200)}`,
      );
      return result({
        status: "ignored",
        outcome: "bounce",
        detail: marked ? `${marked} outgoing message(s) marked failed` : null,
      });
    }
    if (verdict.kind === "auto_submitted") {
      return result({ status: "ignored", outcome: "auto_submitted", detail: verdict.because });
    }
    if (!fromAddress) return result({ status: "review", outcome: "parse_failed", detail: "no From address" });
    const auth = checkAuthenticationResults(headers, settings.trustedAuthServIds);
    if (!auth.verified) {
      return result({ status: "review", outcome: "unverified_sender", detail: auth.failed.join(", ") });
    }
    const { recent, replied, person } =
      options.reads?.facts.get(fromAddress) ??
      (
        await repo.findSenderFacts(tx, {
          addresses: [fromAddress],
          ...factWindows(settings, now),
          excludeIds: [options.id],
        })
      ).get(fromAddress)!;
    if (recent >= settings.loopThreshold.messages) {
      return result({
        status: "review",
        outcome: "loop_suspected",
        detail: `${recent} messages from this address in ${settings.loopThreshold.minutes} min`,
      });
    }

    const contact = person?.active && person.role === "customer_contact" ? person : null;
    const actor: Actor | null = contact
      ? {
          userId: contact.id,
          email: contact.email,
          name: contact.name,
          role: "customer_contact",
          organizationId: contact.organization_id,
          preferredLanguage: contact.preferred_language === "en" ? "en" : "es-MX",
          via: "email",
          sessionId: null,
          csrfToken: null,
        }
      : null;
    const text = bodyText(parsed);
    const files = parsed.attachments.map((a) => ({
      filename: a.filename ?? (a.contentType === "message/rfc822" ? "mensaje.eml" : "adjunto"),
      contentType: a.contentType,
      content: a.content,
    }));

    // a reply: our thread token in its references, or the case number in the subject from that organization
    let threadCase: Awaited<ReturnType<typeof deps.cases.email.findThreadCase>> | undefined;
    for (const token of referencedThreadTokens(headers, config.mailDomain)) {
      threadCase = await deps.cases.email.findThreadCase(tx, token);
      if (threadCase) break;
    }
    if (threadCase) {
      if (person && person.role !== "customer_contact") {
        return result({ status: "review", outcome: "staff_on_thread", caseId: threadCase.id });
      }
      if (!contact || contact.organization_id !== threadCase.organization_id) {
        return result({ status: "review", outcome: "unknown_sender_on_thread", caseId: threadCase.id });
      }
    } else if (contact) {
      for (const number of caseNumbersInSubject(parsed.subject ?? "")) {
        const numbered = await deps.cases.email.findNumberedCase(tx, number);
        if (numbered && numbered.organization_id === contact.organization_id) {
          threadCase = numbered;
          break;
        }
      }
    }
    if (threadCase && contact && threadCase.status !== "closed") {
      await deps.cases.email.addCustomerReply(tx, {
        caseId: threadCase.id,
        author: { id: contact.id, name: contact.name },
        body: trimReplyText(text).slice(0, MAX_DESCRIPTION) || "—",
        inboundMailId: options.id,
        attachments: files,
        now,
      });
      return result({ status: "processed", outcome: "reply_added", caseId: threadCase.id });
    }

    // a new request
    // automatic answers (acknowledgement, refusal, held notice) to this address's mail in the last 24 h
    const repliesLeft = settings.autoRepliesPerAddressPerDay - replied;
    const subject = cleanLine(parsed.subject).slice(0, MAX_SUBJECT) || "(sin asunto)";
    if (person && !contact) {
      return result({ status: "review", outcome: "staff_sender" });
    }
    const refuse = async (reason: string) => {
      const reply = repliesLeft > 0;
      if (reply) {
        await deps.notifications.onIntakeRefused(tx, {
          toAddress: fromAddress,
          name: person?.name ?? null,
          locale: person?.preferred_language ?? null,
          subject,
          inReplyTo: parsed.messageId?.replace(/^<|>$/g, "") ?? null,
        });
      }
      return result({ status: "processed", outcome: "refused", detail: reason, autoReplied: reply });
    };
    if (!actor || !contact) return refuse("unknown sender");
    const entitlements =
      (await deps.cases.entitlementsOf(
        tx,
        {
          id: contact.id,
          role: contact.role,
          organizationId: contact.organization_id,
          active: contact.active,
        },
        now,
        // a mail can only open a case on a system under contract
        options.reads?.underContract ?? "under contract",
      )) ?? [];
    const haystack = `${subject}\n${text}`.toLowerCase();
    const pick = (outcome: string) => {
      const candidates = entitlements.filter((e) => e.decision.outcome === outcome);
      return (
        candidates.find((e) => haystack.includes(e.system.name.toLowerCase())) ??
        candidates.find((e) => haystack.includes(e.system.product_name.toLowerCase())) ??
        candidates[0]
      );
    };
    const chosen = pick("accepted") ?? pick("held_po_required");
    if (!chosen) return refuse("not an authorized contact");
    const opened = await deps.cases.openCaseFromMail(tx, {
      caller: actor,
      system: chosen.system,
      subject,
      description: text.slice(0, MAX_DESCRIPTION) || "—",
      now: new Date(Math.floor(now.getTime() / 1000) * 1000),
      inboundMailId: options.id,
      acknowledge: repliesLeft > 0,
      decision: chosen.decision,
      requester: {
        id: contact.id,
        email: contact.email,
        name: contact.name,
        role: contact.role,
        preferred_language: contact.preferred_language,
        time_zone: contact.time_zone ?? "America/Mexico_City",
      },
    });
    if (opened.outcome === "opened") {
      await deps.cases.email.attach(tx, {
        caseId: opened.caseId,
        eventId: opened.createdEventId,
        uploadedBy: contact.id,
        attachments: files,
        now,
      });
      return result({
        status: "processed",
        outcome: "case_opened",
        caseId: opened.caseId,
        autoReplied: repliesLeft > 0,
      });
    }
    if (opened.outcome === "held") {
      return result({
        status: "processed",
        outcome: "held",
        heldRequestId: opened.heldRequestId,
        autoReplied: repliesLeft > 0,
      });
    }
    return refuse("not an authorized contact");
  };

  const parse = (raw: Buffer) => simpleParser(raw, { skipImageLinks: true, maxHtmlLengthToParse: 2_000_000 });
  const senderOf = (parsed: ParsedMail) => normalizeAddress(parsed.from?.value[0]?.address ?? null);

  /** The windows of the sender counts: the loop guard's, and a day of automatic replies. */
  const factWindows = (settings: MailSettings, now: Date) => ({
    since: new Date(now.getTime() - settings.loopThreshold.minutes * 60_000),
    repliedSince: new Date(now.getTime() - 86_400_000),
  });

  /** Decides a parsed message and records the outcome, inside the caller's transaction. */
  const decideAndFinish = async (
    tx: Database,
    options: { id: string; parsed: ParsedMail; sourceDetail: unknown; claim: repo.Claim; reads?: BatchReads },
  ) => {
    const { id, parsed, claim } = options;
    const detail = (options.sourceDetail ?? {}) as { mailFrom?: string | null };
    const envelopeFrom =
      detail.mailFrom !== undefined
        ? detail.mailFrom
        : (normalizeAddress(
            (parsed.headers.get("return-path") as { value?: { address?: string }[] } | undefined)?.value?.[0]
              ?.address,
          ) ?? null);
    const settings = await settingsForProcessing(tx);
    const now = clock.now();
    const decision = await decide(tx, {
      id,
      parsed,
      envelopeFrom,
      settings,
      now,
      ...(options.reads ? { reads: options.reads } : {}),
    });
    const outcome: repo.InboundOutcome = {
      id,
      status: decision.status,
      outcome: decision.outcome,
      detail: decision.detail ?? null,
      fromAddress: decision.fromAddress,
      subject: cleanLine(parsed.subject).slice(0, 1000),
      caseId: decision.caseId ?? null,
      heldRequestId: decision.heldRequestId ?? null,
      autoReplied: decision.autoReplied ?? false,
      html: typeof parsed.html === "string" ? inertHtml(parsed.html).replace(CONTROL, "") : null,
      now,
    };
    if (options.reads) {
      // a batch records its outcomes together at its end; its later messages from the same sender count
      // this one, as a fresh read would
      options.reads.outcomes.push(outcome);
      const facts = decision.fromAddress ? options.reads.facts.get(decision.fromAddress) : undefined;
      if (facts) {
        if ((repo.LOOP_COUNTED as readonly string[]).includes(decision.outcome)) facts.recent += 1;
        if (decision.autoReplied) facts.replied += 1;
      }
      return decision.outcome;
    }
    // another processor has the message (took it over after our lease, or before we started)
    if (!(await repo.finishInbound(tx, { ...outcome, claim }))) throw new LostClaim();
    return decision.outcome;
  };

  /** Parses and decides a stored message; the outcome commits with its case, reply or refusal — once. */
  const processRaw = async (
    id: string,
    raw: Buffer,
    sourceDetail: unknown,
    claim: repo.Claim,
  ): Promise<string | null> => {
    try {
      let parsed: ParsedMail;
      try {
        parsed = await parse(raw);
      } catch (error) {
        const finished = await repo.finishInbound(db, {
          id,
          claim,
          status: "review",
          outcome: "parse_failed",
          detail: (error as Error).message.slice(0, 500),
          fromAddress: null,
          subject: null,
          caseId: null,
          heldRequestId: null,
          autoReplied: false,
          html: null,
          now: clock.now(),
        });
        return finished ? "parse_failed" : null;
      }
      return await db
        .transaction()
        .execute(async (tx) => {
          await repo.beginMailWork(tx, { first: senderOf(parsed) });
          return decideAndFinish(tx, { id, parsed, sourceDetail, claim });
        })
        .catch((error: unknown) => {
          if (error instanceof LostClaim) return null;
          throw error;
        });
    } catch (error) {
      await repo.failInbound(db, { id, claim, error: (error as Error).message ?? String(error) });
      return "failed";
    }
  };

  /** Processes one stored message under a lease (the sweep, a retry). */
  const processMessage = async (id: string): Promise<string | null> => {
    const claimId = randomUUID();
    const claimed = await repo.claimInbound(db, {
      id,
      claimId,
      now: clock.now(),
      leaseSeconds: LEASE_SECONDS,
    });
    if (!claimed) return null;
    return processRaw(id, claimed.raw, claimed.source_detail, { claimId });
  };

  /**
   * Processes a message the caller has just stored and still holds: no claim round trip, since nobody else
   * touches it before the sweep's grace period; if somebody did, the finishing update finds out.
   */
  const processStored = (stored: StoredMessage) =>
    processRaw(stored.id, stored.raw, stored.origin.detail, "unclaimed");

  /**
   * Messages this process has just stored, in one transaction (a burst's common case): each is decided and
   * finished on its own, but they share the begin, the locks and the commit. A sender whose lock another
   * processor holds is left out, and so is everything from a message that does not parse on (that one is
   * then recorded on its own): the messages left out are returned, in order, for the caller to queue again.
   * Anything unexpected undoes the batch, and each message then goes on its own.
   */
  const processStoredBatch = async (batch: readonly StoredMessage[]): Promise<StoredMessage[]> => {
    if (batch.length <= 1) {
      if (batch[0]) await processStored(batch[0]);
      return [];
    }
    const parsed: ParsedMail[] = [];
    for (const stored of batch) {
      try {
        parsed.push(await parse(stored.raw));
      } catch {
        break;
      }
    }
    if (!parsed.length) {
      await processStored(batch[0]!);
      return batch.slice(1);
    }
    const unparsed = batch.slice(parsed.length);
    const senders = parsed.map(senderOf);
    const first = senders[0] ?? null;
    try {
      return await db.transaction().execute(async (tx) => {
        const held = await repo.beginMailWork(tx, {
          first,
          others: senders.filter((s): s is string => !!s),
        });
        const mine = senders.filter((s): s is string => !!s && (s === first || held.has(s)));
        // what every message of the batch reads, read once: its senders, and their organizations' contracts
        const settings = await settingsForProcessing(tx);
        const facts = await repo.findSenderFacts(tx, {
          addresses: mine,
          ...factWindows(settings, clock.now()),
          excludeIds: batch.map((m) => m.id),
        });
        const organizations = [...facts.values()].flatMap((f) =>
          f.person?.active && f.person.role === "customer_contact" && f.person.organization_id
            ? [f.person.organization_id]
            : [],
        );
        const reads: BatchReads = {
          facts,
          underContract: await deps.cases.loadUnderContract(tx, organizations),
          outcomes: [],
        };
        const busy: StoredMessage[] = [];
        for (const [index, mail] of parsed.entries()) {
          const sender = senders[index];
          const stored = batch[index]!;
          if (sender && sender !== first && !held.has(sender)) {
            busy.push(stored);
            continue;
          }
          await decideAndFinish(tx, {
            id: stored.id,
            parsed: mail,
            sourceDetail: stored.origin.detail,
            claim: "unclaimed",
            reads,
          });
        }
        // every one still untouched by another processor, or the batch is undone
        if ((await repo.finishUnclaimedInbound(tx, reads.outcomes)) !== reads.outcomes.length)
          throw new LostClaim();
        return [...busy, ...unparsed];
      });
    } catch {
      for (const stored of batch.slice(0, parsed.length)) await processStored(stored);
      return unparsed;
    }
  };

  /** The backstop: stored messages whose processing job was lost (a killed process) are processed here. */
  const sweep = async (options: { graceSeconds: number; limit: number }) => {
    const now = clock.now();
    const ids = await repo.findStaleInbound(db, {
      before: new Date(now.getTime() - options.graceSeconds * 1000),
      now,
      limit: options.limit,
    });
    // a few at a time: after a crash the whole backlog is here
    let next = 0;
    await Promise.all(
      Array.from({ length: Math.min(SWEEP_LANES, ids.length) }, async () => {
        while (next < ids.length) await processMessage(ids[next++]!);
      }),
    );
    return ids.length;
  };

  // ---- staff screens

  const toSummary = (r: Awaited<ReturnType<typeof repo.findInboundPage>>["items"][number]) => ({
    id: r.id,
    messageId: r.message_id,
    source: r.source as "smtp" | "imap",
    receivedAt: r.received_at.toISOString(),
    deliveries: r.deliveries,
    status: r.status as "received",
    outcome: r.outcome,
    detail: r.detail,
    from: r.from_address,
    subject: r.subject,
    caseId: r.case_id,
    sizeBytes: r.size_bytes,
    autoReplied: r.auto_replied,
    attempts: r.attempts,
    processedAt: r.processed_at?.toISOString() ?? null,
  });

  const FILTERS: Record<string, readonly string[] | null> = {
    attention: ["review", "failed"],
    ignored: ["ignored"],
    processed: ["processed"],
    pending: ["received", "processing"],
    all: null,
  };

  const list = async (
    actor: Actor | null,
    query: { filter: string; limit: number; cursor?: string | undefined },
  ) => {
    authorize(actor, "inbound-mail:read");
    const page = await repo.findInboundPage(db, {
      statuses: Object.hasOwn(FILTERS, query.filter) ? FILTERS[query.filter]! : FILTERS.attention!,
      limit: query.limit,
      cursor: query.cursor,
    });
    const counts = await repo.countInboundByStatus(db);
    return { items: page.items.map(toSummary), nextCursor: page.nextCursor, counts };
  };

  const get = async (actor: Actor | null, id: string) => {
    authorize(actor, "inbound-mail:read");
    const row = await repo.findInbound(db, id);
    if (!row) throw notFound("Message");
    return {
      ...toSummary(row),
      // shown as text, never rendered: the raw source may be hostile
      raw: row.raw.toString("utf8"),
      html: row.html,
      envelope: (row.source_detail ?? {}) as Record<string, unknown>,
    };
  };

  const retry = async (actor: Actor | null, id: string) => {
    const caller = authorize(actor, "inbound-mail:write");
    if (!(await repo.requeueInbound(db, id))) throw notFound("Message under review or failed");
    await insertAudit(db, {
      actor: caller,
      action: "inbound_mail.retried",
      entity: "inbound_mail",
      entityId: id,
      details: {},
    });
    return { id, outcome: await processMessage(id) };
  };

  const dismiss = async (actor: Actor | null, id: string) => {
    const caller = authorize(actor, "inbound-mail:write");
    if (
      !(await repo.dismissInbound(db, {
        id,
        by: caller.via === "system" ? null : caller.userId,
        now: clock.now(),
      }))
    ) {
      throw notFound("Message under review or failed");
    }
    await insertAudit(db, {
      actor: caller,
      action: "inbound_mail.dismissed",
      entity: "inbound_mail",
      entityId: id,
      details: {},
    });
    return { id, status: "ignored" as const };
  };

  /** The headers of the message a case event came from ("show original"), for staff. */
  const originalHeaders = async (actor: Actor | null, caseId: string, inboundMailId: string) => {
    authorize(actor, "inbound-mail:read");
    const row = await repo.findInboundOfCase(db, { id: inboundMailId, caseId });
    if (!row) throw notFound("Message");
    const text = row.raw.subarray(0, 256 * 1024).toString("utf8");
    const end = text.search(/\r?\n\r?\n/);
    return {
      id: row.id,
      receivedAt: row.received_at.toISOString(),
      headers: end >= 0 ? text.slice(0, end) : text,
    };
  };

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
      throw new AppError("validation_failed", "imap.password: required for a new mailbox", [
        { field: "imap.password", message: "is required" },
      ]);
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

  const testImap = async (actor: Actor | null) => {
    authorize(actor, "settings:write");
    const settings = await loadSettings(db);
    if (!settings.imap) return { ok: false, messages: null, error: "no IMAP mailbox is configured" };
    return testImapConnection(settings.imap, deps.imapCa);
  };

  return {
    testImap,
    store,
    processMessage,
    processStored,
    processStoredBatch,
    sweep,
    list,
    get,
    retry,
    dismiss,
    originalHeaders,
    getSettings,
    updateSettings,
    loadSettings: () => loadSettings(db),
  };
};

export type EmailIntakeService = ReturnType<typeof createEmailIntakeService>;
