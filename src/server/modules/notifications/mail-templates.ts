import { mailCatalogEn } from "./mail-catalog.en";
import { mailCatalogEsMx } from "./mail-catalog.es-MX";

export const MAIL_LOCALES = ["es-MX", "en"] as const;
export type MailLocale = (typeof MAIL_LOCALES)[number];

export const mailLocale = (preferred: string | null | undefined): MailLocale =>
  preferred === "en" ? "en" : "es-MX";

type Vars = Record<string, string | number>;
export type Translate = (key: string, vars?: Vars & { defaultValue?: string }) => string;

const CATALOGS: Record<MailLocale, unknown> = { "es-MX": mailCatalogEsMx, en: mailCatalogEn };

const lookup = (catalog: unknown, key: string): string | undefined => {
  let node: unknown = catalog;
  for (const part of key.split(".")) {
    if (typeof node !== "object" || node === null || !Object.hasOwn(node, part)) return undefined;
    node = (node as Record<string, unknown>)[part];
  }
  return typeof node === "string" ? node : undefined;
};

/**
 * The catalog's text for a key, with {{placeholders}} filled; `count` picks the `_one` form where the
 * language's plural rules say so (the same conventions as the web catalogs).
 */
// like formatters, plural rules are costly to build and free to reuse
const PLURALS: Record<MailLocale, Intl.PluralRules> = {
  "es-MX": new Intl.PluralRules("es-MX"),
  en: new Intl.PluralRules("en"),
};

export const translator = (locale: MailLocale): Translate => {
  const plural = PLURALS[locale];
  return (key, vars = {}) => {
    const catalog = CATALOGS[locale];
    const form =
      typeof vars.count === "number" ? lookup(catalog, `${key}_${plural.select(vars.count)}`) : undefined;
    const text = form ?? lookup(catalog, key) ?? vars.defaultValue ?? key;
    return text.replace(/\{\{(\w+)\}\}/g, (whole, name: string) =>
      Object.hasOwn(vars, name) ? String(vars[name]) : whole,
    );
  };
};

const dateFormatters = new Map<MailLocale, Intl.DateTimeFormat>();

/** "31 de julio de 2027": a calendar date (a contract's, a support end) in the recipient's language. */
export const formatLocalDate = (date: string, locale: MailLocale): string => {
  let formatter = dateFormatters.get(locale);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat(locale, { dateStyle: "long", timeZone: "UTC" });
    dateFormatters.set(locale, formatter);
  }
  return formatter.format(new Date(`${date}T00:00:00Z`));
};

// building a formatter costs far more than using one: one per language and zone
const formatters = new Map<string, Intl.DateTimeFormat>();

/** "viernes, 27 de noviembre de 2026, 12:00 CST": an instant in the recipient's zone and language. */
export const formatInstant = (at: Date, locale: MailLocale, timeZone: string): string => {
  const key = `${locale}|${timeZone}`;
  let formatter = formatters.get(key);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat(locale, {
      timeZone,
      weekday: "long",
      day: "numeric",
      month: "long",
      year: "numeric",
      hour: "2-digit",
      minute: "2-digit",
      hour12: false,
      timeZoneName: "short",
    });
    formatters.set(key, formatter);
  }
  return formatter.format(at);
};

export type RenderedMail = { subject: string; text: string; html: string };

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** A mail as greeting, paragraphs, link and signature; the HTML part is the same text, escaped. */
export const composeMail = (options: {
  t: Translate;
  subject: string;
  recipientName: string;
  paragraphs: string[];
  link?: string;
  footer?: string;
}): RenderedMail => {
  const { t } = options;
  const blocks = [
    t("greeting", { name: options.recipientName }),
    ...options.paragraphs,
    ...(options.link ? [t("viewCase", { link: options.link })] : []),
    t("signature"),
    ...(options.footer ? [options.footer] : []),
  ];
  // a header must stay on one line whatever the case subject holds
  const subject = options.subject.replace(/[\r\n\t]+/g, " ").slice(0, 250);
  const html = `<!doctype html><html><body style="font-family:system-ui,sans-serif;line-height:1.5">${blocks
    .map((b) => `<p>${escapeHtml(b).replace(/\n/g, "<br>")}</p>`)
    .join("")}</body></html>`;
  return { subject, text: `${blocks.join("\n\n")}\n`, html };
};
