import { p1Report } from "../harness/case-fixtures";
import { type Check, type Hostile, jsonOf } from "./types";

/**
 * Confusables, right-to-left overrides (U+202E), isolates, zero-width characters, byte-order marks, lone
 * surrogates and combining floods in names, subjects and titles: stored exactly as given, or refused with
 * a field error — never a 500.
 */

const RLO = "\u202E";
const ZWSP = "\u200B";
const ZWJ = "\u200D";

/** A 201/200 stored the text as given: the answer, and a later read at `url`, have `field` unchanged. */
const storedAsGiven =
  (field: string, value: string, url?: (id: string) => string): Check =>
  async (res, w) => {
    if (res.statusCode >= 400) return null;
    const body = jsonOf(res) as Record<string, unknown>;
    if (body[field] !== value) return `${field} came back as ${JSON.stringify(body[field])}`;
    if (!url) return null;
    const read = await w.request("GET", url(String(body.id)), { session: w.admin });
    const again = (read.json() as Record<string, unknown>)[field];
    return again === value ? null : `${field} read back as ${JSON.stringify(again)}`;
  };

/** Refused naming the field, or stored as given. */
const refusedOrStored = (field: string) => ({
  status: [200, 201, 400],
  fields: [field],
  fieldCode: "control_characters" as const,
});

export const unicodeInputs: Hostile[] = [
  {
    family: "unicode",
    area: "organizations",
    input: "a right-to-left override in an organization's name",
    send: (w) => ({
      method: "POST",
      url: "/api/v1/organizations",
      as: w.admin,
      body: { name: `Municipio ${RLO}fdp.exe`, timeZone: "UTC" },
    }),
    expect: { status: 400, code: "validation_failed", fields: ["name"], fieldCode: "control_characters" },
  },
  {
    family: "unicode",
    area: "organizations",
    input: "Cyrillic look-alikes in an organization's name (Мunicipio)",
    send: (w) => ({
      method: "POST",
      url: "/api/v1/organizations",
      as: w.admin,
      body: { name: "\u041Cunicipi\u043E de Querétaro", timeZone: "UTC" },
    }),
    expect: { status: 201 },
    check: storedAsGiven("name", "\u041Cunicipi\u043E de Querétaro", (id) => `/api/v1/organizations/${id}`),
  },
  {
    family: "unicode",
    area: "organizations",
    input: "zero-width spaces in a contact's name",
    send: (w) => ({
      method: "POST",
      url: `/api/v1/organizations/${w.a.org}/contacts`,
      as: w.admin,
      body: { name: `Ana${ZWSP}${ZWSP} Pérez`, email: `ana.zw.${Date.now()}@test.example` },
    }),
    expect: { status: 201 },
    check: storedAsGiven("name", `Ana${ZWSP}${ZWSP} Pérez`, (id) => `/api/v1/contacts/${id}`),
  },
  {
    family: "unicode",
    area: "cases",
    input: "a right-to-left override in a portal case's subject",
    send: (w) => ({
      method: "POST",
      url: "/api/v1/cases",
      as: w.contactA,
      body: p1Report(w.a.system, { subject: `Factura ${RLO}txt.exe` }),
    }),
    expect: { status: 400, code: "validation_failed", fields: ["subject"], fieldCode: "control_characters" },
  },
  {
    family: "unicode",
    area: "cases",
    input: "zero-width joiners in a portal case's subject",
    send: (w) => ({
      method: "POST",
      url: "/api/v1/cases",
      as: w.contactA,
      body: p1Report(w.a.system, { subject: `SIGAP${ZWJ} no${ZWJ} abre` }),
    }),
    expect: { status: 201 },
    check: storedAsGiven("subject", `SIGAP${ZWJ} no${ZWJ} abre`, (id) => `/api/v1/cases/${id}`),
  },
  {
    family: "unicode",
    area: "cases",
    input: "a lone surrogate (\\ud800) in a portal case's subject (jsonb refuses it)",
    send: (w) => ({
      method: "POST",
      url: "/api/v1/cases",
      as: w.contactA,
      payload: JSON.stringify(p1Report(w.a.system, { subject: "PLACEHOLDER" })).replace(
        "PLACEHOLDER",
        "Falla \\ud800 x",
      ),
      headers: { "content-type": "application/json" },
    }),
    expect: { status: 400, code: "validation_failed", fields: ["subject"], fieldCode: "invalid" },
  },
  {
    family: "unicode",
    area: "support-center",
    input: "a right-to-left isolate (U+2067) in a feature request's title",
    send: (w) => ({
      method: "POST",
      url: "/api/v1/support-center/feature-requests",
      as: w.contactA,
      body: { productId: w.a.product, title: "Exportar \u2067PDF\u2069 masivo" },
    }),
    expect: { status: 400, code: "validation_failed", fields: ["title"], fieldCode: "control_characters" },
  },
  {
    family: "unicode",
    area: "support-center",
    input: "a right-to-left override in an article's title",
    send: (w) => ({
      method: "POST",
      url: "/api/v1/support-center/articles",
      as: w.admin,
      body: { kind: "tip", title: `Consejo ${RLO}gnp.exe`, productId: w.a.product },
    }),
    expect: { status: 400, code: "validation_failed", fields: ["title"], fieldCode: "control_characters" },
  },
  {
    family: "unicode",
    area: "catalog",
    input: "look-alikes and zero-width characters in a product's name",
    send: (w) => ({
      method: "POST",
      url: "/api/v1/products",
      as: w.admin,
      body: { name: `S\u0406GAP${ZWSP} N\u0435t`, modules: [] },
    }),
    expect: { status: 201 },
    check: storedAsGiven("name", `S\u0406GAP${ZWSP} N\u0435t`, (id) => `/api/v1/products/${id}`),
  },
  {
    family: "unicode",
    area: "admin",
    input: "a byte-order mark (U+FEFF) inside a staff user's name",
    send: (w) => ({
      method: "POST",
      url: "/api/v1/users",
      as: w.admin,
      body: {
        name: "Luis\uFEFF Ortega",
        email: `luis.bom.${Date.now()}@test.example`,
        role: "specialist",
        password: "correct horse battery staple",
      },
    }),
    expect: { status: 201 },
    check: storedAsGiven("name", "Luis\uFEFF Ortega", (id) => `/api/v1/users/${id}`),
  },
  {
    family: "unicode",
    area: "admin",
    input: "a Cyrillic o in a new user's email (admin@soporte.lоcal)",
    send: (w) => ({
      method: "POST",
      url: "/api/v1/users",
      as: w.admin,
      body: {
        name: "Homógrafo",
        email: `admin.${Date.now()}@soporte.l\u043Ecal`,
        role: "specialist",
        password: "correct horse battery staple",
      },
    }),
    expect: { status: [201, 400] },
  },
  {
    family: "unicode",
    area: "organizations",
    input: "150 combining marks on one letter of a contact's name",
    send: (w) => ({
      method: "PATCH",
      url: `/api/v1/contacts/${w.a.contact}`,
      as: w.admin,
      body: { name: `Z${"\u0336".repeat(150)}algo` },
    }),
    expect: { status: [200, 400] },
    check: storedAsGiven("name", `Z${"\u0336".repeat(150)}algo`),
  },
  {
    family: "unicode",
    area: "services",
    input: "a right-to-left override in an hour bank's purchase order",
    send: (w) => ({
      method: "POST",
      url: "/api/v1/hour-banks/packages",
      as: w.admin,
      body: {
        organizationId: w.a.org,
        hours: 80,
        purchasedOn: "2026-03-02",
        purchaseOrder: `OC-${RLO}1234`,
        priceCents: 100,
      },
    }),
    expect: {
      status: 400,
      code: "validation_failed",
      fields: ["purchaseOrder"],
      fieldCode: "control_characters",
    },
  },
  {
    family: "unicode",
    area: "webhooks",
    input: "a right-to-left override in a webhook's description",
    send: (w) => ({
      method: "POST",
      url: "/api/v1/webhooks",
      as: w.admin,
      body: { url: "https://hooks.example.com/rlo", events: ["case.created"], description: `ERP ${RLO}lmth` },
    }),
    expect: {
      status: 400,
      code: "validation_failed",
      fields: ["description"],
      fieldCode: "control_characters",
    },
  },
  {
    family: "unicode",
    area: "contracts",
    input: "a right-to-left override in a training course's name",
    send: (w) => ({
      method: "POST",
      url: `/api/v1/contacts/${w.a.contact}/training`,
      as: w.admin,
      body: { course: `Curso ${RLO}fdp`, completedOn: "2026-01-10" },
    }),
    expect: { status: 400, code: "validation_failed", fields: ["course"], fieldCode: "control_characters" },
  },
  {
    family: "unicode",
    area: "calendars",
    input: "emoji and a zero-width joiner sequence in a calendar's name",
    send: (w) => ({
      method: "POST",
      url: "/api/v1/calendars",
      as: w.admin,
      body: { id: "emoji", name: "Guardia 👩‍💻 nocturna", timeZone: "America/Mexico_City", week: {} },
    }),
    expect: refusedOrStored("name"),
    check: storedAsGiven("name", "Guardia 👩‍💻 nocturna", (id) => `/api/v1/calendars/${id}`),
  },
  {
    family: "unicode",
    area: "auth",
    input: "a right-to-left override in an API token's name",
    send: (w) => ({
      method: "POST",
      url: "/api/v1/auth/tokens",
      as: w.admin,
      body: { name: `ERP ${RLO}exe` },
    }),
    expect: { status: 400, code: "validation_failed", fields: ["name"], fieldCode: "control_characters" },
  },
];
