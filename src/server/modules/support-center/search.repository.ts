import { sql } from "kysely";
import type { Database } from "../../platform/db";

/** Marks around the matched words in a headline: private-use characters, which no stored text contains. */
export const MATCH_START = "\uE000";
export const MATCH_END = "\uE001";

export type SearchRow = {
  type: "article" | "feature_request";
  id: string;
  title: string;
  kind: string | null;
  status: string;
  product_name: string | null;
  rank: number;
  at: Date;
  /** Null only on the extra row that tells whether a next page exists. */
  snippet: string | null;
  title_headline: string | null;
};

/**
 * Articles and feature requests matching the words, in one statement: both GIN indexes find the matches,
 * they are ranked together (title words weigh most), and only the page's rows get a headline. The words go
 * through websearch_to_tsquery, so any input is a valid query ("quotes", -exclusions, or).
 */
export const search = async (
  db: Database,
  options: {
    words: string;
    publishedOnly: boolean;
    productId: string | null;
    type: "article" | "feature_request" | null;
    after: { rank: number; id: string } | null;
    limit: number;
  },
): Promise<SearchRow[]> => {
  const product = options.productId;
  const articles = options.type !== "feature_request";
  const requests = options.type !== "article";
  const after = options.after
    ? sql`WHERE (h.rank, h.id) < (${options.after.rank}::real, ${options.after.id}::uuid)`
    : sql``;
  const result = await sql<SearchRow>`
    WITH q AS (SELECT websearch_to_tsquery('soporte_es', ${options.words}) AS query),
    hits AS (
      SELECT 'article' AS type, a.id, a.title, a.kind, a.status, p.name AS product_name,
             ts_rank_cd(a.search, q.query) AS rank, coalesce(a.published_at, a.updated_at) AS at
      FROM q, articles a LEFT JOIN products p ON p.id = a.product_id
      WHERE ${sql.lit(articles)} AND a.search @@ q.query
        AND (a.status = 'published' OR NOT ${options.publishedOnly})
        AND (${product}::uuid IS NULL OR a.product_id = ${product}::uuid)
      UNION ALL
      SELECT 'feature_request', f.id, f.title, NULL, f.status, p.name,
             ts_rank_cd(f.search, q.query), f.created_at
      FROM q, feature_requests f JOIN products p ON p.id = f.product_id
      WHERE ${sql.lit(requests)} AND f.search @@ q.query AND f.merged_into_id IS NULL
        AND (${product}::uuid IS NULL OR f.product_id = ${product}::uuid)
    ),
    page AS (
      SELECT h.* FROM hits h ${after} ORDER BY h.rank DESC, h.id DESC LIMIT ${options.limit + 1}
    ),
    numbered AS (SELECT page.*, row_number() OVER (ORDER BY page.rank DESC, page.id DESC) AS n FROM page)
    SELECT page.*,
      -- the extra row only says whether a next page exists: no headline for it
      CASE WHEN page.n <= ${options.limit} THEN ts_headline('soporte_es',
        coalesce(a.snippet_text, f.description, ''),
        q.query,
        ${`StartSel=${MATCH_START}, StopSel=${MATCH_END}, MaxWords=28, MinWords=10, MaxFragments=2, FragmentDelimiter=" … "`}
      ) END AS snippet,
      CASE WHEN page.n <= ${options.limit} THEN ts_headline('soporte_es', page.title, q.query,
        ${`StartSel=${MATCH_START}, StopSel=${MATCH_END}, HighlightAll=true`}) END AS title_headline
    FROM q, numbered page
      LEFT JOIN articles a ON page.type = 'article' AND a.id = page.id
      LEFT JOIN feature_requests f ON page.type = 'feature_request' AND f.id = page.id
    ORDER BY page.rank DESC, page.id DESC
  `.execute(db);
  return result.rows;
};
