import { createHash } from "node:crypto";
import { type ParsedMail, simpleParser } from "mailparser";
import sanitizeHtml from "sanitize-html";
import { type MailHeaders, normalizeAddress, repairMime } from "../../../domain/email";

/** Where a stored message came from, with what its transport said (envelope, mailbox and UID). */
export type IntakeSource = { source: "smtp" | "imap"; detail: Record<string, unknown> };
/** A message this process has just stored, with its bytes still in hand. */
export type StoredMessage = { id: string; raw: Buffer; origin: IntakeSource };

const MAX_SUBJECT = 300;
export const MAX_DESCRIPTION = 50_000;

/** A message nested deeper than the cap: stored, never parsed (see `repairMime`). */
export class MimeNestingTooDeep extends Error {
  constructor(readonly limit: number) {
    super(`MIME nesting deeper than ${limit}`);
  }
}

// messages whose multipart could not be split and were read as one text part
const readWhole = new WeakSet<ParsedMail>();

/** The message as the MIME parser reads it, after the repairs broken mailers need (`domain/email`). */
export const parseMessage = async (raw: Buffer) => {
  const repaired = repairMime(raw);
  if (!repaired.ok) throw new MimeNestingTooDeep(repaired.limit);
  const bytes =
    repaired.raw === raw
      ? raw
      : Buffer.from(repaired.raw.buffer, repaired.raw.byteOffset, repaired.raw.byteLength);
  const parsed = await simpleParser(bytes, { skipImageLinks: true, maxHtmlLengthToParse: 2_000_000 });
  if (repaired.repairs.includes("unsplittable_multipart")) readWhole.add(parsed);
  return parsed;
};

export const senderOf = (parsed: ParsedMail) => normalizeAddress(parsed.from?.value[0]?.address ?? null);

/** Display HTML made inert: no scripts, handlers, forms, remote images or javascript: links. */
export const inertHtml = (html: string) =>
  sanitizeHtml(html, {
    allowedTags: sanitizeHtml.defaults.allowedTags.filter((t) => t !== "img"),
    allowedAttributes: { a: ["href", "title"], td: ["colspan", "rowspan"], th: ["colspan", "rowspan"] },
    allowedSchemes: ["http", "https", "mailto"],
    allowProtocolRelative: false,
    transformTags: { a: sanitizeHtml.simpleTransform("a", { rel: "noopener noreferrer nofollow" }) },
  }).replace(CONTROL, "");

export const headerMap = (parsed: ParsedMail): MailHeaders => {
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

export const contentTypeOf = (parsed: ParsedMail) => {
  const header = parsed.headers.get("content-type") as
    | { value?: string; params?: Record<string, string> }
    | undefined;
  if (!header?.value) return "text/plain";
  const params = Object.entries(header.params ?? {})
    .map(([k, v]) => `; ${k}="${v}"`)
    .join("");
  return `${header.value}${params}`;
};

/** A multipart with no text, HTML or attachment found in it, not even when read as one text part. */
export const isUnreadableMultipart = (parsed: ParsedMail) =>
  (readWhole.has(parsed) || contentTypeOf(parsed).toLowerCase().startsWith("multipart/")) &&
  !parsed.text?.trim() &&
  typeof parsed.html !== "string" &&
  parsed.attachments.length === 0;

// biome-ignore lint/suspicious/noControlCharactersInRegex: stripping them is the point
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\u202A-\u202E\u2066-\u2069]/g;

export const cleanLine = (text: string | undefined) =>
  (text ?? "")
    .replace(CONTROL, "")
    .replace(/[\r\n\t]+/g, " ")
    .trim();

/** The subject a case or a refusal takes. */
export const subjectOf = (parsed: ParsedMail) =>
  cleanLine(parsed.subject).slice(0, MAX_SUBJECT) || "(sin asunto)";

/** Body text: the plain part, else the HTML's text; control characters other than tabs and newlines go. */
export const bodyText = (parsed: ParsedMail) => {
  const text =
    parsed.text ?? (typeof parsed.html === "string" ? sanitizeHtml(parsed.html, { allowedTags: [] }) : "");
  return text.replace(CONTROL, "").trim();
};

/** The message's files as a case keeps them. */
export const attachmentsOf = (parsed: ParsedMail) =>
  parsed.attachments.map((a) => ({
    filename: a.filename ?? (a.contentType === "message/rfc822" ? "mensaje.eml" : "adjunto"),
    contentType: a.contentType,
    content: a.content,
  }));

/** The text of a delivery report, where bounced Message-IDs are named. */
export const reportText = (parsed: ParsedMail) =>
  [
    parsed.text ?? "",
    ...parsed.attachments
      .filter((a) => /rfc822|delivery-status|text\//i.test(a.contentType))
      .map((a) => a.content.toString("utf8")),
  ].join("\n");

/** The envelope sender: what SMTP said, else the Return-Path an IMAP server wrote. */
export const envelopeFromOf = (parsed: ParsedMail, sourceDetail: unknown): string | null => {
  const detail = (sourceDetail ?? {}) as { mailFrom?: string | null };
  if (detail.mailFrom !== undefined) return detail.mailFrom;
  const returnPath = parsed.headers.get("return-path") as { value?: { address?: string }[] } | undefined;
  return normalizeAddress(returnPath?.value?.[0]?.address) ?? null;
};

/** The Message-ID without its angle brackets, as written; null when there is none. */
export const bareMessageId = (parsed: ParsedMail) => parsed.messageId?.replace(/^<|>$/g, "") ?? null;

/** The Message-ID to compare with ours: bare and lower case; empty when there is none. */
export const messageIdOf = (parsed: ParsedMail) => bareMessageId(parsed)?.toLowerCase() ?? "";

/** The same message delivered twice has one key: its Message-ID, else its bytes. */
export const dedupeKeyOf = (raw: Buffer) => {
  const head = raw.subarray(0, Math.min(raw.length, 64 * 1024)).toString("latin1");
  const end = head.search(/\r?\n\r?\n/);
  const headers = (end >= 0 ? head.slice(0, end) : head).replace(/\r?\n[ \t]+/g, " ");
  const messageId = /^message-id:\s*<?([^\s<>]+)>?/im.exec(headers)?.[1]?.toLowerCase() ?? null;
  const key = messageId
    ? createHash("sha256").update(`mid:${messageId}`).digest("hex")
    : createHash("sha256").update("raw:").update(raw).digest("hex");
  return { key, messageId };
};
