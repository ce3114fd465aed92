import type { InboundReason } from "../../../api/email";
import type { MailReason } from "../../../domain/email";
import { INBOUND_TEXT } from "../../platform/problem-text";
import type { InboundOutcome } from "./email-intake.repository";

/** Why a message ended as it did, as stored: the reason, its params and the English detail. */
type StoredReason = {
  reason: InboundReason | null;
  reasonParams: Record<string, string | number>;
  detail: string | null;
};

type Why =
  | MailReason
  | { reason: "bounce_marked" | "bounce_delayed"; params: { count: number } }
  | { reason: "bounce_unmatched" }
  | { reason: "parse_error" | "processing_error"; params: { error: string } }
  | { reason: "mime_nesting_too_deep"; params: { limit: number } }
  | { reason: "processing_abandoned"; params: { attempts: number } };

export const reasonOf = (why: Why | null): StoredReason => {
  if (!why) return { reason: null, reasonParams: {}, detail: null };
  const params = ("params" in why ? why.params : {}) as Record<string, string | number>;
  const text = INBOUND_TEXT[why.reason] as (p: Record<string, string | number>) => string;
  return { reason: why.reason, reasonParams: params, detail: text(params) };
};

/** What processing decided for one message. */
export type Outcome = {
  status: "processed" | "review" | "ignored";
  outcome: string;
  why?: Why | null;
  caseId?: string | null;
  heldRequestId?: string | null;
  autoReplied?: boolean;
};

export const outcomeRow = (
  decided: Outcome,
  message: { id: string; fromAddress: string | null; subject: string; html: string | null; now: Date },
): InboundOutcome => ({
  ...message,
  status: decided.status,
  outcome: decided.outcome,
  ...reasonOf(decided.why ?? null),
  caseId: decided.caseId ?? null,
  heldRequestId: decided.heldRequestId ?? null,
  autoReplied: decided.autoReplied ?? false,
});
