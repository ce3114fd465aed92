import { p1Report } from "../harness/case-fixtures";
import type { Area, Hostile, HostileRequest } from "./types";
import type { World } from "./world";

/**
 * A NUL character (U+0000) in every text field of every JSON write route: PostgreSQL refuses NUL in text,
 * so each must come back as a 400 naming every such field with `control_characters` — never a 500. One
 * input per route, every text field (and a key, where the body has free keys) carrying a NUL; the portal's
 * own forms send otherwise valid bodies.
 */

const N = "a\u0000b";

/** The fields (as the API names them: "name", "imap.host", "emailDomains.0") whose text holds a NUL. */
const nulFields = (value: unknown, field = ""): string[] => {
  if (typeof value === "string") return value.includes("\u0000") ? [field] : [];
  if (value === null || typeof value !== "object") return [];
  return Object.entries(value).flatMap(([key, item]) => {
    const child = field ? `${field}.${key.replaceAll("\u0000", "\\0")}` : key.replaceAll("\u0000", "\\0");
    return [...(key.includes("\u0000") ? [child] : []), ...nulFields(item, child)];
  });
};

type Row = [
  Area,
  HostileRequest["method"],
  (w: World) => string,
  (w: World) => unknown,
  ("admin" | "contact")?,
];

const rows: Row[] = [
  ["auth", "POST", () => "/api/v1/auth/login", () => ({ email: `ana${N}@test.example`, password: N })],
  [
    "auth",
    "POST",
    () => "/api/v1/auth/password",
    () => ({ currentPassword: N, newPassword: `${N}${N}${N}${N}` }),
  ],
  ["auth", "POST", () => "/api/v1/auth/tokens", () => ({ name: N })],
  [
    "organizations",
    "POST",
    () => "/api/v1/organizations",
    () => ({ name: N, rfc: N, emailDomains: [`x${N}.mx`], timeZone: N }),
  ],
  ["organizations", "PATCH", (w) => `/api/v1/organizations/${w.a.org}`, () => ({ name: N, rfc: N })],
  [
    "organizations",
    "POST",
    (w) => `/api/v1/organizations/${w.a.org}/contacts`,
    () => ({ name: N, email: `x${N}@test.example`, phone: N, password: `${N}${N}${N}${N}` }),
  ],
  ["organizations", "PATCH", (w) => `/api/v1/contacts/${w.a.contact}`, () => ({ name: N, phone: N })],
  [
    "admin",
    "POST",
    () => "/api/v1/users",
    () => ({
      email: `x${N}@test.example`,
      name: N,
      role: "specialist",
      phone: N,
      password: `${N}${N}${N}${N}`,
    }),
  ],
  ["admin", "PATCH", (w) => `/api/v1/users/${w.specialist.userId}`, () => ({ name: N, phone: N })],
  [
    "calendars",
    "POST",
    () => "/api/v1/calendars",
    () => ({
      id: "nul",
      name: N,
      timeZone: N,
      week: { mon: [[N, "18:00"]] },
      holidays: [N],
      holidayRules: [N, { [N]: N }],
      removedHolidays: [N],
    }),
  ],
  [
    "calendars",
    "PUT",
    () => "/api/v1/calendars/24x7",
    () => ({ name: N, timeZone: "UTC", week: {}, version: 1 }),
  ],
  ["catalog", "POST", () => "/api/v1/products", () => ({ name: N, description: N, modules: [N] })],
  ["catalog", "PATCH", (w) => `/api/v1/products/${w.a.product}`, () => ({ name: N, description: N })],
  ["catalog", "POST", (w) => `/api/v1/products/${w.a.product}/modules`, () => ({ name: N })],
  ["catalog", "PATCH", (w) => `/api/v1/products/${w.a.product}/modules/${w.a.module}`, () => ({ name: N })],
  [
    "catalog",
    "POST",
    (w) => `/api/v1/products/${w.a.product}/releases`,
    () => ({ version: `9.0.0${N}`, releaseDate: "2026-03-01", notes: N }),
  ],
  [
    "catalog",
    "POST",
    (w) => `/api/v1/products/${w.a.product}/end-of-support`,
    () => ({ major: 5, endOfSupportOn: "2028-01-01", note: N }),
  ],
  ["catalog", "PATCH", (w) => `/api/v1/releases/${w.a.release}`, () => ({ notes: N })],
  [
    "catalog",
    "POST",
    () => "/api/v1/systems",
    (w) => ({
      organizationId: w.a.org,
      productId: w.a.product,
      name: N,
      installedVersion: N,
      environment: "test",
    }),
  ],
  ["catalog", "PATCH", (w) => `/api/v1/systems/${w.a.system}`, () => ({ name: N, installedVersion: N })],
  ["contracts", "PATCH", () => "/api/v1/plans/estandar", () => ({ name: N })],
  [
    "contracts",
    "POST",
    () => "/api/v1/contracts",
    (w) => ({
      systemId: w.a.system,
      planId: N,
      startDate: "2027-01-04",
      salePriceCents: 0,
      purchaseOrder: N,
      notes: N,
    }),
  ],
  ["contracts", "PATCH", (w) => `/api/v1/contracts/${w.a.contract}`, () => ({ purchaseOrder: N, notes: N })],
  [
    "contracts",
    "POST",
    (w) => `/api/v1/contracts/${w.a.contract}/renew`,
    () => ({ planId: N, purchaseOrder: N }),
  ],
  [
    "contracts",
    "POST",
    (w) => `/api/v1/systems/${w.a.system}/reinstatement`,
    () => ({ quoteDate: "2026-11-27", expectedTotalCents: 0, purchaseOrder: N }),
  ],
  [
    "contracts",
    "POST",
    (w) => `/api/v1/contacts/${w.a.contact}/training`,
    () => ({ course: N, completedOn: "2026-01-10", certificateId: N }),
  ],
  ["contracts", "POST", (w) => `/api/v1/held-requests/${w.heldB}/release`, () => ({ purchaseOrder: N })],
  [
    "cases",
    "POST",
    () => "/api/v1/cases",
    (w) => p1Report(w.a.system, { subject: N, description: N, installedVersion: N }),
    "contact",
  ],
  ["cases", "POST", (w) => `/api/v1/cases/${w.a.case}/replies`, () => ({ body: `Hola${N}` }), "contact"],
  ["cases", "POST", (w) => `/api/v1/cases/${w.a.case}/notes`, () => ({ body: N })],
  [
    "cases",
    "POST",
    (w) => `/api/v1/cases/${w.a.case}/triage`,
    () => ({ priority: "P3", reason: N, version: 1 }),
  ],
  [
    "cases",
    "PUT",
    () => "/api/v1/settings/escalation",
    () => ({ default: [], byPlan: { [`estandar${N}`]: [] } }),
  ],
  [
    "email-settings",
    "PUT",
    () => "/api/v1/settings/mail",
    () => ({
      supportAddresses: [`soporte${N}@x.mx`],
      trustedAuthServIds: [N],
      autoRepliesPerAddressPerDay: 3,
      loopThreshold: { messages: 20, minutes: 60 },
      imap: { host: N, port: 993, secure: true, user: N, password: N, mailbox: N, processedMailbox: N },
    }),
  ],
  [
    "support-center",
    "POST",
    () => "/api/v1/support-center/articles",
    (w) => ({ kind: "alert", title: N, productId: w.a.product, body: N, workaround: N, affectedFrom: N }),
  ],
  [
    "support-center",
    "PATCH",
    (w) => `/api/v1/support-center/articles/${w.tip}`,
    () => ({ title: N, body: N, version: 1 }),
  ],
  ["support-center", "POST", () => "/api/v1/support-center/preview", () => ({ markdown: `# ${N}` })],
  [
    "support-center",
    "POST",
    () => "/api/v1/support-center/feature-requests",
    (w) => ({ productId: w.a.product, title: N, description: N }),
    "contact",
  ],
  [
    "support-center",
    "POST",
    (w) => `/api/v1/support-center/feature-requests/${w.a.featureRequest}/status`,
    () => ({ status: "declined", reason: N, version: 1 }),
  ],
  [
    "services",
    "POST",
    () => "/api/v1/hour-banks/packages",
    (w) => ({
      organizationId: w.a.org,
      hours: 80,
      purchasedOn: "2026-03-02",
      purchaseOrder: N,
      priceCents: 1,
    }),
  ],
  [
    "services",
    "POST",
    () => "/api/v1/hour-banks/entries",
    (w) => ({
      organizationId: w.a.org,
      workedOn: "2026-03-03",
      hours: 1,
      kind: "other",
      description: N,
      overrideReason: N,
    }),
  ],
  [
    "services",
    "POST",
    () => "/api/v1/services/sts",
    (w) => ({
      organizationId: w.a.org,
      engineerId: w.engineer.userId,
      startDate: "2026-12-01",
      purchaseOrder: N,
      priceCents: 1,
      notes: N,
    }),
  ],
  [
    "services",
    "POST",
    (w) => `/api/v1/services/sts/visits/${w.stsVisitB}/hold`,
    () => ({ heldOn: "2026-11-27", minutes: N }),
  ],
  [
    "services",
    "POST",
    (w) => `/api/v1/services/sts/visits/${w.stsVisitB}/reschedule`,
    () => ({ date: "2027-01-05", reason: N }),
  ],
  [
    "services",
    "POST",
    () => "/api/v1/out-of-hours/windows",
    () => ({ startsAt: `2026-12-20T10:00${N}`, endsAt: "2026-12-20T18:00", maintenance: N }),
    "contact",
  ],
  ["services", "POST", (w) => `/api/v1/out-of-hours/windows/${w.stsB}/decline`, () => ({ reason: N })],
  [
    "services",
    "POST",
    (w) => `/api/v1/out-of-hours/windows/${w.stsB}/cancel`,
    () => ({ reason: N }),
    "contact",
  ],
  [
    "webhooks",
    "POST",
    () => "/api/v1/webhooks",
    () => ({ url: `https://hooks.example.com/${N}`, description: N, events: ["case.created"] }),
  ],
  [
    "webhooks",
    "PATCH",
    (w) => `/api/v1/webhooks/${w.webhook}`,
    () => ({ version: 1, url: `https://hooks.example.com/${N}`, description: N }),
  ],
];

/** Stands for the world where only a route's shape is wanted: every id reads "{id}". */
const anyId: unknown = new Proxy(
  {},
  { get: (_, key) => (key === Symbol.toPrimitive ? () => "{id}" : anyId) },
);

export const nulInputs: Hostile[] = rows.map(([area, method, url, body, caller]) => {
  const template = url(anyId as World);
  return {
    family: "nul",
    area,
    input: `NUL in every text field of ${method} ${template}`,
    send: (w: World) => ({
      method,
      url: url(w),
      as: caller === "contact" ? w.contactA : w.admin,
      body: body(w),
    }),
    expect: { status: 400, code: "validation_failed", fieldCode: "control_characters" },
    check: (res, w) => {
      const named = new Set((res.json() as { errors?: { field: string }[] }).errors?.map((e) => e.field));
      const missing = nulFields(body(w)).filter((field) => !named.has(field));
      return missing.length ? `no control_characters error for ${missing.join(", ")}` : null;
    },
  } satisfies Hostile;
});
