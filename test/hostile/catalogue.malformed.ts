import type { Area, Hostile, HostileRequest } from "./types";
import type { World } from "./world";

/**
 * Malformed ids (not a UUID, an SQL fragment, a NUL), negative, zero, fractional, huge and non-numeric
 * page sizes, forged cursors, unknown enum values, impossible dates and numbers: 400 problem+json naming
 * the field, never a 500 and never a query run with them.
 */

type Row = {
  area: Area;
  input: string;
  send: (w: World) => HostileRequest;
  field: string;
  code?: "invalid_cursor";
  /** A path Fastify cannot route is refused before any schema: malformed, naming no field. */
  unroutable?: true;
};

const get =
  (url: string, as: (w: World) => HostileRequest["as"] = (w) => w.admin) =>
  (w: World) =>
    ({ method: "GET", url, as: as(w) }) as HostileRequest;
const staff = (w: World) => w.admin;
const portal = (w: World) => w.contactA;

const rows: Row[] = [
  {
    area: "cases",
    input: "a case id that is not a UUID",
    send: get("/api/v1/cases/CAS-2026-000001"),
    field: "params.id",
  },
  {
    area: "contracts",
    input: "a contract id that is an SQL fragment",
    send: get(`/api/v1/contracts/${encodeURIComponent("1' OR '1'='1")}`),
    field: "params.id",
  },
  {
    area: "organizations",
    input: "an organization id with a NUL",
    send: get("/api/v1/organizations/00000000-0000-4000-8000-00000000000%00", portal),
    field: "params.id",
  },
  {
    area: "uploads",
    input: "an attachment id that is a path (../../etc/passwd)",
    send: (w) => ({
      method: "GET",
      url: `/api/v1/cases/${w.a.case}/attachments/${encodeURIComponent("../../etc/passwd")}`,
      as: w.contactA,
    }),
    field: "params.attachmentId",
  },
  {
    area: "support-center",
    input: "a feature request id of 300 characters (past the router's 100)",
    send: get(`/api/v1/support-center/feature-requests/${"a".repeat(300)}`, portal),
    field: "params.id",
    unroutable: true,
  },
  {
    area: "webhooks",
    input: "a webhook id in upper-case hex with braces",
    send: get("/api/v1/webhooks/{ABC}"),
    field: "params.id",
  },
  {
    area: "calendars",
    input: "a calendar id with a path separator",
    send: get("/api/v1/calendars/..%2F24x7"),
    field: "params.id",
  },
  {
    area: "cases",
    input: "limit=-1 on the case list",
    send: get("/api/v1/cases?limit=-1", portal),
    field: "querystring.limit",
  },
  {
    area: "cases",
    input: "limit=0 on the case list",
    send: get("/api/v1/cases?limit=0"),
    field: "querystring.limit",
  },
  {
    area: "organizations",
    input: "limit=99999999999999999999999 on the organization list",
    send: get("/api/v1/organizations?limit=99999999999999999999999"),
    field: "querystring.limit",
  },
  {
    area: "audit",
    input: "limit=1e309 (Infinity) on the audit log",
    send: get("/api/v1/audit?limit=1e309"),
    field: "querystring.limit",
  },
  {
    area: "catalog",
    input: "limit=2.5 on the product list",
    send: get("/api/v1/products?limit=2.5"),
    field: "querystring.limit",
  },
  {
    area: "services",
    input: "limit=201 on the hour-bank packages",
    send: get("/api/v1/hour-banks/packages?limit=201"),
    field: "querystring.limit",
  },
  {
    area: "contracts",
    input: "limit=abc on the contract list",
    send: get("/api/v1/contracts?limit=abc", portal),
    field: "querystring.limit",
  },
  {
    area: "cases",
    input: "a forged cursor on the case list",
    send: get("/api/v1/cases?cursor=eyJpZCI6IicgT1IgMT0xIC0tIn0", staff),
    field: "cursor",
    code: "invalid_cursor",
  },
  {
    area: "audit",
    input: "a cursor of 600 characters on the audit log",
    send: get(`/api/v1/audit?cursor=${"A".repeat(600)}`),
    field: "querystring.cursor",
  },
  {
    area: "cases",
    input: "status=bogus on the case list",
    send: get("/api/v1/cases?status=bogus", portal),
    field: "querystring.status",
  },
  {
    area: "cases",
    input: "queue=all'-- on the case list",
    send: get("/api/v1/cases?queue=all'--"),
    field: "querystring.queue",
  },
  {
    area: "support-center",
    input: "kind=script on the article list",
    send: get("/api/v1/support-center/articles?kind=script", portal),
    field: "querystring.kind",
  },
  {
    area: "support-center",
    input: "sort=votes;DROP on the feature request list",
    send: get("/api/v1/support-center/feature-requests?sort=votes;DROP", portal),
    field: "querystring.sort",
  },
  {
    area: "webhooks",
    input: "status=bogus on a webhook's deliveries",
    send: (w) => get(`/api/v1/webhooks/${w.webhook}/deliveries?status=bogus`)(w),
    field: "querystring.status",
  },
  {
    area: "notifications",
    input: "unread=maybe on the notifications",
    send: get("/api/v1/notifications?unread=maybe", portal),
    field: "querystring.unread",
  },
  {
    area: "audit",
    input: "entity=users;-- on the audit log",
    send: get("/api/v1/audit?entity=users;--"),
    field: "querystring.entity",
  },
  {
    area: "reports",
    input: "from=2026-13-45 on the compliance report",
    send: get("/api/v1/reports/compliance?from=2026-13-45&to=2026-12-31"),
    field: "querystring.from",
  },
  {
    area: "reports",
    input: "separator=| on a report's CSV",
    send: get("/api/v1/reports/backlog.csv?from=2026-01-01&to=2026-12-31&separator=|"),
    field: "querystring.separator",
  },
  {
    area: "reports",
    input: "priority=P9 on the response-time report",
    send: get("/api/v1/reports/response-times?from=2026-01-01&to=2026-12-31&priority=P9"),
    field: "querystring.priority",
  },
  {
    area: "calendars",
    input: "year=99999 on a calendar's year",
    send: get("/api/v1/calendars/24x7/year?year=99999"),
    field: "querystring.year",
  },
  {
    area: "services",
    input: "from=yesterday on the on-site agenda",
    send: get("/api/v1/services/sts/agenda?from=yesterday"),
    field: "querystring.from",
  },
  {
    area: "cases",
    input: "priority P9 in a triage",
    send: (w) => ({
      method: "POST",
      url: `/api/v1/cases/${w.a.case}/triage`,
      as: w.specialist,
      body: { priority: "P9", version: 1 },
    }),
    field: "priority",
  },
  {
    area: "cases",
    input: "status deleted in a status change",
    send: (w) => ({
      method: "POST",
      url: `/api/v1/cases/${w.a.case}/status`,
      as: w.contactA,
      body: { status: "deleted", version: 1 },
    }),
    field: "status",
  },
  {
    area: "cases",
    input: "affectedPercent 1e308 in a portal case",
    send: (w) => ({
      method: "POST",
      url: "/api/v1/cases",
      as: w.contactA,
      body: {
        systemId: w.a.system,
        subject: "x",
        affectedPercent: 1e308,
        canKeepWorking: true,
        checklist: {},
      },
    }),
    field: "affectedPercent",
  },
  {
    area: "contracts",
    input: "salePriceCents 1e20 in a contract",
    send: (w) => ({
      method: "POST",
      url: "/api/v1/contracts",
      as: w.admin,
      body: { systemId: w.a.system, planId: "estandar", startDate: "2030-01-02", salePriceCents: 1e20 },
    }),
    field: "salePriceCents",
  },
  {
    area: "services",
    input: "hours -5 in an hour entry",
    send: (w) => ({
      method: "POST",
      url: "/api/v1/hour-banks/entries",
      as: w.admin,
      body: { organizationId: w.a.org, workedOn: "2026-03-03", hours: -5, kind: "other" },
    }),
    field: "hours",
  },
  {
    area: "calendars",
    input: "a holiday on 2026-02-30",
    send: (w) => ({ method: "PUT", url: "/api/v1/calendars/24x7/holidays/2026-02-30", as: w.admin }),
    field: "params.date",
  },
  {
    area: "admin",
    input: "role superuser for a new user",
    send: (w) => ({
      method: "POST",
      url: "/api/v1/users",
      as: w.admin,
      body: {
        email: "root@test.example",
        name: "Root",
        role: "superuser",
        password: "correct horse battery staple",
      },
    }),
    field: "role",
  },
  {
    area: "email-settings",
    input: "IMAP port 70000 in the mail settings",
    send: (w) => ({
      method: "PUT",
      url: "/api/v1/settings/mail",
      as: w.admin,
      body: {
        supportAddresses: [],
        trustedAuthServIds: [],
        autoRepliesPerAddressPerDay: 1,
        loopThreshold: { messages: 1, minutes: 1 },
        imap: {
          host: "imap.example.com",
          port: 70000,
          secure: true,
          user: "u",
          password: null,
          mailbox: "INBOX",
          processedMailbox: null,
        },
      },
    }),
    field: "imap.port",
  },
  {
    area: "webhooks",
    input: "an unknown event in a webhook",
    send: (w) => ({
      method: "POST",
      url: "/api/v1/webhooks",
      as: w.admin,
      body: { url: "https://hooks.example.com/e", events: ["case.deleted"] },
    }),
    field: "events.0",
  },
  {
    area: "notifications",
    input: "a notification id list of non-UUIDs",
    send: (w) => ({
      method: "POST",
      url: "/api/v1/notifications/read",
      as: w.contactA,
      body: { ids: ["1 OR 1=1"] },
    }),
    field: "ids.0",
  },
];

export const malformedInputs: Hostile[] = rows.map(
  (row): Hostile => ({
    family: "malformed",
    area: row.area,
    input: row.input,
    send: row.send,
    expect: row.unroutable
      ? { status: 400, code: "malformed_request" }
      : {
          status: 400,
          code: "validation_failed",
          fields: [row.field],
          ...(row.code ? { fieldCode: row.code } : {}),
        },
  }),
);
