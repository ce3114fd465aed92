import { setTimeout as sleep } from "node:timers/promises";
import type { ImapFlow } from "imapflow";
import { advisoryLock } from "../../platform/advisory-lock";
import type { EmailIntakeService, IntakeSource } from "./email-intake.service";
import { type ImapSettings, imapClientFor } from "./imap-client";
import { createIntakeLanes } from "./intake-lanes";

// unseen messages whose sizes are asked at once, and how many of them (or bytes) are fetched together
const SIZE_GROUP = 64;
const FETCH_MESSAGES = 16;
const FETCH_BYTES = 4 * 1024 * 1024;

/** The advisory lock's key: the same mailbox on the same server, whatever else the settings say. */
const mailboxKey = (s: ImapSettings) => `imap\n${s.host.toLowerCase()}\n${s.user}\n${s.mailbox}`;

/** Consecutive runs of messages, each at most FETCH_MESSAGES and FETCH_BYTES (or one larger message). */
const fetchGroups = (messages: { uid: number; size: number }[]) => {
  const groups: number[][] = [];
  let group: number[] = [];
  let bytes = 0;
  for (const { uid, size } of messages) {
    if (group.length && (group.length >= FETCH_MESSAGES || bytes + size > FETCH_BYTES)) {
      groups.push(group);
      group = [];
      bytes = 0;
    }
    group.push(uid);
    bytes += size;
  }
  if (group.length) groups.push(group);
  return groups;
};

/**
 * IMAP polling of the support mailbox: each unseen message is stored, and only then marked \Seen or moved
 * to the processed folder — a crash in between fetches it again and the store recognises it. Stored
 * messages go through the same lanes as SMTP's, and fetching waits while they are behind, so a full
 * mailbox is read a few messages at a time. With several processes on one database, the one holding the
 * mailbox's advisory lock polls and the others try again every few seconds (without `databaseUrl` — the
 * embedded database, which is this process's own — it polls unconditionally). Waits with IDLE when the
 * server has it, else polls.
 */
export const startImapIntake = (options: {
  intake: EmailIntakeService;
  settings: () => Promise<ImapSettings | null>;
  ca?: string | undefined;
  databaseUrl?: string | undefined;
  pollMs?: number;
  lockRetryMs?: number;
  concurrency?: number;
  onError?: (error: unknown) => void;
}) => {
  const pollMs = options.pollMs ?? 30_000;
  const lockRetryMs = options.lockRetryMs ?? 3_000;
  let stopped = false;
  // every wait ends at once when the process stops
  const stopping = new AbortController();
  const pause = (ms: number, signal: AbortSignal = stopping.signal) =>
    sleep(ms, undefined, { signal }).catch(() => undefined);
  let client: ImapFlow | null = null;
  const lanes = createIntakeLanes({
    intake: options.intake,
    concurrency: options.concurrency,
    onError: options.onError,
  });
  const lock = options.databaseUrl
    ? advisoryLock({ connectionString: options.databaseUrl, name: "soporte-imap" })
    : null;

  /** Stores a run of messages, then moves or flags the ones stored (also when a later one fails). */
  const take = async (imap: ImapFlow, settings: ImapSettings, uids: number[]) => {
    const messages = await imap.fetchAll(uids.join(","), { uid: true, source: true }, { uid: true });
    const done: number[] = [];
    try {
      for (const message of messages) {
        if (!message.source) continue;
        const origin: IntakeSource = {
          source: "imap",
          detail: { host: settings.host, mailbox: settings.mailbox, uid: message.uid },
        };
        const stored = await options.intake.store(message.source, origin);
        done.push(message.uid);
        if (!stored.duplicate) lanes.push({ id: stored.id, raw: message.source, origin });
      }
    } finally {
      if (done.length && settings.processedMailbox) {
        await imap.messageMove(done.join(","), settings.processedMailbox, { uid: true });
      } else if (done.length) {
        await imap.messageFlagsAdd(done.join(","), ["\\Seen"], { uid: true });
      }
    }
  };

  const drain = async (imap: ImapFlow, settings: ImapSettings, held: AbortSignal) => {
    const uids = (await imap.search({ seen: false }, { uid: true })) || [];
    for (let i = 0; i < uids.length; i += SIZE_GROUP) {
      const sized = await imap.fetchAll(
        uids.slice(i, i + SIZE_GROUP).join(","),
        { uid: true, size: true },
        { uid: true },
      );
      for (const group of fetchGroups(sized.map((m) => ({ uid: m.uid, size: m.size ?? 0 })))) {
        // back-pressure: while processing is behind, nothing more is read into memory
        await lanes.room();
        if (stopped || held.aborted) return;
        await take(imap, settings, group);
      }
    }
  };

  /** Polls the mailbox until the settings change, the lock is lost or the process stops. */
  const poll = async (settings: ImapSettings, held: AbortSignal) => {
    const imap = imapClientFor(settings, options.ca);
    client = imap;
    try {
      imap.on("error", (error: unknown) => options.onError?.(error));
      await imap.connect();
      if (settings.processedMailbox) {
        await imap.mailboxCreate(settings.processedMailbox).catch(() => undefined);
      }
      const mailboxLock = await imap.getMailboxLock(settings.mailbox);
      // new mail announced (EXISTS) while draining is drained next, without waiting
      let announced = false;
      let wake: (() => void) | null = null;
      imap.on("exists", () => {
        announced = true;
        wake?.();
      });
      try {
        while (!stopped && imap.usable && !held.aborted) {
          announced = false;
          await drain(imap, settings, held);
          if (stopped || held.aborted) break;
          if (!announced) {
            // new mail ends the wait (IDLE); the timeout also re-reads changed settings now and then
            const waited = new AbortController();
            const idle = imap.capabilities.has("IDLE") ? imap.idle().catch(() => undefined) : null;
            await Promise.race([
              new Promise<void>((resolve) => {
                wake = resolve;
              }),
              pause(pollMs, AbortSignal.any([stopping.signal, held, waited.signal])),
              ...(idle ? [idle] : []),
            ]);
            waited.abort();
            wake = null;
          }
          const current = await options.settings().catch(() => null);
          if (JSON.stringify(current) !== JSON.stringify(settings)) break;
        }
      } finally {
        mailboxLock.release();
      }
    } finally {
      client = null;
      await imap.logout().catch(() => imap.close());
    }
  };

  const run = async () => {
    while (!stopped) {
      const settings = await options.settings().catch(() => null);
      if (!settings) {
        await lock?.release();
        await pause(pollMs);
        continue;
      }
      let held: AbortSignal | null = new AbortController().signal;
      try {
        // another process polling this mailbox holds its lock: try again in a few seconds
        if (lock) held = await lock.tryAcquire(mailboxKey(settings));
        if (!held) {
          await pause(lockRetryMs);
          continue;
        }
        await poll(settings, held);
      } catch (error) {
        options.onError?.(error);
        if (!stopped) await pause(Math.min(pollMs, 5_000));
      }
    }
    await lock?.close();
  };
  const running = run();
  return {
    /** Messages stored and waiting or being processed in this process. */
    backlog: lanes.backlog,
    stop: async () => {
      stopped = true;
      stopping.abort();
      // first, so that a fetch waiting for room goes on to see the stop
      const lanesStopped = lanes.stop();
      const c = client;
      await c?.logout().catch(() => c.close());
      await running;
      await lanesStopped;
    },
  };
};
