import { Parser } from "htmlparser2";
import { describe, expect, it } from "vitest";
import { plainExcerpt, renderMarkdown } from "../../../src/server/modules/support-center/markdown";

const INERT_TAGS = new Set(
  "p br hr h1 h2 h3 h4 h5 h6 blockquote pre code em strong del s ul ol li a img table thead tbody tr th td".split(
    " ",
  ),
);

/** Every element and attribute of the HTML, as a browser's parser sees them. */
const elementsOf = (html: string) => {
  const found: { tag: string; attributes: Record<string, string> }[] = [];
  const parser = new Parser({ onopentag: (tag, attributes) => found.push({ tag, attributes }) });
  parser.write(html);
  parser.end();
  return found;
};

/** Nothing that runs: only inert tags, no event handlers, links http(s)/mailto/relative, images ours. */
const expectInert = (html: string) => {
  for (const { tag, attributes } of elementsOf(html)) {
    expect(INERT_TAGS, tag).toContain(tag);
    for (const [name, value] of Object.entries(attributes)) {
      expect(name, `${tag} ${name}`).not.toMatch(/^on/i);
      if (name === "href") expect(value).toMatch(/^(https?:|mailto:|\/(?!\/)|#|[^:]*$)/i);
      if (name === "src") expect(value).toMatch(/^\/(?!\/)/);
      if (name === "style") expect(value).toMatch(/^text-align:(left|right|center)$/);
    }
  }
};

const HOSTILE = [
  "<script>alert(1)</script>",
  "<iframe src=https://evil.example></iframe>",
  '<img src=x onerror="alert(1)">',
  '<a href="javascript:alert(1)">x</a>',
  "[clic](javascript:alert(1))",
  "[clic](JaVaScRiPt:alert(1))",
  "[clic]( javascript:alert(1) )",
  "[clic](java\tscript:alert(1))",
  "[clic](&#106;avascript:alert(1))",
  "[clic](vbscript:msgbox(1))",
  "[clic](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
  "![x](javascript:alert(1))",
  "![x](https://tracker.example/pixel.gif)",
  "<svg onload=alert(1)>",
  '<div style="background:url(javascript:alert(1))">x</div>',
  "<style>body{display:none}</style>",
  "[x](//evil.example/path)",
  '<a href="https://ok.example" onclick="alert(1)">x</a>',
  "<form action=https://evil.example><input name=p></form>",
  "```html\n<script>alert(1)</script>\n```",
];

describe("Markdown of articles renders to inert HTML", () => {
  it.each(HOSTILE)("%s leaves nothing that runs", (source) => {
    // the text may remain, escaped; no tag or attribute that runs
    expectInert(renderMarkdown(source));
  });

  it("keeps headings, lists, emphasis, code, tables and safe links", () => {
    const html = renderMarkdown(
      [
        "## Migración de e-firma",
        "",
        "1. Respalde la base de datos",
        "2. Ejecute `migrar.sh --todo`",
        "",
        "**Importante:** vea [la guía](https://soporte.example/guia) o escriba a <soporte@example.com>.",
        "",
        "| Versión | Estado |",
        "|:--|--:|",
        "| 3.2.1 | afectada |",
      ].join("\n"),
    );
    expect(html).toContain("<h2>Migración de e-firma</h2>");
    expect(html).toContain("<ol>");
    expect(html).toContain("<code>migrar.sh --todo</code>");
    expect(html).toContain("<strong>Importante:</strong>");
    expect(html).toContain(
      '<a href="https://soporte.example/guia" rel="noopener noreferrer nofollow" target="_blank">la guía</a>',
    );
    expect(html).toContain('href="mailto:soporte@example.com"');
    expect(html).toContain('<td style="text-align:right">afectada</td>');
  });

  it("shows raw HTML as text, and our own files (relative addresses) as images", () => {
    expect(renderMarkdown("<b>negrita</b>")).toBe("<p>&lt;b&gt;negrita&lt;/b&gt;</p>\n");
    expect(renderMarkdown("![diagrama](/api/v1/support-center/articles/a/files/f)")).toContain(
      '<img src="/api/v1/support-center/articles/a/files/f" alt="diagrama" />',
    );
  });

  it("an excerpt is the words without Markdown, cut at a word with an ellipsis", () => {
    expect(plainExcerpt("## Título\n\nUn **texto** con [enlace](https://x.example) y `código`.")).toBe(
      "Título Un texto con enlace y código.",
    );
    expect(plainExcerpt("<script>x</script> & más")).toBe("<script>x</script> & más");
    const long = plainExcerpt("palabra ".repeat(100), 40);
    expect(long.length).toBeLessThanOrEqual(40);
    expect(long.endsWith("…")).toBe(true);
  });
});
