export const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;
const MAX_NAME_LENGTH = 200;

/**
 * A file name safe to store and to send back: no folders ("../../x" → "x"), no control or bidirectional
 * override characters (which disguise "exe" as "txt"), no leading dots, bounded length.
 */
export const sanitizeFilename = (raw: string): string => {
  const base = raw.split(/[\\/]/).pop() ?? "";
  const cleaned = base
    // biome-ignore lint/suspicious/noControlCharactersInRegex: removing them is the point
    .replace(/[\u0000-\u001F\u007F\u200E\u200F\u202A-\u202E\u2066-\u2069]/g, "")
    .replace(/["<>:|?*]/g, "_")
    .replace(/^[.\s]+/, "")
    .trim();
  if (cleaned.length === 0) return "adjunto";
  if (cleaned.length <= MAX_NAME_LENGTH) return cleaned;
  const dot = cleaned.lastIndexOf(".");
  const extension = dot > 0 && cleaned.length - dot <= 10 ? cleaned.slice(dot) : "";
  return cleaned.slice(0, MAX_NAME_LENGTH - extension.length) + extension;
};

/** Types a browser would render or run: always served as opaque bytes. */
const ACTIVE_TYPES =
  /^(text\/html|application\/xhtml\+xml|image\/svg\+xml|text\/xml|application\/xml|text\/javascript|application\/javascript)/i;

/** The Content-Type to serve: the declared one when harmless, else application/octet-stream. */
export const servedContentType = (declared: string): string =>
  !/^[\w.+-]+\/[\w.+-]+$/.test(declared) || ACTIVE_TYPES.test(declared)
    ? "application/octet-stream"
    : declared.toLowerCase();

const startsWith = (bytes: Uint8Array, signature: readonly number[], at = 0) =>
  bytes.length >= at + signature.length && signature.every((byte, i) => bytes[at + i] === byte);
const ascii = (text: string) => [...text].map((c) => c.charCodeAt(0));

/** The first bytes of each raster type a page may show. */
const SIGNATURES: Record<string, (bytes: Uint8Array) => boolean> = {
  "image/png": (b) => startsWith(b, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  "image/jpeg": (b) => startsWith(b, [0xff, 0xd8, 0xff]),
  "image/gif": (b) => startsWith(b, ascii("GIF87a")) || startsWith(b, ascii("GIF89a")),
  "image/webp": (b) => startsWith(b, ascii("RIFF")) && startsWith(b, ascii("WEBP"), 8),
};

/**
 * Raster images a page may show inline (an article's illustrations) — only when the bytes are one: an HTML
 * page declared as image/png is a download like anything else.
 */
export const isInlineImage = (servedType: string, bytes: Uint8Array): boolean =>
  SIGNATURES[servedType.toLowerCase()]?.(bytes) ?? false;

/**
 * A file that could run script when opened (SVG, HTML, XML, JavaScript), by its declared type or its name:
 * refused where files are published to many people (articles).
 */
export const isActiveContent = (declared: string, filename: string): boolean =>
  ACTIVE_TYPES.test(declared) || /\.(svgz?|html?|xhtml|xht|xml|xsl|js|mjs)$/i.test(filename);
