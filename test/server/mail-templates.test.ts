import { describe, expect, it } from "vitest";
import { mailCatalogEn } from "../../src/server/modules/notifications/mail-catalog.en";
import { mailCatalogEsMx } from "../../src/server/modules/notifications/mail-catalog.es-MX";
import {
  composeMail,
  formatInstant,
  mailLocale,
  translator,
} from "../../src/server/modules/notifications/mail-templates";

const keysOf = (node: unknown, prefix = ""): string[] =>
  typeof node === "object" && node !== null
    ? Object.entries(node).flatMap(([k, v]) => keysOf(v, prefix ? `${prefix}.${k}` : k))
    : [prefix];
const placeholders = (text: string) => [...text.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();

describe("mail catalogs", () => {
  it("have the same keys and the same placeholders in Spanish and English", () => {
    expect(keysOf(mailCatalogEn).sort()).toEqual(keysOf(mailCatalogEsMx).sort());
    const es = translator("es-MX");
    const en = translator("en");
    for (const key of keysOf(mailCatalogEsMx)) {
      expect(placeholders(en(key, {})), key).toEqual(placeholders(es(key, {})));
    }
  });

  it("fills placeholders, picks the singular by the language's plural rules, and falls back to Spanish", () => {
    const es = translator("es-MX");
    expect(es("hours", { count: 1 })).toBe("1 hora");
    expect(es("hours", { count: 4 })).toBe("4 horas");
    expect(translator("en")("hours", { count: 1 })).toBe("1 hour");
    expect(es("calendar.otro", { defaultValue: "otro" })).toBe("otro");
    expect(mailLocale("en")).toBe("en");
    expect(mailLocale("fr")).toBe("es-MX");
    expect(mailLocale(null)).toBe("es-MX");
  });

  it("writes an instant in the recipient's zone and language", () => {
    const at = new Date("2026-11-30T18:00:00Z");
    expect(formatInstant(at, "es-MX", "America/Mexico_City")).toMatch(
      /^lunes, 30 de noviembre de 2026, 12:00/,
    );
    expect(formatInstant(at, "en", "Europe/Madrid")).toMatch(/Monday, November 30, 2026.*19:00/);
  });

  it("escapes the HTML part and keeps the subject on one line", () => {
    const mail = composeMail({
      t: translator("es-MX"),
      subject: "Línea 1\r\nBcc: victima@example.com",
      recipientName: "<script>alert(1)</script>",
      paragraphs: ['<img src="http://x/y.png"> & más'],
    });
    expect(mail.subject).toBe("Línea 1 Bcc: victima@example.com");
    expect(mail.html).not.toContain("<script>");
    expect(mail.html).not.toContain("<img");
    expect(mail.html).toContain("&#60;script&#62;");
    expect(mail.text).toContain("<script>alert(1)</script>");
  });
});
