import MarkdownIt from "markdown-it";
import sanitizeHtml from "sanitize-html";

/**
 * Articles are written in Markdown and shown as HTML that cannot run anything: raw HTML in the source is
 * escaped by the parser (html: false), links keep only http(s) and mailto, images only our own files
 * (relative addresses: no tracking pixels), and a strict allow-list sanitiser runs on the result as a
 * second wall.
 */
const parser = new MarkdownIt({ html: false, linkify: true, typographer: false });

const SAFE_LINK = /^(https?:|mailto:)/i;
const HAS_SCHEME = /^[a-z][a-z0-9+.-]*:/i;
// markdown-it's own check already refuses javascript:, vbscript:, file: and most data:; ours is narrower
parser.validateLink = (url: string) => {
  const trimmed = url.trim();
  return SAFE_LINK.test(trimmed) || (!HAS_SCHEME.test(trimmed) && !trimmed.startsWith("//"));
};

const SANITIZE: sanitizeHtml.IOptions = {
  allowedTags: [
    "p",
    "br",
    "hr",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "blockquote",
    "pre",
    "code",
    "em",
    "strong",
    "del",
    "s",
    "ul",
    "ol",
    "li",
    "a",
    "img",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
  ],
  allowedAttributes: {
    // rel and target are the ones transformTags sets: the source cannot carry attributes (html: false)
    a: ["href", "title", "rel", "target"],
    img: ["src", "alt", "title"],
    ol: ["start"],
    th: ["style"],
    td: ["style"],
  },
  allowedStyles: {
    th: { "text-align": [/^(left|right|center)$/] },
    td: { "text-align": [/^(left|right|center)$/] },
  },
  allowedSchemes: ["http", "https", "mailto"],
  allowedSchemesByTag: { img: [] },
  allowProtocolRelative: false,
  transformTags: {
    a: sanitizeHtml.simpleTransform("a", { rel: "noopener noreferrer nofollow", target: "_blank" }),
  },
  allowedSchemesAppliedToAttributes: ["href", "src"],
};

export const renderMarkdown = (markdown: string): string =>
  markdown.trim() ? sanitizeHtml(parser.render(markdown), SANITIZE) : "";

/** The words of the text without Markdown (the parser's text tokens), for lists and mails. */
export const plainExcerpt = (markdown: string, max = 240): string => {
  const words: string[] = [];
  for (const block of parser.parse(markdown, {})) {
    for (const token of block.children ?? []) {
      if (token.type === "text" || token.type === "code_inline") words.push(token.content);
      else if (token.type === "softbreak" || token.type === "hardbreak") words.push(" ");
    }
    if (block.type.endsWith("_close") || block.type === "fence" || block.type === "code_block") {
      words.push(block.type === "fence" || block.type === "code_block" ? ` ${block.content} ` : " ");
    }
  }
  const text = words.join("").replace(/\s+/g, " ").trim();
  return text.length <= max ? text : `${text.slice(0, max - 1).trimEnd()}…`;
};
