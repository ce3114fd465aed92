import { describe, expect, it } from "vitest";
import { sanitizeFilename, servedContentType } from "../../../src/domain/cases";

describe("attachment names", () => {
  it.each([
    ["../../etc/passwd", "passwd"],
    ["..\\..\\windows\\system.ini", "system.ini"],
    ["factura\u202Egnp.exe", "facturagnp.exe"],
    ["reporte\u0000.pdf", "reporte.pdf"],
    ["   ", "adjunto"],
    ["..", "adjunto"],
    [".htaccess", "htaccess"],
    ['a<b>:"c|?*.txt', "a_b___c___.txt"],
    ["log de errores (1).txt", "log de errores (1).txt"],
    ["captura de pantalla — módulo e-firma.png", "captura de pantalla — módulo e-firma.png"],
  ])("%j is stored as %j", (raw, expected) => {
    expect(sanitizeFilename(raw)).toBe(expected);
  });

  it("bounds the length and keeps the extension", () => {
    const name = sanitizeFilename(`${"x".repeat(500)}.pdf`);
    expect(name).toHaveLength(200);
    expect(name.endsWith(".pdf")).toBe(true);
  });
});

describe("served content type", () => {
  it("serves HTML, SVG, XML and scripts as opaque bytes", () => {
    for (const type of [
      "text/html",
      "text/html; charset=utf-8",
      "image/svg+xml",
      "application/xhtml+xml",
      "text/javascript",
    ]) {
      expect(servedContentType(type)).toBe("application/octet-stream");
    }
  });
  it("keeps harmless types", () => {
    expect(servedContentType("application/pdf")).toBe("application/pdf");
    expect(servedContentType("image/png")).toBe("image/png");
    expect(servedContentType("text/plain")).toBe("text/plain");
  });
});
