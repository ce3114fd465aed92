import { randomUUID } from "node:crypto";
import type { ParsedMail } from "mailparser";
import type { MailSettings } from "../../../api/email";
import {
  bouncedMessageIds,
  caseNumbersInSubject,
  checkAuthenticationResults,
  chooseSystem,
  classifyAutoMail,
  decideNewRequest,
  type MailAction,
  type MailReason,
  type MailSender,
  referencedThreadTokens,
  routeMail,
  screenMail,
  type ThreadCase,
  trimReplyText,
} from "../../../domain/email";
import type { Actor } from "../../platform/actor";
import type { Database } from "../../platform/db";
import type { ServiceDeps } from "../../platform/deps";
import type { CasesService } from "../cases";
import type { NotificationsService } from "../notifications";
import * as repo from "./email-intake.repository";
import {
  attachmentsOf,
  bodyText,
  cleanLine,
  contentTypeOf,
  dedupeKeyOf,
  envelopeFromOf,
  headerMap,
  type IntakeSource,
  inertHtml,
  isUnreadableMultipart,
  MAX_DESCRIPTION,
  MAX_SUBJECT,
  messageIdOf,
  parseMessage,
  reportText,
  type StoredMessage,
  senderOf,
} from "./inbound-message";
import { type Outcome, outcomeRow, reasonOf } from "./intake-outcome";
import type { MailSettingsService } from "./mail-settings.service";

// processing takes well under a second; a killed processor's message is taken again after this
const LEASE_SECONDS = 30;

class LostClaim extends Error {}

/** Reads a batch makes once for all its messages (kept current as its messages are decided). */
export type BatchReads = {
  facts: Map<string, repo.SenderFacts>;
  underContract: Awaited<ReturnType<CasesService["loadUnderContract"]>>;
  /** Outcomes decided, recorded together at the end of the batch. */
  outcomes: repo.InboundOutcome[];
};

/** The windows of the sender counts: the loop guard's, and a day of automatic replies. */
export const factWindows = (settings: MailSettings, now: Date) => ({
  since: new Date(now.getTime() - settings.loopThreshold.minutes * 60_000),
  repliedSince: new Date(now.getTime() - 86_400_000),
});

const senderKindOf = (person: repo.SenderFacts["person"]): MailSender => {
  if (!person) return { kind: "unknown" };
  if (person.role !== "customer_contact") return { kind: "staff" };
  return person.active && person.organization_id
    ? { kind: "contact", organizationId: person.organization_id }
    : { kind: "inactive_contact" };
};

/**
 * Intake of one stored message (SPEC §6): the facts are gathered here, the order of the decisions is the
 * domain's (`domain/email/intake-decision`), and the outcome commits with its case, reply or refusal — once.
 */
export const createMessageIntakeService = (
  { db, clock, config }: ServiceDeps,
  deps: { cases: CasesService; notifications: NotificationsService; settings: MailSettingsService },
) => {
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

  /** The case a message's references name (our thread token), else one its subject numbers for a contact. */
  const threadOf = async (
    tx: Database,
    options: { parsed: ParsedMail; sender: MailSender },
  ): Promise<ThreadCase | null> => {
    const toThread = (c: { id: string; organization_id: string; status: string }) => ({
      id: c.id,
      organizationId: c.organization_id,
      closed: c.status === "closed",
    });
    for (const token of referencedThreadTokens(headerMap(options.parsed), config.mailDomain)) {
      const found = await deps.cases.email.findThreadCase(tx, token);
      if (found) return toThread(found);
    }
    if (options.sender.kind !== "contact") return null;
    for (const number of caseNumbersInSubject(options.parsed.subject ?? "")) {
      const found = await deps.cases.email.findNumberedCase(tx, number);
      if (found && found.organization_id === options.sender.organizationId) return toThread(found);
    }
    return null;
  };

  const decide = async (
    tx: Database,
    options: {
      id: string;
      parsed: ParsedMail;
      envelopeFrom: string | null;
      settings: MailSettings;
      now: Date;
      reads?: BatchReads;
    },
  ): Promise<Outcome> => {
    const { parsed, settings, now } = options;
    const headers = headerMap(parsed);
    const fromAddress = senderOf(parsed);
    const messageId = messageIdOf(parsed);
    const facts = fromAddress
      ? (options.reads?.facts.get(fromAddress) ??
        (
          await repo.findSenderFacts(tx, {
            addresses: [fromAddress],
            ...factWindows(settings, now),
            excludeIds: [options.id],
          })
        ).get(fromAddress)!)
      : { recent: 0, replied: 0, person: null };
    const screened = screenMail({
      unreadableMultipart: isUnreadableMultipart(parsed),
      autoMail: classifyAutoMail({
        headers,
        contentType: contentTypeOf(parsed),
        envelopeFrom: options.envelopeFrom,
        fromAddress,
        ownAddresses: deps.settings.ownAddresses(settings),
      }),
      // only a Message-ID on our domain can be one of ours
      ownMessageId:
        messageId.endsWith(`@${config.mailDomain}`) &&
        (await deps.notifications.isOwnMessageId(tx, messageId)),
      fromAddress,
      authentication: checkAuthenticationResults(headers, settings.trustedAuthServIds),
      recentFromSender: facts.recent,
      loopThreshold: settings.loopThreshold,
    });
    const sender = senderKindOf(facts.person);
    const action =
      screened ??
      routeMail({ sender, thread: await threadOf(tx, { parsed, sender }) }) ??
      (await decideNew(tx, { ...options, fromAddress: fromAddress!, facts, sender }));
    return carryOut(tx, { ...options, fromAddress, facts, action });
  };

  /** Rule 6 with its facts: the contact's entitlements are read only for a contact's new request. */
  const decideNew = async (
    tx: Database,
    options: {
      parsed: ParsedMail;
      settings: MailSettings;
      now: Date;
      reads?: BatchReads;
      fromAddress: string;
      facts: repo.SenderFacts;
      sender: MailSender;
    },
  ): Promise<MailAction & { entitled?: Entitled }> => {
    const { person } = options.facts;
    let entitled: Entitled | undefined;
    if (options.sender.kind === "contact" && person) {
      const entitlements =
        (await deps.cases.entitlementsOf(
          tx,
          { id: person.id, role: person.role, organizationId: person.organization_id, active: person.active },
          options.now,
          // a mail can only open a case on a system under contract
          options.reads?.underContract ?? "under contract",
        )) ?? [];
      entitled = chooseSystem(
        entitlements.map((e) => ({
          ...e,
          outcome: e.decision.outcome,
          systemName: e.system.name,
          productName: e.system.product_name,
        })),
        `${subjectOf(options.parsed)}\n${bodyText(options.parsed)}`,
      );
    }
    const action = decideNewRequest({
      sender: options.sender,
      entitled: entitled !== undefined,
      autoRepliesLeft: options.settings.autoRepliesPerAddressPerDay - options.facts.replied,
    });
    return entitled ? { ...action, entitled } : action;
  };

  type Entitled = NonNullable<Awaited<ReturnType<CasesService["entitlementsOf"]>>>[number];
  const subjectOf = (parsed: ParsedMail) => cleanLine(parsed.subject).slice(0, MAX_SUBJECT) || "(sin asunto)";

  /** Does what the decision says, inside the transaction, and returns the outcome to record. */
  const carryOut = async (
    tx: Database,
    options: {
      id: string;
      parsed: ParsedMail;
      now: Date;
      fromAddress: string | null;
      facts: repo.SenderFacts;
      action: MailAction & { entitled?: Entitled };
    },
  ): Promise<Outcome> => {
    const { parsed, action, now, fromAddress } = options;
    const person = options.facts.person;
    const refuse = async (why: MailReason, autoReply: boolean): Promise<Outcome> => {
      if (autoReply) {
        await deps.notifications.onIntakeRefused(tx, {
          toAddress: fromAddress!,
          name: person?.name ?? null,
          locale: person?.preferred_language ?? null,
          subject: subjectOf(parsed),
          inReplyTo: parsed.messageId?.replace(/^<|>$/g, "") ?? null,
        });
      }
      return { status: "processed", outcome: "refused", why, autoReplied: autoReply };
    };
    switch (action.do) {
      case "record":
        return {
          status: action.status,
          outcome: action.outcome,
          why: "why" in action ? action.why : null,
          caseId: "caseId" in action ? action.caseId : null,
        };
      case "mark_bounced": {
        const ids = bouncedMessageIds(reportText(parsed)).filter((id) =>
          id.endsWith(`@${config.mailDomain}`),
        );
        const marked = await deps.notifications.markBounced(
          tx,
          ids,
          `bounced: ${(parsed.subject ?? "").slice(0, 200)}`,
        );
        return {
          status: "ignored",
          outcome: "bounce",
          why: marked ? { reason: "bounce_marked", params: { count: marked } } : null,
        };
      }
      case "add_reply":
        await deps.cases.email.addCustomerReply(tx, {
          caseId: action.caseId,
          author: { id: person!.id, name: person!.name },
          body: trimReplyText(bodyText(parsed)).slice(0, MAX_DESCRIPTION) || "—",
          inboundMailId: options.id,
          attachments: attachmentsOf(parsed),
          now,
        });
        return { status: "processed", outcome: "reply_added", caseId: action.caseId };
      case "refuse":
        return refuse(action.why, action.autoReply);
      case "open_case": {
        const contact = person!;
        const chosen = action.entitled!;
        const caller: Actor = {
          userId: contact.id,
          email: contact.email,
          name: contact.name,
          role: "customer_contact",
          organizationId: contact.organization_id,
          preferredLanguage: contact.preferred_language === "en" ? "en" : "es-MX",
          via: "email",
          sessionId: null,
          csrfToken: null,
        };
        const opened = await deps.cases.openCaseFromMail(tx, {
          caller,
          system: chosen.system,
          subject: subjectOf(parsed),
          description: bodyText(parsed).slice(0, MAX_DESCRIPTION) || "—",
          now: new Date(Math.floor(now.getTime() / 1000) * 1000),
          inboundMailId: options.id,
          acknowledge: action.acknowledge,
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
            attachments: attachmentsOf(parsed),
            now,
          });
          return {
            status: "processed",
            outcome: "case_opened",
            caseId: opened.caseId,
            autoReplied: action.acknowledge,
          };
        }
        if (opened.outcome === "held") {
          return {
            status: "processed",
            outcome: "held",
            heldRequestId: opened.heldRequestId,
            autoReplied: action.acknowledge,
          };
        }
        return refuse({ reason: "not_authorized_contact" }, action.acknowledge);
      }
    }
  };

  /** Decides a parsed message and records the outcome, inside the caller's transaction. */
  const decideAndFinish = async (
    tx: Database,
    options: { id: string; parsed: ParsedMail; sourceDetail: unknown; claim: repo.Claim; reads?: BatchReads },
  ) => {
    const { id, parsed, claim } = options;
    const settings = await deps.settings.forProcessing(tx);
    const now = clock.now();
    const decided = await decide(tx, {
      id,
      parsed,
      envelopeFrom: envelopeFromOf(parsed, options.sourceDetail),
      settings,
      now,
      ...(options.reads ? { reads: options.reads } : {}),
    });
    const fromAddress = senderOf(parsed);
    const outcome = outcomeRow(decided, {
      id,
      fromAddress,
      subject: cleanLine(parsed.subject).slice(0, 1000),
      html: typeof parsed.html === "string" ? inertHtml(parsed.html) : null,
      now,
    });
    if (options.reads) {
      // a batch records its outcomes together at its end; its later messages from the same sender count
      // this one, as a fresh read would
      options.reads.outcomes.push(outcome);
      const facts = fromAddress ? options.reads.facts.get(fromAddress) : undefined;
      if (facts) {
        if ((repo.LOOP_COUNTED as readonly string[]).includes(decided.outcome)) facts.recent += 1;
        if (decided.autoReplied) facts.replied += 1;
      }
      return decided.outcome;
    }
    // another processor has the message (took it over after our lease, or before we started)
    if (!(await repo.finishInbound(tx, { ...outcome, claim }))) throw new LostClaim();
    return decided.outcome;
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
        parsed = await parseMessage(raw);
      } catch (error) {
        const why = reasonOf({
          reason: "parse_error",
          params: { error: (error as Error).message.slice(0, 500) },
        });
        const finished = await repo.finishInbound(db, {
          id,
          claim,
          status: "review",
          outcome: "parse_failed",
          ...why,
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
      const message = ((error as Error).message ?? String(error)).slice(0, 2000);
      await repo.failInbound(db, {
        id,
        claim,
        ...reasonOf({ reason: "processing_error", params: { error: message } }),
      });
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

  return { store, decideAndFinish, processMessage, processStored, LostClaim };
};

export type MessageIntakeService = ReturnType<typeof createMessageIntakeService>;
