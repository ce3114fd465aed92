import type { AuthVerdict } from "./authentication-results";
import type { AutoMailCause, AutoMailVerdict } from "./auto-mail";

/**
 * What the email channel does with a message (SPEC §6), in this order — the first rule that applies wins:
 *
 * 1. a multipart message whose parts could not be found goes to review (its body would be lost);
 * 2. our own mail is ignored, and so are bounces (they mark the outgoing message failed) and any other
 *    automatic mail: none is ever answered;
 * 3. without a From address, or with SPF/DKIM/DMARC failing at our own relay, a person must look;
 * 4. past the loop limit (messages from the address in the window) nothing more is processed;
 * 5. a message on a case's thread is a reply — from staff, or from someone who is no contact, it goes to
 *    review; from the organization's contact it is added to the case (unless the case is closed); from an
 *    authorized contact of another organization it is that contact's new request, with a note for the desk
 *    that it cited a thread not theirs (nothing of it is attached to, or told about, the other case);
 * 6. anything else is a new request: mail of staff or of a deactivated contact goes to review, anyone but
 *    an authorized contact of a current contract is refused politely, and a contact's request opens a case
 *    or is held for a purchase order. Acknowledgements and refusals are sent only while the address has
 *    automatic replies left today.
 *
 * The service gathers the facts; these functions decide: `screenMail` rules 1–3, `checkLoopGuard` rule 4,
 * `routeMail` rule 5 and `decideNewRequest` rule 6, so that the sender's counts, the case a message answers
 * and the contact's entitlements are only read when their rule is reached.
 */

export type MailReason =
  | { reason: "multipart_without_parts" }
  | { reason: "no_from_address" }
  | { reason: "authentication_failed"; params: { results: string } }
  | { reason: "loop_threshold"; params: { count: number; minutes: number } }
  | { reason: "unknown_sender" }
  | { reason: "not_authorized_contact" }
  | AutoMailCause;

/**
 * What to do with a message; `record` needs nothing done before its outcome is written. `open_case` carries
 * the entitlement it opens the case on (`Entitled`: whatever the caller chose the system with).
 */
export type MailAction<Entitled = never> =
  | { do: "record"; status: "review"; outcome: "parse_failed"; why: MailReason }
  | { do: "record"; status: "review"; outcome: "unverified_sender" | "loop_suspected"; why: MailReason }
  | {
      do: "record";
      status: "review";
      outcome: "staff_on_thread" | "unknown_sender_on_thread";
      caseId: string;
    }
  | { do: "record"; status: "review"; outcome: "staff_sender" }
  | { do: "record"; status: "ignored"; outcome: "own_mail" }
  | { do: "record"; status: "ignored"; outcome: "auto_submitted"; why: MailReason }
  | { do: "mark_bounced" }
  | { do: "add_reply"; caseId: string }
  | { do: "refuse"; why: MailReason; autoReply: boolean }
  | {
      do: "open_case";
      acknowledge: boolean;
      entitled: Entitled;
      /** A case of another organization the message cited (its references or subject): the desk is told. */
      citedCaseId: string | null;
    };

/** Rule 5's answer when the message is no reply: a new request, perhaps citing another organization's case. */
export type NewRequest = { do: "new_request"; citedCaseId: string | null };

export type ScreenFacts = {
  /** A multipart message with no text, HTML or attachment found in it. */
  unreadableMultipart: boolean;
  autoMail: AutoMailVerdict;
  /** Its Message-ID is one we sent. */
  ownMessageId: boolean;
  fromAddress: string | null;
  authentication: AuthVerdict;
};

/** Rules 1–3: what a message is before it matters who sent it; null when it goes on to its sender. */
export const screenMail = (facts: ScreenFacts): MailAction | null => {
  if (facts.unreadableMultipart) {
    return {
      do: "record",
      status: "review",
      outcome: "parse_failed",
      why: { reason: "multipart_without_parts" },
    };
  }
  if (facts.autoMail.kind === "own_mail" || facts.ownMessageId) {
    return { do: "record", status: "ignored", outcome: "own_mail" };
  }
  if (facts.autoMail.kind === "bounce") return { do: "mark_bounced" };
  if (facts.autoMail.kind === "auto_submitted") {
    return { do: "record", status: "ignored", outcome: "auto_submitted", why: facts.autoMail.because };
  }
  if (!facts.fromAddress) {
    return { do: "record", status: "review", outcome: "parse_failed", why: { reason: "no_from_address" } };
  }
  if (!facts.authentication.verified) {
    return {
      do: "record",
      status: "review",
      outcome: "unverified_sender",
      why: { reason: "authentication_failed", params: { results: facts.authentication.failed.join(", ") } },
    };
  }
  return null;
};

/** The windows the sender's counts are taken over: the loop guard's, and a day of automatic replies. */
export const senderCountWindows = (loopThreshold: { minutes: number }, now: Date) => ({
  since: new Date(now.getTime() - loopThreshold.minutes * 60_000),
  repliedSince: new Date(now.getTime() - 86_400_000),
});

/** Rule 4: past the limit of messages from one address in the window, a person looks before anything more. */
export const checkLoopGuard = (facts: {
  /** The address's messages that count toward the loop guard, within the window. */
  recentFromSender: number;
  loopThreshold: { messages: number; minutes: number };
}): MailAction | null => {
  if (facts.recentFromSender >= facts.loopThreshold.messages) {
    return {
      do: "record",
      status: "review",
      outcome: "loop_suspected",
      why: {
        reason: "loop_threshold",
        params: { count: facts.recentFromSender, minutes: facts.loopThreshold.minutes },
      },
    };
  }
  return null;
};

/** Who sent it: an active customer contact (of which organization), staff, a deactivated contact, or nobody. */
export type MailSender =
  | { kind: "contact"; organizationId: string }
  | { kind: "staff" }
  | { kind: "inactive_contact" }
  | { kind: "unknown" };

/** The person with the sender's address as the email channel sees them. */
export const classifySender = (
  person: { role: string; active: boolean; organizationId: string | null } | null,
): MailSender => {
  if (!person) return { kind: "unknown" };
  if (person.role !== "customer_contact") return { kind: "staff" };
  return person.active && person.organizationId
    ? { kind: "contact", organizationId: person.organizationId }
    : { kind: "inactive_contact" };
};

export type ThreadCase = { id: string; organizationId: string; closed: boolean };

/**
 * Rule 5: `thread` is the case its references name (our thread token), else — for a contact — the case its
 * subject numbers (one of the contact's organization first).
 */
export const routeMail = (facts: {
  sender: MailSender;
  thread: ThreadCase | null;
}): MailAction | NewRequest => {
  const { sender, thread } = facts;
  if (!thread) return { do: "new_request", citedCaseId: null };
  if (sender.kind === "staff") {
    return { do: "record", status: "review", outcome: "staff_on_thread", caseId: thread.id };
  }
  if (sender.kind !== "contact") {
    return { do: "record", status: "review", outcome: "unknown_sender_on_thread", caseId: thread.id };
  }
  if (sender.organizationId !== thread.organizationId) return { do: "new_request", citedCaseId: thread.id };
  // a reply to a closed case is a new request
  return thread.closed ? { do: "new_request", citedCaseId: null } : { do: "add_reply", caseId: thread.id };
};

/**
 * Rule 6: `entitled` is the contact's entitlement on the system the message is about (see `chooseSystem`),
 * if any — accepted or held for a purchase order both open the intake; `autoRepliesLeft` is today's
 * allowance of the address.
 */
export const decideNewRequest = <Entitled extends object>(facts: {
  sender: MailSender;
  entitled: Entitled | undefined;
  autoRepliesLeft: number;
  citedCaseId?: string | null;
}): MailAction<Entitled> => {
  const autoReply = facts.autoRepliesLeft > 0;
  // a person we know who may not open cases by mail (staff, a deactivated contact): a person looks
  if (facts.sender.kind === "staff" || facts.sender.kind === "inactive_contact") {
    return { do: "record", status: "review", outcome: "staff_sender" };
  }
  if (facts.sender.kind === "unknown") return { do: "refuse", why: { reason: "unknown_sender" }, autoReply };
  if (facts.entitled === undefined)
    return { do: "refuse", why: { reason: "not_authorized_contact" }, autoReply };
  return {
    do: "open_case",
    acknowledge: autoReply,
    entitled: facts.entitled,
    citedCaseId: facts.citedCaseId ?? null,
  };
};

/**
 * The system a new request is about: among the contact's systems with the best entitlement (accepted before
 * held), the first whose name the message mentions, else whose product it mentions, else the first.
 */
export const chooseSystem = <T extends { outcome: string; systemName: string; productName: string }>(
  candidates: readonly T[],
  text: string,
): T | undefined => {
  const haystack = text.toLowerCase();
  const pick = (outcome: string) => {
    const of = candidates.filter((c) => c.outcome === outcome);
    return (
      of.find((c) => haystack.includes(c.systemName.toLowerCase())) ??
      of.find((c) => haystack.includes(c.productName.toLowerCase())) ??
      of[0]
    );
  };
  return pick("accepted") ?? pick("held_po_required");
};
