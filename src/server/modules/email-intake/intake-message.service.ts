import { randomUUID } from "node:crypto";
import type { ParsedMail } from "mailparser";
import type { Database } from "../../platform/db";
import type { ServiceDeps } from "../../platform/deps";
import type { CasesService } from "../cases";
import type { NotificationsService } from "../notifications";
import * as repo from "./email-intake.repository";
import {
  cleanLine,
  dedupeKeyOf,
  envelopeFromOf,
  type IntakeSource,
  inertHtml,
  MimeNestingTooDeep,
  parseMessage,
  type StoredMessage,
  senderOf,
} from "./inbound-message";
import { createIntakeActions } from "./intake-actions";
import { type BatchReads, createIntakeDecider } from "./intake-decider";
import { outcomeRow, reasonOf } from "./intake-outcome";
import type { MailSettingsService } from "./mail-settings.service";

// processing takes well under a second; a killed processor's message is taken again after this
const LEASE_SECONDS = 30;
/** A message whose processing throws (or kills its processor) is tried this often, then listed for review. */
export const MAX_ATTEMPTS = 5;
// the wait after a failed attempt before the sweep may take the message again: 1 s, 2 s, 4 s, 8 s
const retryDelayMs = (attempt: number) => Math.min(60_000, 1_000 * 2 ** (attempt - 1));

/** Another processor has the message: the transaction is undone and nothing is recorded twice. */
export class LostClaim extends Error {}

/**
 * Intake of one stored message (SPEC §6): the facts are gathered here, the order of the decisions is the
 * domain's (`domain/email/intake-decision`), and the outcome commits with its case, reply or refusal — once.
 */
export const createMessageIntakeService = (
  { db, clock, config }: ServiceDeps,
  deps: { cases: CasesService; notifications: NotificationsService; settings: MailSettingsService },
) => {
  const decider = createIntakeDecider({ db, clock, config }, deps);
  const actions = createIntakeActions({ db, clock, config }, deps);

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

  /** Decides a parsed message and records the outcome, inside the caller's transaction. */
  const decideAndFinish = async (
    tx: Database,
    options: { id: string; parsed: ParsedMail; sourceDetail: unknown; claim: repo.Claim; reads?: BatchReads },
  ) => {
    const { id, parsed, claim } = options;
    const settings = await deps.settings.forProcessing(tx);
    const now = clock.now();
    const decision = await decider.decide(tx, {
      id,
      parsed,
      envelopeFrom: envelopeFromOf(parsed, options.sourceDetail),
      settings,
      now,
      ...(options.reads ? { reads: options.reads } : {}),
    });
    const decided = await actions.carryOut(tx, { id, parsed, now, ...decision });
    const { fromAddress } = decision;
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

  /**
   * Parses and decides a stored message; the outcome commits with its case, reply or refusal — once. An
   * error undoes it all: the message waits for its next attempt (the sweep's), or after the last one is
   * listed for review with the error. Either way the lane goes on with the next message.
   */
  const processRaw = async (
    id: string,
    raw: Buffer,
    sourceDetail: unknown,
    claim: repo.Claim,
    attempt: number,
  ): Promise<string | null> => {
    try {
      let parsed: ParsedMail;
      try {
        parsed = await parseMessage(raw);
      } catch (error) {
        const why = reasonOf(
          error instanceof MimeNestingTooDeep
            ? { reason: "mime_nesting_too_deep", params: { limit: error.limit } }
            : { reason: "parse_error", params: { error: (error as Error).message.slice(0, 500) } },
        );
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
      const retryAt = attempt < MAX_ATTEMPTS ? new Date(clock.now().getTime() + retryDelayMs(attempt)) : null;
      await repo.failInbound(db, {
        id,
        claim,
        retryAt,
        ...reasonOf({ reason: "processing_error", params: { error: message } }),
      });
      return retryAt ? "retry" : "failed";
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
      maxAttempts: MAX_ATTEMPTS,
    });
    if (!claimed) return null;
    return processRaw(id, claimed.raw, claimed.source_detail, { claimId }, claimed.attempts);
  };

  /**
   * Processes a message the caller has just stored and still holds: no claim round trip, since nobody else
   * touches it before the sweep's grace period; if somebody did, the finishing update finds out.
   */
  const processStored = (stored: StoredMessage) =>
    processRaw(stored.id, stored.raw, stored.origin.detail, "unclaimed", 1);

  return { store, decideAndFinish, processMessage, processStored };
};

export type MessageIntakeService = ReturnType<typeof createMessageIntakeService>;
