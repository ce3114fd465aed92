import { p1Report } from "../harness/case-fixtures";
import { type Check, type Hostile, jsonOf } from "./types";

/**
 * Organization B's ids in every body field that takes an id (and in the paths beside them), sent by A's
 * contact through the portal: refused with a problem — 404, 403, 400 or 422 — and nothing of B in the
 * answer (the runner checks every answer to A's contact for B's names and ids); what would have been
 * written for B is not. Staff binding one organization's records to another's: catalogue.tenancy-staff.
 */

/** After a refusal, the thing named was not written: `count` rows still match. */
export const nothingWritten =
  (
    table: "cases" | "feature_requests" | "out_of_hours_windows" | "hour_bank_entries",
    organization: "a" | "b",
  ): Check =>
  async (res, w) => {
    if (res.statusCode < 400) return `accepted: ${res.body.slice(0, 200)}`;
    const column = table === "feature_requests" ? "product_id" : "organization_id";
    const id = table === "feature_requests" ? w[organization].product : w[organization].org;
    const rows = await w.ctx.db.db
      .selectFrom(table)
      .select((eb) => eb.fn.countAll<string>().as("n"))
      .where(column, "=", id)
      .executeTakeFirstOrThrow();
    const expected = table === "feature_requests" || table === "cases" ? 1 : 0;
    return Number(rows.n) === expected ? null : `${table} of ${organization.toUpperCase()}: ${rows.n} rows`;
  };

export const tenancyInputs: Hostile[] = [
  {
    family: "tenancy",
    area: "cases",
    input: "B's system id as systemId of a portal case",
    send: (w) => ({ method: "POST", url: "/api/v1/cases", as: w.contactA, body: p1Report(w.b.system) }),
    expect: { status: [403, 404, 422] },
    check: nothingWritten("cases", "b"),
  },
  {
    family: "tenancy",
    area: "cases",
    input: "B's contact id as requesterId of a portal case",
    send: (w) => ({
      method: "POST",
      url: "/api/v1/cases",
      as: w.contactA,
      body: p1Report(w.a.system, { requesterId: w.b.contact }),
    }),
    expect: { status: [400, 403, 404] },
  },
  {
    family: "tenancy",
    area: "cases",
    input: "B's case id in the path of a portal reply",
    send: (w) => ({
      method: "POST",
      url: `/api/v1/cases/${w.b.case}/replies`,
      as: w.contactA,
      body: { body: "Hola" },
    }),
    expect: { status: 404, code: "not_found" },
  },
  {
    family: "tenancy",
    area: "uploads",
    input: "B's attachment id under A's case",
    send: (w) => ({
      method: "GET",
      url: `/api/v1/cases/${w.a.case}/attachments/${w.b.attachment}`,
      as: w.contactA,
    }),
    expect: { status: 404, code: "not_found" },
  },
  {
    family: "tenancy",
    area: "uploads",
    input: "B's attachment id under B's case, asked by A's contact",
    send: (w) => ({
      method: "GET",
      url: `/api/v1/cases/${w.b.case}/attachments/${w.b.attachment}`,
      as: w.contactA,
    }),
    expect: { status: 404, code: "not_found" },
  },
  {
    family: "tenancy",
    area: "cases",
    input: "B's contact and system as contactId/systemId of an intake attempt by A's contact",
    send: (w) => ({
      method: "POST",
      url: "/api/v1/intake-attempts",
      as: w.contactA,
      body: { contactId: w.b.contact, systemId: w.b.system },
    }),
    expect: { status: [403, 404] },
  },
  {
    family: "tenancy",
    area: "cases",
    input: "B's contact id as contactId of the portal's entitlements",
    send: (w) => ({ method: "GET", url: `/api/v1/entitlements?contactId=${w.b.contact}`, as: w.contactA }),
    expect: { status: [200, 403, 404] },
    check: (res) =>
      res.statusCode === 200 && res.body.includes("Sistema") ? "B's entitlements listed" : null,
  },
  {
    family: "tenancy",
    area: "support-center",
    input: "B's product id as productId of a portal feature request",
    send: (w) => ({
      method: "POST",
      url: "/api/v1/support-center/feature-requests",
      as: w.contactA,
      body: { productId: w.b.product, title: "Petición sobre el producto de B" },
    }),
    expect: { status: [400, 403, 404, 422] },
    check: nothingWritten("feature_requests", "b"),
  },
  {
    family: "tenancy",
    area: "support-center",
    input: "B's product id in a portal subscription (as unknown as no product)",
    send: (w) => ({
      method: "PUT",
      url: "/api/v1/support-center/subscriptions",
      as: w.contactA,
      body: { items: [{ productId: w.b.product, kind: "alert", digest: false }] },
    }),
    expect: { status: 400, code: "validation_failed", fields: ["items.0.productId"], fieldCode: "not_found" },
  },
  {
    family: "tenancy",
    area: "support-center",
    input: "B's feature request id in the path of a portal vote",
    send: (w) => ({
      method: "POST",
      url: `/api/v1/support-center/feature-requests/${w.b.featureRequest}/votes`,
      as: w.contactA,
    }),
    expect: { status: [403, 404, 422] },
  },
  {
    family: "tenancy",
    area: "services",
    input: "B's organization and contract ids in a portal out-of-hours booking",
    send: (w) => ({
      method: "POST",
      url: "/api/v1/out-of-hours/windows",
      as: w.contactA,
      body: {
        organizationId: w.b.org,
        contractId: w.b.contract,
        startsAt: "2027-01-16T10:00",
        endsAt: "2027-01-16T18:00",
        maintenance: "Migración",
      },
    }),
    expect: { status: [400, 403, 404, 422] },
    check: nothingWritten("out_of_hours_windows", "b"),
  },
  {
    family: "tenancy",
    area: "services",
    input: "B's contract id with A's organization in a portal out-of-hours booking",
    send: (w) => ({
      method: "POST",
      url: "/api/v1/out-of-hours/windows",
      as: w.contactA,
      body: {
        contractId: w.b.contract,
        startsAt: "2027-01-16T10:00",
        endsAt: "2027-01-16T18:00",
        maintenance: "Migración",
      },
    }),
    expect: { status: [400, 403, 404, 422] },
    check: nothingWritten("out_of_hours_windows", "a"),
  },
  {
    family: "tenancy",
    area: "services",
    input: "B's on-site visit id in the path of holding it, by A's contact",
    send: (w) => ({
      method: "POST",
      url: `/api/v1/services/sts/visits/${w.stsVisitB}/hold`,
      as: w.contactA,
      body: { heldOn: "2026-11-27", minutes: "Minuta" },
    }),
    expect: { status: [403, 404] },
  },
  {
    family: "tenancy",
    area: "contracts",
    input: "B's held request released by A's contact",
    send: (w) => ({
      method: "POST",
      url: `/api/v1/held-requests/${w.heldB}/release`,
      as: w.contactA,
      body: { purchaseOrder: "OC-1" },
    }),
    expect: { status: [403, 404] },
  },
  {
    family: "tenancy",
    area: "organizations",
    input: "B's contact changed by A's contact",
    send: (w) => ({
      method: "PATCH",
      url: `/api/v1/contacts/${w.b.contact}`,
      as: w.contactA,
      body: { name: "Cambiado" },
    }),
    expect: { status: [403, 404] },
  },
  {
    family: "tenancy",
    area: "reports",
    input: "B's organization id as organizationId of A's compliance report",
    send: (w) => ({
      method: "GET",
      url: `/api/v1/reports/compliance?from=2026-01-01&to=2026-12-31&organizationId=${w.b.org}`,
      as: w.contactA,
    }),
    expect: { status: [200, 403, 404] },
    check: (res) => (res.statusCode === 200 && !jsonOf(res) ? "no report" : null),
  },
  {
    family: "tenancy",
    area: "notifications",
    input: "ids of someone else's notifications marked read by A's contact",
    send: async (w) => {
      const theirs = await w.ctx.db.db
        .insertInto("notifications")
        .values(
          [w.b.contact, w.specialist.userId].map((user_id) => ({
            user_id,
            kind: "reply",
            data: "{}",
            created_at: new Date(),
          })),
        )
        .returning("id")
        .execute();
      return {
        method: "POST",
        url: "/api/v1/notifications/read",
        as: w.contactA,
        body: { ids: theirs.map((n) => n.id) },
      };
    },
    expect: { status: [200, 204, 404] },
    check: async (_, w) => {
      const read = await w.ctx.db.db
        .selectFrom("notifications")
        .select("id")
        .where("user_id", "!=", w.contactA.userId)
        .where("read_at", "is not", null)
        .execute();
      return read.length ? `${read.length} notifications of others marked read` : null;
    },
  },
];
