import type { ParsedMail } from "mailparser";
import { senderCountWindows } from "../../../domain/email";
import type { ServiceDeps } from "../../platform/deps";
import { transact } from "../../platform/write-later";
import type { CasesService } from "../cases";
import * as repo from "./email-intake.repository";
import { parseMessage, type StoredMessage, senderOf } from "./inbound-message";
import { type BatchReads, senderOfFacts } from "./intake-decider";
import { LostClaim, MAX_ATTEMPTS, type MessageIntakeService } from "./intake-message.service";
import { reasonOf } from "./intake-outcome";
import type { MailSettingsService } from "./mail-settings.service";

const SWEEP_LANES = 4;

/** Mail taken several messages at a time: a burst in one transaction per lane, and the sweep's backlog. */
export const createBatchIntakeService = (
  { db, clock }: ServiceDeps,
  deps: { cases: CasesService; settings: MailSettingsService; message: MessageIntakeService },
) => {
  const { message } = deps;

  /**
   * Messages this process has just stored, in one transaction (a burst's common case): each is decided and
   * finished on its own, but they share the begin, the locks and the commit. A sender whose lock another
   * processor holds is left out, and so is everything from a message that does not parse on (that one is
   * then recorded on its own): the messages left out are returned, in order, for the caller to queue again.
   * Anything unexpected undoes the batch, and each message then goes on its own.
   */
  const processStoredBatch = async (batch: readonly StoredMessage[]): Promise<StoredMessage[]> => {
    if (batch.length <= 1) {
      if (batch[0]) await message.processStored(batch[0]);
      return [];
    }
    const parsed: ParsedMail[] = [];
    for (const stored of batch) {
      try {
        parsed.push(await parseMessage(stored.raw));
      } catch {
        break;
      }
    }
    if (!parsed.length) {
      await message.processStored(batch[0]!);
      return batch.slice(1);
    }
    const unparsed = batch.slice(parsed.length);
    const senders = parsed.map(senderOf);
    const first = senders[0] ?? null;
    try {
      return await transact(db, async (tx) => {
        const held = await repo.beginMailWork(tx, {
          first,
          others: senders.filter((s): s is string => !!s),
        });
        const mine = senders.filter((s): s is string => !!s && (s === first || held.has(s)));
        // what every message of the batch reads, read once: its senders, and their organizations' contracts
        const settings = await deps.settings.forProcessing(tx);
        const facts = await repo.findSenderFacts(tx, {
          addresses: mine,
          ...senderCountWindows(settings.loopThreshold, clock.now()),
          excludeIds: batch.map((m) => m.id),
        });
        const organizations = [...facts.values()].flatMap((f) => {
          const sender = senderOfFacts(f);
          return sender.kind === "contact" ? [sender.organizationId] : [];
        });
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
          await message.decideAndFinish(tx, {
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
      for (const stored of batch.slice(0, parsed.length)) await message.processStored(stored);
      return unparsed;
    }
  };

  /**
   * The backstop: stored messages whose processing was lost (a killed process) or failed and is due again
   * are processed here; one whose processors died with every attempt is listed for review instead.
   */
  const sweep = async (options: { graceSeconds: number; limit: number }) => {
    const now = clock.now();
    await repo.giveUpInbound(db, {
      now,
      maxAttempts: MAX_ATTEMPTS,
      ...reasonOf({ reason: "processing_abandoned", params: { attempts: MAX_ATTEMPTS } }),
    });
    const ids = await repo.findStaleInbound(db, {
      before: new Date(now.getTime() - options.graceSeconds * 1000),
      now,
      limit: options.limit,
    });
    // a few at a time: after a crash the whole backlog is here
    let next = 0;
    await Promise.all(
      Array.from({ length: Math.min(SWEEP_LANES, ids.length) }, async () => {
        while (next < ids.length) await message.processMessage(ids[next++]!);
      }),
    );
    return ids.length;
  };

  return { processStoredBatch, sweep };
};
