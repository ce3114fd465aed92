import type { Area, Check, Hostile } from "./types";
import type { Session, World } from "./world";

/**
 * SQL and search-syntax metacharacters in the `q` of every list route (staff's and the portal's): LIKE
 * wildcards and escapes, quotes and parentheses, tsquery operators, a NUL, a very long term. The answer
 * is a list (200) or a field error (400), never a 500; a `%` is a literal, not "match everything".
 */

type ListRoute = {
  area: Area;
  path: (w: World) => string;
  who: "staff" | "portal";
  as: (w: World) => Session;
  csv?: true;
};

const LISTS: ListRoute[] = [
  { area: "organizations", path: () => "/api/v1/organizations", who: "staff", as: (w) => w.admin },
  {
    area: "organizations",
    path: (w) => `/api/v1/organizations/${w.a.org}/contacts`,
    who: "staff",
    as: (w) => w.admin,
  },
  { area: "organizations", path: () => "/api/v1/contacts", who: "staff", as: (w) => w.admin },
  { area: "admin", path: () => "/api/v1/users", who: "staff", as: (w) => w.admin },
  { area: "catalog", path: () => "/api/v1/products", who: "portal", as: (w) => w.contactA },
  { area: "catalog", path: () => "/api/v1/systems", who: "staff", as: (w) => w.admin },
  { area: "contracts", path: () => "/api/v1/contracts", who: "portal", as: (w) => w.contactA },
  { area: "cases", path: () => "/api/v1/cases", who: "staff", as: (w) => w.specialist },
  { area: "cases", path: () => "/api/v1/cases", who: "portal", as: (w) => w.contactA },
  { area: "cases", path: () => "/api/v1/cases/export.csv", who: "staff", as: (w) => w.manager, csv: true },
  {
    area: "support-center",
    path: () => "/api/v1/support-center/search",
    who: "portal",
    as: (w) => w.contactA,
  },
  { area: "audit", path: () => "/api/v1/audit", who: "staff", as: (w) => w.admin },
];

const TERMS: { term: string; label: string; nothing?: true }[] = [
  { term: "'", label: "a single quote" },
  { term: "%", label: "a LIKE wildcard %", nothing: true },
  { term: "_", label: "a LIKE wildcard _" },
  { term: "\\", label: "a backslash" },
  { term: "(", label: "an opening parenthesis" },
  { term: ")", label: "a closing parenthesis" },
  { term: "firma:*", label: "a tsquery prefix :*" },
  { term: "&|!", label: "tsquery operators &|!" },
  { term: "firma <-> sello", label: "a tsquery phrase <->" },
  { term: "' OR 1=1; DROP TABLE cases; --", label: "an SQL injection" },
  { term: "a\u0000b", label: "a NUL" },
  { term: "x".repeat(5_000), label: "5,000 characters" },
];

/** A list (or the CSV) came back; a literal `%` matched nothing. */
const answered =
  (list: ListRoute, nothing: boolean): Check =>
  (res) => {
    if (res.statusCode !== 200) return null;
    if (list.csv) return String(res.headers["content-type"]).startsWith("text/csv") ? null : "no CSV";
    const items = (res.json() as { items?: unknown[] }).items;
    if (!Array.isArray(items)) return "no list";
    return nothing && items.length > 0 ? `a literal % matched ${items.length} items` : null;
  };

export const searchInputs: Hostile[] = LISTS.flatMap((list) =>
  TERMS.map(({ term, label, nothing }): Hostile => {
    return {
      family: "search",
      area: list.area,
      input: `${label} as q of ${list.path({ a: { org: "{id}" } } as World)} (${list.who})`,
      send: (w) => ({ method: "GET", url: `${list.path(w)}?q=${encodeURIComponent(term)}`, as: list.as(w) }),
      expect: {
        status: term.length > 200 || term.includes("\u0000") ? 400 : [200, 400],
        code: "validation_failed",
        ...(term.includes("\u0000")
          ? { fields: ["querystring.q"], fieldCode: "control_characters" as const }
          : {}),
      },
      check: answered(list, nothing === true),
    };
  }),
);
