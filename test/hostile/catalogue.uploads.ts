import { type Check, type Hostile, type HostileRequest, jsonOf, multipart } from "./types";
import type { World } from "./world";

/**
 * Uploads with hostile names (path traversal, header injection, percent-encoded dots, NUL, direction
 * overrides) and hostile contents under a wrong declared type (HTML, SVG, polyglots): each is stored under
 * a safe name and served as an attachment with `X-Content-Type-Options: nosniff` — never as text/html or
 * image/svg+xml, never inline unless its bytes are the raster image it claims to be.
 */

const PNG = Buffer.from(
  "89504e470d0a1a0a0000000d4948445200000001000000010806000000" +
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082",
  "hex",
);
const HTML = "<!doctype html><html><body><script>alert(document.cookie)</script></body></html>";
const SVG =
  '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(document.domain)"><script>alert(1)</script></svg>';
const GIF_JS = Buffer.concat([
  Buffer.from("GIF89a/*\x01\x00\x01\x00\x00\x00\x00*/=alert(document.domain);//"),
  Buffer.alloc(16),
]);

type Where = "case" | "article" | "release";
const target = (where: Where, w: World) =>
  where === "case"
    ? { url: `/api/v1/cases/${w.a.case}/attachments`, as: w.contactA }
    : where === "article"
      ? { url: `/api/v1/support-center/articles/${w.tip}/files`, as: w.admin }
      : { url: `/api/v1/releases/${w.a.release}/files`, as: w.admin };

const upload =
  (where: Where, file: Parameters<typeof multipart>[0]) =>
  (w: World): HostileRequest => ({ method: "POST", ...target(where, w), ...multipart(file) });

/** A stored name that no file system, header or browser would read as a path or a second header. */
const unsafeName = (name: string) =>
  // biome-ignore lint/suspicious/noControlCharactersInRegex: finding them is the point
  /[/\\\u0000-\u001F\u007F\u202A-\u202E\u2066-\u2069]/.test(name) ||
  name.startsWith(".") ||
  name.length > 200;

const ACTIVE = /html|svg|xml|javascript/i;

/**
 * The stored file is downloaded as it would be served: its name safe (and `name` when given), an
 * attachment (or, for an article's raster image whose bytes match, inline), never an active type, nosniff.
 */
const servedSafely =
  (where: Where, expected: { name?: string; inline?: boolean } = {}): Check =>
  async (res, w) => {
    if (res.statusCode !== 201) return null;
    const stored = jsonOf(res) as { id: string; filename: string };
    if (unsafeName(stored.filename)) return `stored as ${JSON.stringify(stored.filename)}`;
    if (expected.name !== undefined && stored.filename !== expected.name) {
      return `stored as ${JSON.stringify(stored.filename)}, not ${JSON.stringify(expected.name)}`;
    }
    const { url, as } = target(where, w);
    const got = await w.ctx.app.inject({
      method: "GET",
      url: `${url}/${stored.id}`,
      headers: { cookie: as.cookie },
    });
    if (got.statusCode !== 200) return `download answered ${got.statusCode}`;
    const disposition = String(got.headers["content-disposition"]);
    const type = String(got.headers["content-type"]);
    if (/[\r\n]/.test(disposition)) return "a line break in Content-Disposition";
    const ascii = disposition.match(/filename="([^"]*)"/)?.[1] ?? "";
    if (unsafeName(ascii) || !/^[\x20-\x7E]*$/.test(ascii)) return `served as filename="${ascii}"`;
    if (got.headers["x-content-type-options"] !== "nosniff") return "served without nosniff";
    if (ACTIVE.test(type)) return `served as ${type}`;
    const inline = disposition.startsWith("inline;");
    if (inline !== (expected.inline ?? false)) return `served as ${disposition.split(";")[0]}`;
    if (!inline && !disposition.startsWith("attachment;")) return `served as ${disposition}`;
    return null;
  };

const stored = [200, 201];

export const uploadInputs: Hostile[] = [
  {
    family: "upload",
    area: "uploads",
    input: 'a case attachment named "../../etc/passwd"',
    send: upload("case", {
      disposition: 'filename="../../etc/passwd"',
      type: "text/plain",
      content: "root:x:0:0",
    }),
    expect: { status: 201 },
    check: servedSafely("case", { name: "passwd" }),
  },
  {
    family: "upload",
    area: "uploads",
    input: 'a case attachment named "..\\\\..\\\\Windows\\\\win.ini"',
    send: upload("case", {
      disposition: 'filename="..\\..\\Windows\\win.ini"',
      type: "text/plain",
      content: "[x]",
    }),
    expect: { status: 201 },
    check: servedSafely("case", { name: "win.ini" }),
  },
  {
    family: "upload",
    area: "uploads",
    input: 'a case attachment named "%2e%2e%2f%2e%2e%2fetc%2fpasswd" (kept literally)',
    send: upload("case", {
      disposition: 'filename="%2e%2e%2f%2e%2e%2fetc%2fpasswd"',
      type: "text/plain",
      content: "x",
    }),
    expect: { status: 201 },
    check: servedSafely("case", { name: "%2e%2e%2f%2e%2e%2fetc%2fpasswd" }),
  },
  {
    family: "upload",
    area: "uploads",
    input: "a case attachment named ../../etc/passwd in RFC 2231 percent-encoding (filename*)",
    send: upload("case", {
      disposition: "filename*=UTF-8''%2e%2e%2f%2e%2e%2fetc%2fpasswd",
      type: "text/plain",
      content: "x",
    }),
    expect: { status: 201 },
    check: servedSafely("case", { name: "passwd" }),
  },
  {
    family: "upload",
    area: "uploads",
    input: 'a case attachment named "a\\r\\nContent-Type: text/html" (filename*)',
    send: upload("case", {
      disposition: "filename*=UTF-8''a%0D%0AContent-Type%3A%20text%2Fhtml%0D%0A%0D%0A%3Cscript%3E.txt",
      type: "text/plain",
      content: "x",
    }),
    // the multipart reader takes no file from a name that decodes to a line break: "file missing"
    expect: { status: [201, 400], code: "validation_failed" },
    check: servedSafely("case"),
  },
  {
    family: "upload",
    area: "uploads",
    input: "a raw CR LF inside a quoted file name (the part header split in two)",
    send: upload("case", {
      disposition: 'filename="a\r\nContent-Type: text/html"',
      type: "text/plain",
      content: "x",
    }),
    expect: { status: [201, 400], code: "validation_failed" },
    check: servedSafely("case"),
  },
  {
    family: "upload",
    area: "uploads",
    input: "a NUL in a file name (filename*=…evil%00.png.exe)",
    send: upload("case", {
      disposition: "filename*=UTF-8''evil%00.png.exe",
      type: "image/png",
      content: PNG,
    }),
    expect: { status: 201 },
    check: servedSafely("case", { name: "evil.png.exe" }),
  },
  {
    family: "upload",
    area: "uploads",
    input: "a raw NUL byte in a quoted file name",
    send: upload("case", { disposition: 'filename="nota\u0000.txt"', type: "text/plain", content: "x" }),
    expect: { status: 201 },
    check: servedSafely("case", { name: "nota.txt" }),
  },
  {
    family: "upload",
    area: "uploads",
    input: "a right-to-left override disguising .exe as .txt (factura\\u202Etxt.exe)",
    send: upload("case", {
      disposition: "filename*=UTF-8''factura%E2%80%AEtxt.exe",
      type: "application/octet-stream",
      content: "MZ",
    }),
    expect: { status: 201 },
    check: servedSafely("case", { name: "facturatxt.exe" }),
  },
  {
    family: "upload",
    area: "uploads",
    input: "a 1,000-character file name",
    send: upload("case", {
      disposition: `filename="${"n".repeat(996)}.log"`,
      type: "text/plain",
      content: "x",
    }),
    expect: { status: 201 },
    check: servedSafely("case", { name: `${"n".repeat(196)}.log` }),
  },
  {
    family: "upload",
    area: "uploads",
    input: 'a file name of only dots ("...")',
    send: upload("case", { disposition: 'filename="..."', type: "text/plain", content: "x" }),
    expect: { status: 201 },
    check: servedSafely("case", { name: "adjunto" }),
  },
  {
    family: "upload",
    area: "uploads",
    input: "HTML declared as image/png on a case",
    send: upload("case", { disposition: 'filename="captura.png"', type: "image/png", content: HTML }),
    expect: { status: 201 },
    check: servedSafely("case"),
  },
  {
    family: "upload",
    area: "uploads",
    input: "SVG with script declared as image/svg+xml on a case",
    send: upload("case", { disposition: 'filename="logo.svg"', type: "image/svg+xml", content: SVG }),
    expect: { status: 201 },
    check: servedSafely("case"),
  },
  {
    family: "upload",
    area: "uploads",
    input: "SVG with script declared as text/plain on a case",
    send: upload("case", { disposition: 'filename="notas.txt"', type: "text/plain", content: SVG }),
    expect: { status: 201 },
    check: servedSafely("case"),
  },
  {
    family: "upload",
    area: "uploads",
    input: "a PNG/HTML polyglot declared as text/html; charset=utf-8 on a case",
    send: upload("case", {
      disposition: 'filename="poli.png"',
      type: "text/html; charset=utf-8",
      content: Buffer.concat([PNG, Buffer.from(HTML)]),
    }),
    expect: { status: 201 },
    check: servedSafely("case"),
  },
  {
    family: "upload",
    area: "uploads",
    input: "a header injected after the part's Content-Type (X-Injected, a second Content-Type)",
    send: upload("case", {
      disposition: 'filename="doble.txt"',
      type: "text/plain\r\nX-Injected: 1\r\nContent-Type: text/html",
      content: HTML,
    }),
    expect: { status: [201, 400] },
    check: servedSafely("case"),
  },
  {
    family: "upload",
    area: "uploads",
    input: '"<script>alert(1)</script>.html" declared as text/html on a case',
    send: upload("case", {
      disposition: 'filename="<script>alert(1)</script>.html"',
      type: "text/html",
      content: HTML,
    }),
    expect: { status: 201 },
    check: servedSafely("case"),
  },
  {
    family: "upload",
    area: "uploads",
    input: 'visibility "internal\\u0000" sent by a customer (ignored: public)',
    send: upload("case", {
      disposition: 'filename="vis.txt"',
      type: "text/plain",
      content: "x",
      fields: { visibility: "internal\u0000" },
    }),
    expect: { status: 201 },
    check: (res) => ((jsonOf(res) as { visibility?: string }).visibility === "public" ? null : "not public"),
  },
  {
    family: "upload",
    area: "uploads",
    input: "two files in one upload",
    send: (w) => {
      const one = multipart({ disposition: 'filename="uno.txt"', type: "text/plain", content: "1" });
      const boundary = "----soporte-hostile-boundary";
      const second = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="dos.txt"\r\nContent-Type: text/plain\r\n\r\n2\r\n`;
      return {
        method: "POST",
        ...target("case", w),
        headers: one.headers,
        payload: Buffer.concat([Buffer.from(second), one.payload]),
      };
    },
    expect: { status: [400, 413], code: ["validation_failed", "payload_too_large"] },
  },
  {
    family: "upload",
    area: "uploads",
    input: "an attachment sent as JSON instead of multipart",
    send: (w) => ({ method: "POST", ...target("case", w), body: { file: HTML, filename: "x.html" } }),
    expect: { status: 415, code: "unsupported_media_type" },
  },
  {
    family: "upload",
    area: "uploads",
    input: "an attachment one byte over 10 MB",
    send: upload("case", {
      disposition: 'filename="grande.bin"',
      type: "application/octet-stream",
      content: Buffer.alloc(10 * 1024 * 1024 + 1),
    }),
    expect: { status: 413, code: "payload_too_large" },
  },
  {
    family: "upload",
    area: "support-center",
    input: "HTML declared as image/png (diagrama.png) on an article",
    send: upload("article", { disposition: 'filename="diagrama.png"', type: "image/png", content: HTML }),
    expect: { status: 201 },
    check: servedSafely("article", { inline: false }),
  },
  {
    family: "upload",
    area: "support-center",
    input: "a real PNG on an article (the control: shown inline)",
    send: upload("article", { disposition: 'filename="real.png"', type: "image/png", content: PNG }),
    expect: { status: 201 },
    check: servedSafely("article", { inline: true }),
  },
  {
    family: "upload",
    area: "support-center",
    input: "a GIF/JavaScript polyglot declared as image/gif on an article",
    send: upload("article", { disposition: 'filename="poli.gif"', type: "image/gif", content: GIF_JS }),
    expect: { status: 201 },
    // its bytes are a GIF: inline as image/gif under nosniff and a sandbox, never a script
    check: servedSafely("article", { inline: true }),
  },
  {
    family: "upload",
    area: "support-center",
    input: "SVG declared as image/svg+xml on an article (refused)",
    send: upload("article", { disposition: 'filename="logo.svg"', type: "image/svg+xml", content: SVG }),
    expect: { status: 415, code: "unsupported_media_type", reason: "file_type_not_allowed" },
  },
  {
    family: "upload",
    area: "support-center",
    input: "HTML named pagina.html declared as application/octet-stream on an article (refused)",
    send: upload("article", {
      disposition: 'filename="../pagina.html"',
      type: "application/octet-stream",
      content: HTML,
    }),
    expect: { status: 415, code: "unsupported_media_type", reason: "file_type_not_allowed" },
  },
  {
    family: "upload",
    area: "catalog",
    input: 'a release file named "../../instalador.exe" declared as text/html',
    send: upload("release", {
      disposition: 'filename="../../instalador.exe"',
      type: "text/html",
      content: HTML,
    }),
    expect: { status: stored },
    check: servedSafely("release", { name: "instalador.exe" }),
  },
];
