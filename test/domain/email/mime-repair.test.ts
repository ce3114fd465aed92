import { describe, expect, it } from "vitest";
import { decodeWindows1252, MIME_NESTING_LIMIT, repairMime } from "../../../src/domain/email";

const CRLF = "\r\n";
/** A message from its lines; `bytes` puts raw (unencoded) bytes where `\u00xx` stands in a line. */
const message = (lines: string[]) => Uint8Array.from([...lines.join(CRLF)].map((c) => c.charCodeAt(0)));
const utf8 = (text: string) =>
  [...new TextEncoder().encode(text)].map((b) => String.fromCharCode(b)).join("");
const text = (raw: Uint8Array) => new TextDecoder().decode(raw);

/** A message nested `depth` multiparts deep, built in one pass (wrapping a string 10,000 times took seconds). */
const nested = (depth: number) => {
  const opening: string[] = [];
  const closing: string[] = [];
  for (let i = 1; i <= depth; i++)
    opening.push(`Content-Type: multipart/mixed; boundary="n${i}"`, "", `--n${i}`);
  for (let i = depth; i >= 1; i--) closing.push(`--n${i}--`, "");
  const inner = ["Content-Type: text/plain", "", "Texto en lo más profundo", ""];
  return message(["From: ana@municipio.example", "Subject: Anidado", ...opening, ...inner, ...closing]);
};

describe("MIME nesting cap", () => {
  it(`reads a message nested ${MIME_NESTING_LIMIT} levels deep, refuses one level more`, () => {
    expect(repairMime(nested(99))).toMatchObject({ ok: true });
    expect(repairMime(nested(100))).toMatchObject({ ok: true });
    expect(repairMime(nested(101))).toEqual({ ok: false, reason: "mime_nesting_too_deep", limit: 100 });
  });

  it("refuses 10,000 levels like 101", () => {
    expect(repairMime(nested(10_000))).toMatchObject({ ok: false, limit: 100 });
  });

  it("an attached message is one level more", () => {
    const raw = message([
      "From: ana@municipio.example",
      'Content-Type: multipart/mixed; boundary="a"',
      "",
      "--a",
      "Content-Type: message/rfc822",
      "",
      "Subject: reenviado",
      'Content-Type: multipart/mixed; boundary="b"',
      "",
      "--b",
      "Content-Type: text/plain",
      "",
      "hola",
      "--b--",
      "--a--",
      "",
    ]);
    expect(repairMime(raw, 3)).toMatchObject({ ok: true });
    expect(repairMime(raw, 2)).toMatchObject({ ok: false });
  });
});

describe("8-bit header bytes", () => {
  it("Windows-1252 has its quotes, dashes and euro where ISO-8859-1 has controls", () => {
    expect(decodeWindows1252(Uint8Array.from([0x93, 0x41, 0x94, 0x96, 0x80, 0xf1, 0x81]))).toBe(
      "“A”–€ñ\u0081",
    );
  });

  it("reads a Windows-1252 subject and display name as such, and keeps UTF-8 ones", () => {
    const raw = message([
      "From: Ana P\u00e9rez <ana@municipio.example>",
      `To: ${utf8("Soporte Técnico")} <soporte@soporte.example>`,
      "Subject: Facturaci\u00f3n del a\u00f1o \u0093urgente\u0094",
      "Content-Type: text/plain; charset=iso-8859-1",
      "",
      "Necesito ayuda con la facturaci\u00f3n.",
      "",
    ]);
    const repaired = repairMime(raw);
    expect(repaired).toMatchObject({ ok: true, repairs: ["legacy_header_bytes"] });
    if (!repaired.ok) return;
    const head = text(repaired.raw).split(`${CRLF}${CRLF}`)[0]!;
    expect(head).toContain("From: Ana Pérez <ana@municipio.example>");
    expect(head).toContain("To: Soporte Técnico <soporte@soporte.example>");
    expect(head).toContain("Subject: Facturación del año “urgente”");
    expect(head).not.toContain("\uFFFD");
    // the body is the parser's to decode by its own charset: its bytes stay as sent
    expect([...repaired.raw.slice(-38)]).toEqual([...raw.slice(-38)]);
  });

  it("reads a Windows-1252 file name in a part's headers, not the bytes of an attached message", () => {
    const raw = message([
      "From: ana@municipio.example",
      'Content-Type: multipart/mixed; boundary="a"',
      "",
      "--a",
      'Content-Disposition: attachment; filename="bit\u00e1cora a\u00f1o.txt"',
      "",
      "datos",
      "--a",
      "Content-Type: message/rfc822",
      "",
      "Subject: reenviado con \u00f1",
      "",
      "cuerpo",
      "--a--",
      "",
    ]);
    const repaired = repairMime(raw);
    if (!repaired.ok) throw new Error("refused");
    expect(text(repaired.raw)).toContain('filename="bitácora año.txt"');
    expect(text(repaired.raw.subarray(repaired.raw.length - 40))).not.toContain("Subject: reenviado con ñ");
  });

  it("leaves a message without 8-bit headers byte for byte as it is", () => {
    const raw = message([
      "From: ana@municipio.example",
      "Subject: =?utf-8?Q?Facturaci=C3=B3n?=",
      "",
      "hola",
      "",
    ]);
    expect(repairMime(raw)).toEqual({ ok: true, raw, repairs: [] });
  });
});

describe("a multipart that cannot be split", () => {
  const multipart = (contentType: string, body: string[]) =>
    message(["From: ana@municipio.example", "Subject: roto", "MIME-Version: 1.0", contentType, "", ...body]);

  it("without a boundary parameter is read as one text part in its charset", () => {
    const repaired = repairMime(
      multipart("Content-Type: multipart/mixed; charset=iso-8859-1", [
        "--x",
        "",
        "El sistema no responde.",
        "--x--",
      ]),
    );
    expect(repaired).toMatchObject({ ok: true, repairs: ["unsplittable_multipart"] });
    if (repaired.ok) expect(text(repaired.raw)).toContain("Content-Type: text/plain; charset=iso-8859-1\r\n");
  });

  it("whose boundary never starts a line (the parts use another one, or it is only quoted) likewise", () => {
    const other = multipart('Content-Type: multipart/mixed;\r\n boundary="b1"', [
      "--b2",
      "Content-Type: text/plain",
      "",
      "Hola con otro separador.",
      "--b2--",
    ]);
    const repaired = repairMime(other);
    expect(repaired).toMatchObject({ ok: true, repairs: ["unsplittable_multipart"] });
    // the folded Content-Type is replaced whole
    if (repaired.ok) expect(text(repaired.raw)).not.toContain('boundary="b1"');
    const quoted = multipart('Content-Type: multipart/alternative; boundary="zz"', [
      "Content-Transfer-Encoding: quoted-printable",
      "",
      "Texto que menciona --zz a media l=C3=ADnea",
    ]);
    expect(repairMime(quoted)).toMatchObject({ repairs: ["unsplittable_multipart"] });
  });

  it("is left alone when its boundary is there, closed or not", () => {
    const unclosed = multipart('Content-Type: multipart/mixed; boundary="b1"', [
      "--b1",
      "Content-Type: text/plain",
      "",
      "Sin delimitador final.",
    ]);
    expect(repairMime(unclosed)).toMatchObject({ ok: true, repairs: [] });
  });
});
