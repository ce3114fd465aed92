/**
 * What broken mailers send, read rather than refused (SPEC §6): one pass over a raw message's lines that
 *
 * - measures its MIME nesting (multipart and message/rfc822 entities inside each other), stopping as soon
 *   as it is deeper than the cap — like Postfix's `mime_nesting_limit`, a message nested deeper is not
 *   parsed at all;
 * - finds header lines holding raw 8-bit bytes that are not UTF-8 (the subject, a display name, a file
 *   name as Spanish mail programs write them) and reads them as Windows-1252, a superset of ISO-8859-1 for
 *   printable text;
 * - finds a top-level multipart that cannot be split (no boundary parameter, or a boundary that never
 *   starts a line) and declares it one text part, so its whole body is kept.
 *
 * The stored message is never changed; the repaired copy is only what the MIME parser reads.
 */

export const MIME_NESTING_LIMIT = 100;

export type MimeRepair =
  | { ok: true; raw: Uint8Array; repairs: ("legacy_header_bytes" | "unsplittable_multipart")[] }
  | { ok: false; reason: "mime_nesting_too_deep"; limit: number };

const CR = 0x0d;
const LF = 0x0a;
const utf8 = new TextDecoder("utf-8", { fatal: true });
/**
 * Windows-1252's bytes 0x80–0x9F (the rest is ISO-8859-1, code point = byte). Written out because Node 20's
 * TextDecoder reads "windows-1252" as plain ISO-8859-1 and turns “ ” – € into C1 controls; 0x81, 0x8D,
 * 0x8F, 0x90 and 0x9D are unassigned and stay as they are.
 */
const CP1252_HIGH = [
  0x20ac, 0x81, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021, 0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0x8d,
  0x017d, 0x8f, 0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x02dc, 0x2122, 0x0161, 0x203a,
  0x0153, 0x9d, 0x017e, 0x0178,
];
export const decodeWindows1252 = (bytes: Uint8Array): string => {
  let text = "";
  for (const b of bytes) text += String.fromCharCode(b >= 0x80 && b < 0xa0 ? CP1252_HIGH[b - 0x80]! : b);
  return text;
};
const encoder = new TextEncoder();

/** The line's bytes as text for matching (every byte one character; only ASCII is compared). */
const latin1 = (bytes: Uint8Array) => {
  let text = "";
  for (let i = 0; i < bytes.length; i += 0x8000) {
    text += String.fromCharCode(...bytes.subarray(i, Math.min(bytes.length, i + 0x8000)));
  }
  return text;
};

const isUtf8 = (bytes: Uint8Array) => {
  try {
    utf8.decode(bytes);
    return true;
  } catch {
    return false;
  }
};

const hasHighBytes = (bytes: Uint8Array) => bytes.some((b) => b >= 0x80);

type Line = { start: number; end: number; next: number };

/** The line starting at `start`: [start, end) without the line break, `next` where the next line starts. */
const lineAt = (raw: Uint8Array, start: number): Line => {
  let end = raw.indexOf(LF, start);
  const next = end < 0 ? raw.length : end + 1;
  if (end < 0) end = raw.length;
  return { start, end: end > start && raw[end - 1] === CR ? end - 1 : end, next };
};

/**
 * Where the next line starting with "--" (a delimiter candidate) begins, from the start of a line: a body is
 * skipped a dash at a time (base64 has none), not a line at a time.
 */
const nextDashLine = (raw: Uint8Array, from: number): number => {
  for (let at = raw.indexOf(0x2d, from); at >= 0; at = raw.indexOf(0x2d, at + 1)) {
    if ((at === from || raw[at - 1] === LF) && raw[at + 1] === 0x2d) return at;
  }
  return raw.length;
};

/** Content-Type of a header block: its type (lower case) and the boundary and charset parameters. */
const contentTypeIn = (headers: string) => {
  const field = /(?:^|\n)content-type[ \t]*:([^\n]*(?:\n[ \t][^\n]*)*)/i
    .exec(headers)?.[1]
    ?.replace(/\n/g, " ");
  if (!field) return null;
  const type = field.split(";")[0]?.trim().toLowerCase() ?? "";
  const param = (name: string) =>
    new RegExp(`;\\s*${name}\\s*=\\s*(?:"([^"]*)"|([^\\s;]+))`, "i")
      .exec(field)
      ?.slice(1)
      .find((v) => v !== undefined) ?? null;
  return { type, boundary: param("boundary"), charset: param("charset") };
};

/** An open multipart entity: its boundary, its level, and whether it lies inside an attached message. */
type Entity = { boundary: string; depth: number; opaque: boolean };

/** A header block being read: its text, its entity's level, whether the parser reads its bytes. */
type Block = {
  text: string;
  depth: number;
  ours: boolean;
  contentType: { start: number; end: number } | null;
};

const isMessage = (type: string | undefined) => type === "message/rfc822" || type === "message/global";

/**
 * Measures, and repairs what can be read. `limit` is the deepest nesting still parsed (a top-level multipart
 * is level 1, a multipart inside it level 2, …; a message/rfc822 part's message is one level more).
 */
export const repairMime = (raw: Uint8Array, limit = MIME_NESTING_LIMIT): MimeRepair => {
  const legacy: Line[] = [];
  const stack: Entity[] = [];
  let block: Block | null = { text: "", depth: 0, ours: true, contentType: null };
  let top: { type: string; charset: string | null; field: { start: number; end: number } | null } | null =
    null;
  let topDelimiterSeen = false;
  let field: "content-type" | "other" | null = null;

  for (let start = 0; start < raw.length; ) {
    if (!block) {
      // in a body only a delimiter matters
      start = stack.length ? nextDashLine(raw, start) : raw.length;
      if (start >= raw.length) break;
    }
    const line = lineAt(raw, start);
    start = line.next;
    const bytes = raw.subarray(line.start, line.end);
    if (block) {
      if (bytes.length > 0) {
        const text = latin1(bytes);
        const continued = /^[ \t]/.test(text);
        if (!continued) field = /^content-type[ \t]*:/i.test(text) ? "content-type" : "other";
        if (field === "content-type" && block.depth === 0) {
          block.contentType = {
            start: block.contentType && continued ? block.contentType.start : line.start,
            end: line.end,
          };
        }
        block.text += `${continued ? "" : "\n"}${text}`;
        if (block.ours && hasHighBytes(bytes) && !isUtf8(bytes)) legacy.push(line);
        continue;
      }
      // the block ends: what it declares opens the entity's body
      const type = contentTypeIn(block.text);
      if (block.depth === 0)
        top = { type: type?.type ?? "", charset: type?.charset ?? null, field: block.contentType };
      const depth: number =
        block.depth + (type?.type.startsWith("multipart/") || isMessage(type?.type) ? 1 : 0);
      if (depth > limit) return { ok: false, reason: "mime_nesting_too_deep", limit };
      if (type?.type.startsWith("multipart/") && type.boundary) {
        stack.push({ boundary: type.boundary, depth, opaque: !block.ours });
      }
      // a message/rfc822 part's own headers follow at once; they are the attachment's, kept as they are
      block = isMessage(type?.type) ? { text: "", depth, ours: false, contentType: null } : null;
      field = null;
      continue;
    }
    if (bytes[0] !== 0x2d || bytes[1] !== 0x2d) continue;
    // a delimiter of an open entity ("--boundary" or "--boundary--"), the innermost first
    const text = latin1(bytes).trimEnd();
    for (let i = stack.length - 1; i >= 0; i -= 1) {
      const entity = stack[i]!;
      if (!text.startsWith(`--${entity.boundary}`)) continue;
      const rest = text.slice(entity.boundary.length + 2);
      if (rest !== "" && rest !== "--") continue;
      if (entity.depth === 1) topDelimiterSeen = true;
      stack.length = rest === "--" ? i : i + 1;
      if (rest === "") block = { text: "", depth: entity.depth, ours: !entity.opaque, contentType: null };
      break;
    }
  }

  const unsplittable = top?.type.startsWith("multipart/") === true && !topDelimiterSeen && top.field !== null;
  const repairs: ("legacy_header_bytes" | "unsplittable_multipart")[] = [];
  if (legacy.length) repairs.push("legacy_header_bytes");
  if (unsplittable) repairs.push("unsplittable_multipart");
  if (!repairs.length) return { ok: true, raw, repairs };

  // the repaired copy: legacy header lines as UTF-8; an unsplittable top-level multipart's Content-Type
  // replaced by one text part in its declared charset
  const edits: { start: number; end: number; bytes: Uint8Array }[] = legacy.map((line) => ({
    start: line.start,
    end: line.end,
    bytes: encoder.encode(decodeWindows1252(raw.subarray(line.start, line.end))),
  }));
  if (unsplittable && top?.field) {
    const { start, end } = top.field;
    for (let i = edits.length - 1; i >= 0; i -= 1)
      if (edits[i]!.start >= start && edits[i]!.end <= end) edits.splice(i, 1);
    edits.push({
      start,
      end,
      bytes: encoder.encode(`Content-Type: text/plain; charset=${top.charset ?? "utf-8"}`),
    });
  }
  edits.sort((a, b) => a.start - b.start);
  const pieces: Uint8Array[] = [];
  let at = 0;
  for (const edit of edits) {
    pieces.push(raw.subarray(at, edit.start), edit.bytes);
    at = edit.end;
  }
  pieces.push(raw.subarray(at));
  const repaired = new Uint8Array(pieces.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const piece of pieces) {
    repaired.set(piece, offset);
    offset += piece.length;
  }
  return { ok: true, raw: repaired, repairs };
};
