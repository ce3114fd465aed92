import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { simpleParser } from "mailparser";
import { type Actor, authorize } from "../../platform/actor";
import type { ServiceDeps } from "../../platform/deps";
import { devMailDir } from "../../platform/dev-mail-sink";
import { notFound } from "../../platform/errors";

const NAME = /^[0-9a-z]{9}-[0-9a-f]{8}$/;

const addressText = (value: unknown): string => {
  if (!value) return "";
  const list = Array.isArray(value) ? value : [value];
  return list.map((a: { text?: string }) => a.text ?? "").join(", ");
};

/** The development sink's captured mail, newest first, for the "captured mail" page. */
export const createDevMailService = ({ config }: ServiceDeps) => {
  const dir = devMailDir(config.dataDir);
  const enabled = !config.smtpUrl;

  const read = async (id: string) => {
    const raw = await readFile(path.join(dir, `${id}.eml`));
    const parsed = await simpleParser(raw);
    return {
      id,
      receivedAt: new Date(Number.parseInt(id.slice(0, 9), 36)).toISOString(),
      from: addressText(parsed.from),
      to: addressText(parsed.to),
      subject: parsed.subject ?? "",
      parsed,
      raw,
    };
  };

  const list = async (actor: Actor | null) => {
    authorize(actor, "dev-mail:read");
    if (!enabled) return { enabled, items: [] };
    const names = (await readdir(dir).catch(() => [] as string[]))
      .map((f) => f.replace(/\.eml$/, ""))
      .filter((f) => NAME.test(f))
      .sort()
      .reverse()
      .slice(0, 200);
    const items = await Promise.all(names.map(read));
    return { enabled, items: items.map(({ parsed: _p, raw: _r, ...summary }) => summary) };
  };

  const get = async (actor: Actor | null, id: string) => {
    authorize(actor, "dev-mail:read");
    if (!enabled || !NAME.test(id)) throw notFound("captured_mail");
    const mail = await read(id).catch(() => null);
    if (!mail) throw notFound("captured_mail");
    const { parsed, raw, ...summary } = mail;
    return {
      ...summary,
      text: parsed.text ?? "",
      html: typeof parsed.html === "string" ? parsed.html : null,
      headers: parsed.headerLines.map((h) => ({ name: h.key, value: h.line.slice(h.key.length + 1).trim() })),
      raw: raw.toString("utf8"),
    };
  };

  return { list, get };
};

export type DevMailService = ReturnType<typeof createDevMailService>;
