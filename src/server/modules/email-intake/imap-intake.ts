import { setTimeout as sleep } from "node:timers/promises";
import type { ImapFlow } from "imapflow";
import type { EmailIntakeService } from "./email-intake.service";
import { type ImapSettings, imapClientFor } from "./imap-client";

/**
 * IMAP polling of the support mailbox: each unseen message is stored, and only then marked \Seen or moved
 * to the processed folder — a crash in between fetches it again and the store recognises it. Waits with
 * IDLE when the server has it, else polls.
 */
export const startImapIntake = (options: {
  intake: EmailIntakeService;
  settings: () => Promise<ImapSettings | null>;
  ca?: string | undefined;
  pollMs?: number;
  onError?: (error: unknown) => void;
}) => {
  const pollMs = options.pollMs ?? 30_000;
  let stopped = false;
  // every wait ends at once when the process stops
  const stopping = new AbortController();
  const pause = (ms: number) => sleep(ms, undefined, { signal: stopping.signal }).catch(() => undefined);
  let client: ImapFlow | null = null;
  const processing = new Set<Promise<unknown>>();

  const drain = async (imap: ImapFlow, settings: ImapSettings) => {
    const uids = (await imap.search({ seen: false }, { uid: true })) || [];
    for (const uid of uids) {
      if (stopped) return;
      const message = await imap.fetchOne(String(uid), { source: true }, { uid: true });
      const source = message ? message.source : undefined;
      if (!source) continue;
      const origin = {
        source: "imap" as const,
        detail: { host: settings.host, mailbox: settings.mailbox, uid },
      };
      const stored = await options.intake.store(source, origin);
      if (settings.processedMailbox) {
        await imap.messageMove(String(uid), settings.processedMailbox, { uid: true });
      } else {
        await imap.messageFlagsAdd(String(uid), ["\\Seen"], { uid: true });
      }
      if (!stored.duplicate) {
        const work = options.intake
          .processStored({ id: stored.id, raw: source, origin })
          .catch((error: unknown) => options.onError?.(error))
          .finally(() => processing.delete(work));
        processing.add(work);
      }
    }
  };

  const run = async () => {
    while (!stopped) {
      const settings = await options.settings().catch(() => null);
      if (!settings) {
        await pause(pollMs);
        continue;
      }
      try {
        client = imapClientFor(settings, options.ca);
        client.on("error", (error: unknown) => options.onError?.(error));
        await client.connect();
        if (settings.processedMailbox) {
          await client.mailboxCreate(settings.processedMailbox).catch(() => undefined);
        }
        const lock = await client.getMailboxLock(settings.mailbox);
        try {
          while (!stopped && client.usable) {
            await drain(client, settings);
            if (stopped) break;
            // IDLE returns when new mail arrives; the timeout also re-reads changed settings now and then
            const idle = client.capabilities.has("IDLE") ? client.idle() : pause(pollMs);
            await Promise.race([idle, pause(pollMs)]);
            const current = await options.settings().catch(() => null);
            if (JSON.stringify(current) !== JSON.stringify(settings)) break;
          }
        } finally {
          lock.release();
        }
      } catch (error) {
        options.onError?.(error);
        if (!stopped) await pause(Math.min(pollMs, 5_000));
      } finally {
        const c = client;
        client = null;
        await c?.logout().catch(() => c.close());
      }
    }
  };
  const running = run();
  return {
    stop: async () => {
      stopped = true;
      stopping.abort();
      const c = client;
      await c?.logout().catch(() => c.close());
      await running;
      await Promise.allSettled([...processing]);
    },
  };
};
