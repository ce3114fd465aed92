import { describe, expect, it } from "vitest";
import {
  bouncedMessageIds,
  caseNumbersInSubject,
  checkAuthenticationResults,
  classifyAutoMail,
  type MailHeaders,
  messageIdsIn,
  normalizeAddress,
  referencedThreadTokens,
  trimReplyText,
} from "../../../src/domain/email";

const headers = (entries: Record<string, string | string[]>): MailHeaders =>
  new Map(Object.entries(entries).map(([k, v]) => [k.toLowerCase(), Array.isArray(v) ? v : [v]]));
const TOKEN = "0f3c5a7e9b1d2c4f6a8e0b2d4f6a8c0e";

const classify = (
  h: Record<string, string | string[]>,
  extra: Partial<Parameters<typeof classifyAutoMail>[0]> = {},
) =>
  classifyAutoMail({
    headers: headers(h),
    contentType: "text/plain",
    envelopeFrom: "ana@municipio.example",
    fromAddress: "ana@municipio.example",
    ownAddresses: ["soporte@soporte.example"],
    ...extra,
  });

describe("automatic mail", () => {
  it("a person's mail is human; Auto-Submitted: no too", () => {
    expect(classify({})).toEqual({ kind: "human" });
    expect(classify({ "auto-submitted": "no" })).toEqual({ kind: "human" });
  });

  it("recognises autoresponders, lists and bulk mail, never to be answered", () => {
    const autoHeaders: Record<string, string>[] = [
      { "auto-submitted": "auto-replied" },
      { "auto-submitted": "Auto-Generated; owner-email=x@y" },
      { precedence: "bulk" },
      { precedence: "junk" },
      { precedence: "list" },
      { "x-autoreply": "yes" },
      { "x-autorespond": "Vacaciones" },
      { "list-id": "<soporte.lists.example>" },
    ];
    for (const h of autoHeaders) {
      expect(classify(h).kind, JSON.stringify(h)).toBe("auto_submitted");
    }
    expect(classify({}, { envelopeFrom: "" }).kind).toBe("auto_submitted");
    expect(classify({}, { fromAddress: "no-reply@banco.example" }).kind).toBe("auto_submitted");
  });

  it("says what gave automatic mail away: the header, a null sender, a no-reply address, a report", () => {
    expect(classify({ "auto-submitted": "auto-replied" })).toEqual({
      kind: "auto_submitted",
      because: { reason: "auto_header", params: { header: "Auto-Submitted", value: "auto-replied" } },
    });
    expect(classify({ "list-id": "<x.example>" })).toMatchObject({
      because: { reason: "auto_header_present", params: { header: "list-id" } },
    });
    expect(classify({}, { envelopeFrom: "<>" })).toMatchObject({ because: { reason: "null_sender" } });
    expect(classify({}, { fromAddress: "noreply@banco.example" })).toMatchObject({
      because: { reason: "automatic_sender", params: { sender: "noreply" } },
    });
    expect(
      classify({}, { contentType: 'multipart/report; report-type="disposition-notification"' }),
    ).toMatchObject({
      because: { reason: "auto_report" },
    });
  });

  it("tells bounces (delivery-status) from other reports, before Auto-Submitted", () => {
    expect(
      classify(
        { "auto-submitted": "auto-replied" },
        { contentType: 'multipart/report; report-type="delivery-status"; boundary="x"' },
      ).kind,
    ).toBe("bounce");
    expect(classify({}, { contentType: "multipart/report; report-type=disposition-notification" }).kind).toBe(
      "auto_submitted",
    );
    expect(
      classify(
        { subject: "Undelivered Mail Returned to Sender" },
        { fromAddress: "mailer-daemon@mx.example" },
      ).kind,
    ).toBe("bounce");
    expect(bouncedMessageIds("Reporting-MTA: dns; mx\r\nMessage-ID: <Abc.1@Soporte.Example>\r\n")).toEqual([
      "abc.1@soporte.example",
    ]);
  });

  it("recognises our own mail coming back", () => {
    expect(classify({ "x-soporte-mail": "1" }).kind).toBe("own_mail");
    expect(classify({}, { fromAddress: "soporte@soporte.example" }).kind).toBe("own_mail");
  });
});

describe("addresses and references", () => {
  it("normalises the address, not the display name", () => {
    expect(normalizeAddress('"Ana Pérez" <Ana.Perez@Municipio.Example>')).toBe("ana.perez@municipio.example");
    expect(normalizeAddress('"Soporte <admin@soporte.example>" <atacante@malicioso.example>')).toBe(
      "atacante@malicioso.example",
    );
    expect(normalizeAddress("no es una dirección")).toBeNull();
    expect(normalizeAddress(undefined)).toBeNull();
    expect(messageIdsIn("<a@b> <C@D>")).toEqual(["a@b", "c@d"]);
  });

  it("finds our thread tokens in In-Reply-To and References, only on our domain", () => {
    const h = headers({
      "in-reply-to": `<cas-2026-000123.a1b2c3d4e5f6.${TOKEN}@soporte.example>`,
      references: `<otro@cliente.example> <cas-2026-000123.${TOKEN}@soporte.example>`,
    });
    expect(referencedThreadTokens(h, "soporte.example")).toEqual([TOKEN]);
    expect(referencedThreadTokens(h, "otro.example")).toEqual([]);
    const forged = headers({ "in-reply-to": "<cas-2026-000123.zzz@soporte.example>" });
    expect(referencedThreadTokens(forged, "soporte.example")).toEqual([]);
  });

  it("reads case numbers in a subject", () => {
    expect(caseNumbersInSubject("RE: RV: [CAS-2026-000123] Falla y cas-2026-000124")).toEqual([
      "CAS-2026-000123",
      "CAS-2026-000124",
    ]);
    expect(caseNumbersInSubject("Sin número")).toEqual([]);
  });
});

describe("authentication results", () => {
  it("believes only trusted relays and fails on spf, dkim or dmarc failures", () => {
    const trusted = ["mx.soporte.example"];
    expect(
      checkAuthenticationResults(
        headers({ "authentication-results": "mx.soporte.example; dkim=fail header.d=municipio.example" }),
        trusted,
      ),
    ).toEqual({ verified: false, failed: ["dkim=fail"] });
    expect(
      checkAuthenticationResults(
        headers({
          "authentication-results": "mx.soporte.example 1; spf=softfail (no autorizado); dmarc=fail",
        }),
        trusted,
      ),
    ).toEqual({ verified: false, failed: ["spf=softfail", "dmarc=fail"] });
    expect(
      checkAuthenticationResults(
        headers({ "authentication-results": "mx.malicioso.example; dkim=fail" }),
        trusted,
      ),
    ).toEqual({ verified: true });
    expect(
      checkAuthenticationResults(
        headers({ "authentication-results": "mx.soporte.example; spf=pass; dkim=pass" }),
        trusted,
      ),
    ).toEqual({ verified: true });
  });
});

describe("reply text", () => {
  it("cuts the quoted history and the signature of a Spanish reply", () => {
    const text = [
      "Ya reinicié el servicio y el error persiste.",
      "",
      "Saludos,",
      "Ana",
      "-- ",
      "Dirección de Sistemas",
      "",
      "El lun, 30 nov 2026 a las 10:00, Soporte <soporte@soporte.example> escribió:",
      "> ¿Puede reiniciar el servicio?",
    ].join("\r\n");
    expect(trimReplyText(text)).toBe("Ya reinicié el servicio y el error persiste.\n\nSaludos,\nAna");
  });

  it("cuts an Outlook original-message block and a wrapped attribution", () => {
    expect(trimReplyText("Listo.\n\n-----Mensaje original-----\nDe: Soporte\nTexto")).toBe("Listo.");
    expect(
      trimReplyText(
        "Gracias.\n\nOn Mon, Nov 30, 2026 at 10:00 AM Soporte\n<soporte@soporte.example> wrote:\n> hola",
      ),
    ).toBe("Gracias.");
  });

  it("keeps answers written between quotes, and never returns nothing", () => {
    expect(trimReplyText("> ¿Versión?\n5.1.0\n> ¿Servidor?\nLinux")).toBe("5.1.0\nLinux");
    expect(trimReplyText("> solo cita")).toBe("> solo cita");
  });
});
