import type { z } from "zod";
import type { SearchHit, searchQuerySchemaFull } from "../../../api/support-center";
import { type Actor, authorize } from "../../platform/actor";
import type { ServiceDeps } from "../../platform/deps";
import { decodeCursor, encodeCursor, type Page } from "../../platform/pagination";
import * as repo from "./search.repository";

/** A headline with marks → plain pieces, the matched ones flagged: the client highlights, nothing is HTML. */
export const snippetParts = (headline: string) => {
  const parts: { text: string; match: boolean }[] = [];
  for (const [i, piece] of headline.split(repo.MATCH_START).entries()) {
    const [matched, rest] = i === 0 ? [null, piece] : splitOnce(piece, repo.MATCH_END);
    if (matched) parts.push({ text: matched, match: true });
    if (rest) parts.push({ text: rest, match: false });
  }
  return parts;
};

const splitOnce = (text: string, mark: string): [string, string] => {
  const at = text.indexOf(mark);
  return at < 0 ? [text, ""] : [text.slice(0, at), text.slice(at + mark.length)];
};

/**
 * Spanish-aware search across the support center (SPEC §7): stemming and accents ignored ("migracion"
 * finds "migración", "firmas" finds "firma"), ranked, with highlighted snippets. Customers find published
 * articles and every feature request; staff find drafts too.
 */
export const createSearchService = ({ db }: ServiceDeps) => {
  const searchSupportCenter = async (
    actor: Actor | null,
    query: z.output<typeof searchQuerySchemaFull>,
  ): Promise<Page<SearchHit>> => {
    const caller = authorize(actor, "support-center:read");
    const key = decodeCursor(query.cursor, ["number", "uuid"]);
    const rows = await repo.search(db, {
      words: query.q,
      publishedOnly: caller.role === "customer_contact",
      productId: query.productId ?? null,
      type: query.type ?? null,
      after: key ? { rank: Number(key[0]), id: String(key[1]) } : null,
      limit: query.limit,
    });
    const items = rows.slice(0, query.limit);
    const last = items.at(-1);
    return {
      items: items.map((r) => ({
        type: r.type,
        id: r.id,
        title: r.title,
        kind: r.kind as SearchHit["kind"],
        status: r.status,
        productName: r.product_name,
        titleParts: snippetParts(r.title_headline ?? r.title),
        snippet: snippetParts(r.snippet ?? ""),
        rank: r.rank,
        at: new Date(r.at).toISOString(),
      })),
      nextCursor: rows.length > query.limit && last ? encodeCursor([Number(last.rank), last.id]) : null,
    };
  };

  return { searchSupportCenter };
};
export type SearchService = ReturnType<typeof createSearchService>;
