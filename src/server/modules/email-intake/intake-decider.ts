import type { ParsedMail } from "mailparser";
import type { MailSettings } from "../../../api/email";
import {
  caseNumbersInSubject,
  checkAuthenticationResults,
  checkLoopGuard,
  chooseSystem,
  classifyAutoMail,
  classifySender,
  decideNewRequest,
  type MailAction,
  type MailSender,
  referencedThreadTokens,
  routeMail,
  screenMail,
  senderCountWindows,
  type ThreadCase,
} from "../../../domain/email";
import type { Database } from "../../platform/db";
import type { ServiceDeps } from "../../platform/deps";
import type { CasesService } from "../cases";
import type { NotificationsService } from "../notifications";
import * as repo from "./email-intake.repository";
import {
  bodyText,
  contentTypeOf,
  headerMap,
  isUnreadableMultipart,
  messageIdOf,
  senderOf,
  subjectOf,
} from "./inbound-message";
import type { MailSettingsService } from "./mail-settings.service";

/** Reads a batch makes once for all its messages (kept current as its messages are decided). */
export type BatchReads = {
  facts: Map<string, repo.SenderFacts>;
  underContract: Awaited<ReturnType<CasesService["loadUnderContract"]>>;
  /** Outcomes decided, recorded together at the end of the batch. */
  outcomes: repo.InboundOutcome[];
};

/** The sender as the domain classifies them, from the person with their address. */
export const senderOfFacts = (facts: repo.SenderFacts) =>
  classifySender(
    facts.person && {
      role: facts.person.role,
      active: facts.person.active,
      organizationId: facts.person.organization_id,
    },
  );

const NO_FACTS: repo.SenderFacts = { recent: 0, replied: 0, undeliverable: false, person: null };

/** A contact's entitlement on the system a new request is about. */
type Entitled = NonNullable<Awaited<ReturnType<CasesService["entitlementsOf"]>>>[number];
/** What to do with a message, with the facts the doing needs. */
export type Decided = {
  action: MailAction<Entitled>;
  fromAddress: string | null;
  facts: repo.SenderFacts;
};

/**
 * The facts of a message, gathered as the decision order reaches them (`domain/email/intake-decision`):
 * the sender's counts and person, our own Message-IDs, the case it answers, the contact's entitlements.
 */
export const createIntakeDecider = (
  { config }: ServiceDeps,
  deps: { cases: CasesService; notifications: NotificationsService; settings: MailSettingsService },
) => {
  /**
   * The case a message's references name (our thread token), else — for a contact — one its subject numbers,
   * of the contact's own organization first.
   */
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
    let other: ThreadCase | null = null;
    for (const number of caseNumbersInSubject(options.parsed.subject ?? "")) {
      const found = await deps.cases.email.findNumberedCase(tx, number);
      if (found && found.organization_id === options.sender.organizationId) return toThread(found);
      other ??= found ? toThread(found) : null;
    }
    return other;
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
  ): Promise<Decided> => {
    const { parsed, settings, now } = options;
    const headers = headerMap(parsed);
    const fromAddress = senderOf(parsed);
    const messageId = messageIdOf(parsed);
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
    });
    if (screened) return { action: screened, fromAddress, facts: NO_FACTS };
    // screening goes on only with a From address
    const address = fromAddress as string;
    const facts =
      options.reads?.facts.get(address) ??
      (
        await repo.findSenderFacts(tx, {
          addresses: [address],
          ...senderCountWindows(settings.loopThreshold, now),
          excludeIds: [options.id],
        })
      ).get(address)!;
    const sender = senderOfFacts(facts);
    const guarded = checkLoopGuard({ recentFromSender: facts.recent, loopThreshold: settings.loopThreshold });
    if (guarded) return { action: guarded, fromAddress, facts };
    const routed = routeMail({ sender, thread: await threadOf(tx, { parsed, sender }) });
    const action =
      routed.do === "new_request"
        ? await decideNew(tx, { ...options, facts, sender, citedCaseId: routed.citedCaseId })
        : routed;
    return { action, fromAddress, facts };
  };

  /** Rule 6 with its facts: the contact's entitlements are read only for a contact's new request. */
  const decideNew = async (
    tx: Database,
    options: {
      parsed: ParsedMail;
      settings: MailSettings;
      now: Date;
      reads?: BatchReads;
      facts: repo.SenderFacts;
      sender: MailSender;
      citedCaseId: string | null;
    },
  ): Promise<MailAction<Entitled>> => {
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
    return decideNewRequest({
      sender: options.sender,
      entitled,
      autoRepliesLeft: options.settings.autoRepliesPerAddressPerDay - options.facts.replied,
      citedCaseId: options.citedCaseId,
    });
  };

  return { decide };
};
