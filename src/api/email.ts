import { z } from "zod";
import { emailSchema, pageOf, paginationQuerySchema, timestampSchema } from "./common";
import { paramsSchema } from "./errors";

const hostSchema = z
  .string()
  .trim()
  .min(1)
  .max(253)
  .regex(/^[a-z0-9.-]+$/i, { message: "must be a host name such as mx.example.com" });

export const imapSettingsSchema = z.strictObject({
  host: hostSchema,
  port: z.number().int().min(1).max(65535),
  /** TLS from the first byte (993); false means STARTTLS when offered. Certificates are always verified. */
  secure: z.boolean(),
  user: z.string().min(1).max(200),
  /** Write-only: null in answers; omit or null in an edit to keep the stored one. */
  password: z.string().min(1).max(500).nullable(),
  mailbox: z.string().min(1).max(200),
  /** Where processed mail is moved; null marks it \\Seen instead. */
  processedMailbox: z.string().min(1).max(200).nullable(),
});

export const mailSettingsSchema = z.strictObject({
  /** The addresses customers write to (our own mail from them is recognised and ignored). */
  supportAddresses: z.array(emailSchema).max(20),
  /** authserv-ids of our own relays whose Authentication-Results are believed. */
  trustedAuthServIds: z.array(hostSchema).max(20),
  autoRepliesPerAddressPerDay: z.number().int().min(0).max(100),
  loopThreshold: z.strictObject({
    messages: z.number().int().min(1).max(10_000),
    minutes: z.number().int().min(1).max(1440),
  }),
  imap: imapSettingsSchema.nullable(),
});
export type MailSettings = z.infer<typeof mailSettingsSchema>;

export const mailSettingsViewSchema = mailSettingsSchema.extend({
  supportAddresses: z.array(z.string()),
  imap: imapSettingsSchema.extend({ passwordSet: z.boolean() }).nullable(),
});

export const INBOUND_STATUSES = [
  "received",
  "processing",
  "processed",
  "review",
  "ignored",
  "failed",
] as const;
/**
 * Why a message ended as it did, with the names of its parameters; `detail` says it in English for API
 * users, the web words it from its catalogs (`inboundMail.reasons.<reason>`).
 */
export const INBOUND_REASONS = {
  multipart_without_parts: [],
  no_from_address: [],
  authentication_failed: ["results"],
  loop_threshold: ["count", "minutes"],
  auto_report: [],
  auto_header: ["header", "value"],
  auto_header_present: ["header"],
  null_sender: [],
  automatic_sender: ["sender"],
  bounce_marked: ["count"],
  bounce_delayed: ["count"],
  bounce_unmatched: [],
  unknown_sender: [],
  not_authorized_contact: [],
  parse_error: ["error"],
  mime_nesting_too_deep: ["limit"],
  processing_error: ["error"],
  processing_abandoned: ["attempts"],
} as const satisfies Record<string, readonly string[]>;
export type InboundReason = keyof typeof INBOUND_REASONS;
const INBOUND_REASON_KEYS = Object.keys(INBOUND_REASONS) as [InboundReason, ...InboundReason[]];

export const INBOUND_FILTERS = ["attention", "pending", "processed", "ignored", "all"] as const;

export const inboundMailSummarySchema = z.object({
  id: z.uuid(),
  messageId: z.string().nullable(),
  source: z.enum(["smtp", "imap"]),
  receivedAt: timestampSchema,
  deliveries: z.number().int(),
  status: z.enum(INBOUND_STATUSES),
  /** case_opened, reply_added, refused, held; or why it is under review / ignored. */
  outcome: z.string().nullable(),
  /** The reason in English, for API users. */
  detail: z.string().nullable(),
  reason: z.enum(INBOUND_REASON_KEYS).nullable(),
  reasonParams: paramsSchema,
  from: z.string().nullable(),
  subject: z.string().nullable(),
  caseId: z.uuid().nullable(),
  sizeBytes: z.number().int(),
  autoReplied: z.boolean(),
  attempts: z.number().int(),
  processedAt: timestampSchema.nullable(),
});
export const inboundMailSchema = inboundMailSummarySchema.extend({
  /** The raw source as text: display it as text, never as HTML. */
  raw: z.string(),
  /** The message's HTML made inert (no scripts, handlers, remote images). */
  html: z.string().nullable(),
  envelope: z.record(z.string(), z.unknown()),
});
export const listInboundQuerySchema = paginationQuerySchema.extend({
  filter: z.enum(INBOUND_FILTERS).default("attention"),
});
export const inboundPageSchema = pageOf(inboundMailSummarySchema).extend({
  counts: z.record(z.string(), z.number().int()),
});
export const originalHeadersSchema = z.object({
  id: z.uuid(),
  receivedAt: timestampSchema,
  headers: z.string(),
});
export const imapTestResultSchema = z.object({
  ok: z.boolean(),
  /** Messages in the mailbox, when the connection worked. */
  messages: z.number().int().nullable(),
  error: z.string().nullable(),
});
