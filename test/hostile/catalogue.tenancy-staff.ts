import { SYSTEM_ACTOR } from "../../src/server/platform/actor";
import { p1Report } from "../harness/case-fixtures";
import { nothingWritten } from "./catalogue.tenancy";
import type { Hostile } from "./types";

/**
 * Organization B's ids where staff bind one organization's records to another's: B's contact as the
 * requester, engineer, assignee or authorized contact of A's records, B's contract for A's package, B's
 * case for A's hour entry, B's module in A's system, B's release or request beside A's product. Each is
 * refused with a field error or a problem (400, 404, 409, 422) and nothing is written; a resolution may
 * cite any organization's cases, which its readers never see.
 */
export const staffTenancyInputs: Hostile[] = [
  {
    family: "tenancy",
    area: "cases",
    input: "B's contact id as requesterId of a case staff log on A's system",
    send: (w) => ({
      method: "POST",
      url: "/api/v1/cases",
      as: w.specialist,
      body: p1Report(w.a.system, { requesterId: w.b.contact }),
    }),
    expect: { status: [400, 403, 404, 422] },
  },
  {
    family: "tenancy",
    area: "support-center",
    input: "B's case id in a resolution that A's contact then reads (its cases are staff's)",
    send: (w) => ({
      method: "POST",
      url: "/api/v1/support-center/articles",
      as: w.admin,
      body: { kind: "resolution", title: "Resolución cruzada", productId: w.a.product, caseIds: [w.b.case] },
    }),
    expect: { status: [201, 400, 404, 422] },
    check: async (res, w) => {
      if (res.statusCode !== 201) return null;
      const { id, version } = res.json() as { id: string; version: number };
      await w.ctx.app.services.articles.changeStatus(SYSTEM_ACTOR, id, { status: "published", version });
      const read = await w.request("GET", `/api/v1/support-center/articles/${id}`, { session: w.contactA });
      if (read.statusCode !== 200) return `A's contact could not read the resolution: ${read.statusCode}`;
      const leaked = w.secretsOfB.filter((secret) => read.body.includes(secret));
      return leaked.length ? `the resolution shows A's contact ${leaked.join(", ")}` : null;
    },
  },
  {
    family: "tenancy",
    area: "support-center",
    input: "B's release id as fixedInReleaseId of an alert of A's product",
    send: (w) => ({
      method: "POST",
      url: "/api/v1/support-center/articles",
      as: w.admin,
      body: {
        kind: "alert",
        title: "Corregida en otra",
        productId: w.a.product,
        severity: "low",
        fixedInReleaseId: w.b.release,
      },
    }),
    expect: { status: 400, code: "validation_failed", fields: ["fixedInReleaseId"] },
  },
  {
    family: "tenancy",
    area: "support-center",
    input: "B's feature request id as targetId of merging A's request",
    send: (w) => ({
      method: "POST",
      url: `/api/v1/support-center/feature-requests/${w.a.featureRequest}/merge`,
      as: w.admin,
      body: { targetId: w.b.featureRequest },
    }),
    expect: { status: [400, 409, 422] },
  },
  {
    family: "tenancy",
    area: "services",
    input: "B's contract id for a package sold to A",
    send: (w) => ({
      method: "POST",
      url: "/api/v1/hour-banks/packages",
      as: w.admin,
      body: {
        organizationId: w.a.org,
        contractId: w.b.contract,
        hours: 80,
        purchasedOn: "2026-03-02",
        purchaseOrder: "OC-X",
        priceCents: 1,
      },
    }),
    expect: { status: [400, 404, 422], code: ["validation_failed", "not_found", "hour_bank_refused"] },
  },
  {
    family: "tenancy",
    area: "services",
    input: "B's case id as caseId of an hour entry for A",
    send: (w) => ({
      method: "POST",
      url: "/api/v1/hour-banks/entries",
      as: w.admin,
      body: { organizationId: w.a.org, workedOn: "2026-03-03", hours: 1, kind: "other", caseId: w.b.case },
    }),
    expect: { status: [400, 422] },
    check: nothingWritten("hour_bank_entries", "a"),
  },
  {
    family: "tenancy",
    area: "services",
    input: "B's contact id as engineerId of an on-site service",
    send: (w) => ({
      method: "POST",
      url: "/api/v1/services/sts",
      as: w.admin,
      body: {
        organizationId: w.a.org,
        engineerId: w.b.contact,
        startDate: "2026-12-01",
        purchaseOrder: "OC-STS",
        priceCents: 1,
      },
    }),
    expect: { status: [400, 422] },
  },
  {
    family: "tenancy",
    area: "contracts",
    input: "B's contact id as contactId authorized on A's contract",
    send: (w) => ({
      method: "POST",
      url: `/api/v1/contracts/${w.a.contract}/authorized-contacts`,
      as: w.admin,
      body: { contactId: w.b.contact },
    }),
    expect: { status: [400, 404, 422] },
  },
  {
    family: "tenancy",
    area: "catalog",
    input: "B's module id in a system of A's product",
    send: (w) => ({
      method: "POST",
      url: "/api/v1/systems",
      as: w.admin,
      body: {
        organizationId: w.a.org,
        productId: w.a.product,
        name: "Sistema mixto",
        moduleIds: [w.b.module],
        installedVersion: "5.1.0",
        environment: "test",
      },
    }),
    expect: { status: 400, code: "validation_failed", fields: ["moduleIds"] },
  },
  {
    family: "tenancy",
    area: "cases",
    input: "B's contact id as assigneeId of A's case",
    send: (w) => ({
      method: "POST",
      url: `/api/v1/cases/${w.a.case}/assignee`,
      as: w.manager,
      body: { assigneeId: w.b.contact, version: 1 },
    }),
    expect: { status: [400, 409, 422] },
  },
  {
    family: "tenancy",
    area: "webhooks",
    input: "a made-up organization id on a webhook",
    send: (w) => ({
      method: "POST",
      url: "/api/v1/webhooks",
      as: w.admin,
      body: {
        url: "https://hooks.example.com/o",
        events: ["case.created"],
        organizationId: "7d9c1f1e-0000-4000-8000-000000000000",
      },
    }),
    expect: { status: [400, 404] },
  },
];
