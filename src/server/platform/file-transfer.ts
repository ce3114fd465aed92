import type { Readable } from "node:stream";
import type { FastifyReply, FastifyRequest } from "fastify";
import { AppError, invalidField } from "./errors";

/** One uploaded file and the plain fields sent with it (multipart/form-data). */
export type Upload = {
  filename: string;
  contentType: string;
  content: Buffer;
  fields: Record<string, string>;
};

/**
 * Reads a multipart request with exactly one file. `maxBytes` overrides the app's limit for this route;
 * a larger file is a 413 problem.
 */
export const readOneFile = async (request: FastifyRequest, options: { maxBytes?: number } = {}) => {
  if (!request.isMultipart())
    throw new AppError("unsupported_media_type", { reason: "multipart_file_expected" });
  let file: Omit<Upload, "fields"> | null = null;
  const fields: Record<string, string> = {};
  const parts = request.parts(options.maxBytes ? { limits: { fileSize: options.maxBytes } } : undefined);
  for await (const part of parts) {
    if (part.type === "file") {
      if (file)
        throw invalidField({ reason: "one_file_per_request" }, { field: "file", code: "one_file_only" });
      file = { filename: part.filename, contentType: part.mimetype, content: await part.toBuffer() };
    } else if (typeof part.value === "string") {
      fields[part.fieldname] = part.value;
    }
  }
  if (!file) throw invalidField({ reason: "file_missing" }, { field: "file", code: "required" });
  return { ...file, fields } satisfies Upload;
};

/** One uploaded file read as it arrives: its bytes are read once, and a file over the limit throws a 413. */
export type StreamedUpload = {
  filename: string;
  contentType: string;
  chunks: AsyncIterable<Buffer>;
};

/**
 * Reads a multipart request whose first part is one file, without holding it in memory: `handle` consumes
 * the bytes as they arrive (and should write them in a transaction, since an oversized file throws a 413
 * problem at its end). Fields and any further file are drained unread.
 */
export const streamOneFile = async <T>(
  request: FastifyRequest,
  options: { maxBytes: number },
  handle: (upload: StreamedUpload) => Promise<T>,
): Promise<T> => {
  if (!request.isMultipart())
    throw new AppError("unsupported_media_type", { reason: "multipart_file_expected" });
  let handled: { result: T } | null = null;
  const parts = request.parts({ limits: { fileSize: options.maxBytes } });
  for await (const part of parts) {
    if (part.type !== "file") continue;
    const file = part.file;
    if (handled) {
      // the first file was written already; any other is drained unread
      file.resume();
      continue;
    }
    async function* chunks() {
      for await (const chunk of file) {
        if (file.truncated) throw new AppError("payload_too_large");
        yield chunk as Buffer;
      }
      if (file.truncated) throw new AppError("payload_too_large");
    }
    handled = {
      result: await handle({ filename: part.filename, contentType: part.mimetype, chunks: chunks() }),
    };
  }
  if (!handled) throw invalidField({ reason: "file_missing" }, { field: "file", code: "required" });
  return handled.result;
};

/** RFC 6266: an ASCII fallback name plus the exact UTF-8 one. */
const contentDisposition = (kind: "attachment" | "inline", filename: string) =>
  `${kind}; filename="${filename.replace(/[^\x20-\x7E]|["\\]/g, "_")}"; filename*=UTF-8''${encodeURIComponent(filename)}`;

/**
 * Sends stored bytes so that no browser runs them: a download (or, for raster images shown in a page,
 * inline) with the served type, no sniffing, and a sandbox that forbids scripts.
 */
export const sendFile = (
  reply: FastifyReply,
  file: { filename: string; servedType: string; content: Buffer | Readable; sizeBytes?: number },
  options: { inline?: boolean; cache?: "private" | "none" } = {},
) =>
  (file.sizeBytes === undefined ? reply : reply.header("content-length", file.sizeBytes))
    .header("content-type", file.servedType)
    .header(
      "content-disposition",
      contentDisposition(options.inline ? "inline" : "attachment", file.filename),
    )
    .header("x-content-type-options", "nosniff")
    .header("content-security-policy", "default-src 'none'; sandbox")
    .header("cache-control", options.cache === "private" ? "private, max-age=300" : "private, no-store")
    .send(file.content);
