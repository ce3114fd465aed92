import { beforeAll, describe, expect, it } from "vitest";
import { CHECKLIST_ITEMS } from "../../src/api/cases";
import { SYSTEM_ACTOR } from "../../src/server/platform/actor";
import { type Session, setupTestApp, uniq } from "../harness/test-app";

/**
 * Two organizations; every GET route of the OpenAPI document is probed as a contact of organization A
 * with the ids of organization B's data. The answer is 404 or an empty list, never B's data.
 */
const { ctx, request, signIn } = setupTestApp();

type Ids = {
  org: string;
  contact: string;
  system: string;
  product: string;
  release: string;
  module: string;
  contract: string;
  training: string;
  held: string;
  case: string;
};
let a: Ids;
let b: Ids;
let contactA: Session;
let markersOfB: string[];

const setUpOrganization = async (label: string): Promise<Ids> => {
  const s = ctx.app.services;
  const org = await s.organizations.createOrganization(SYSTEM_ACTOR, {
    name: uniq(`Organización ${label}`),
    rfc: `OR${label}850101AB1`,
    emailDomains: [`${label.toLowerCase()}-org.gob.mx`],
    timeZone: "America/Mexico_City",
  });
  const contact = await s.organizations.createContact(SYSTEM_ACTOR, org.id, {
    name: `Contacto secreto ${label}`,
    email: `secreto.${label.toLowerCase()}@${label.toLowerCase()}-org.gob.mx`,
    preferredLanguage: "es-MX",
  });
  const product = await s.catalog.createProduct(SYSTEM_ACTOR, {
    name: uniq(`Producto ${label}`),
    description: `Solo para ${label}`,
    modules: [`Módulo ${label}`],
  });
  const release = await s.catalog.createRelease(SYSTEM_ACTOR, product.id, {
    version: "1.0.0",
    releaseDate: "2026-01-15",
    notes: `Notas ${label}`,
  });
  const system = await s.catalog.createSystem(SYSTEM_ACTOR, {
    organizationId: org.id,
    productId: product.id,
    name: `Sistema ${label}`,
    moduleIds: [product.modules[0]!.id],
    installedVersion: "1.0.0",
    environment: "production",
  });
  const contract = await s.contracts.createContract(SYSTEM_ACTOR, {
    systemId: system.id,
    planId: "estandar",
    startDate: "2026-01-02",
    salePriceCents: 12_345_600,
    notes: `Notas internas ${label}`,
  });
  const training = await s.authorizedContacts.addTraining(SYSTEM_ACTOR, contact.id, {
    course: `Curso ${label}`,
    completedOn: "2026-01-10",
  });
  await s.authorizedContacts.authorizeContact(SYSTEM_ACTOR, contract.id, contact.id);
  const held = await ctx.db.db.transaction().execute((tx) =>
    s.heldRequests.recordHeldRequest(tx, {
      organizationId: org.id,
      systemId: system.id,
      requesterId: contact.id,
      channel: "email",
      subject: `Solicitud retenida ${label}`,
      details: {},
    }),
  );
  const opened = await s.cases.openCase(
    SYSTEM_ACTOR,
    {
      systemId: system.id,
      requesterId: contact.id,
      subject: `Caso secreto ${label}`,
      description: `Descripción ${label}`,
      affectedPercent: 30,
      canKeepWorking: true,
      checklist: Object.fromEntries(CHECKLIST_ITEMS.map((i) => [i, true])) as never,
    },
    "phone",
  );
  if (opened.outcome !== "opened") throw new Error("case not opened");
  await s.cases.addNote(SYSTEM_ACTOR, opened.case.id, `Nota interna ${label}`);
  return {
    case: opened.case.id,
    org: org.id,
    contact: contact.id,
    system: system.id,
    product: product.id,
    release: release.id,
    module: product.modules[0]!.id,
    contract: contract.id,
    training: training.id,
    held,
  };
};

beforeAll(async () => {
  a = await setUpOrganization("A");
  b = await setUpOrganization("B");
  contactA = await signIn("customer_contact", a.org);
  markersOfB = [
    ...Object.values(b),
    "Contacto secreto B",
    "b-org.gob.mx",
    "Sistema B",
    "Notas B",
    "Solo para B",
  ];
});

const leaks = (body: string) => markersOfB.filter((m) => body.includes(m));

describe("tenant isolation", () => {
  it("answers 404 when a contact writes to another organization's case", async () => {
    const writes: [string, unknown][] = [
      [`/api/v1/cases/${b.case}/replies`, { body: "Hola" }],
      [`/api/v1/cases/${b.case}/status`, { status: "closed", version: 1 }],
    ];
    for (const [url, body] of writes) {
      const res = await request("POST", url, { session: contactA, body });
      expect(res.statusCode, url).toBe(404);
    }
    const timeline = await ctx.app.services.cases.timeline(SYSTEM_ACTOR, b.case);
    expect(timeline.map((e) => e.kind)).not.toContain("reply");
  });

  it("shows a contact their own organization's data (positive control)", async () => {
    const org = await request("GET", `/api/v1/organizations/${a.org}`, { session: contactA });
    expect(org.statusCode).toBe(200);
    const cases = await request("GET", "/api/v1/cases", { session: contactA });
    expect(cases.json().items.map((c: { id: string }) => c.id)).toEqual([a.case]);
    const timeline = await request("GET", `/api/v1/cases/${a.case}/timeline`, { session: contactA });
    expect(timeline.statusCode).toBe(200);
    expect(timeline.body).not.toContain("Nota interna A");
    const contracts = await request("GET", "/api/v1/contracts", { session: contactA });
    expect(contracts.json().items.map((c: { id: string }) => c.id)).toEqual([a.contract]);
    const systems = await request("GET", "/api/v1/systems", { session: contactA });
    expect(systems.json().items.map((s: { id: string }) => s.id)).toEqual([a.system]);
    const products = await request("GET", "/api/v1/products", { session: contactA });
    expect(products.json().items.map((p: { id: string }) => p.id)).toEqual([a.product]);
    const release = await request("GET", `/api/v1/releases/${a.release}`, { session: contactA });
    expect(release.statusCode).toBe(200);
  });

  it("probes every GET route with organization B's ids and gets 404 or nothing of B", async () => {
    const doc = (await request("GET", "/api/v1/openapi.json")).json() as {
      paths: Record<string, Record<string, { tags?: string[] }>>;
    };
    const getPaths = Object.entries(doc.paths)
      .filter(([, ops]) => ops.get)
      .map(([p]) => p);
    expect(getPaths.length).toBeGreaterThan(10);
    expect(getPaths.every((p) => p.startsWith("/api/v1/"))).toBe(true);
    const probed: string[] = [];
    for (const path of getPaths) {
      const params = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);
      if (params.length === 0) {
        // list routes: plain, and filtered by every id of B
        const queries = [
          "",
          ...Object.values(b).flatMap((id) => [`organizationId=${id}`, `productId=${id}`, `systemId=${id}`]),
          // search must not reach across organizations either
          ...["Caso secreto B", "Contacto secreto B", "Sistema B", "b-org"].map(
            (q) => `q=${encodeURIComponent(q)}`,
          ),
        ];
        for (const q of queries) {
          const res = await request("GET", `${path}${q ? `?${q}` : ""}`, { session: contactA });
          expect(leaks(res.body), `${path}?${q}`).toEqual([]);
          probed.push(`${path}?${q}`);
        }
        continue;
      }
      for (const idOfB of Object.values(b)) {
        const url = params.reduce(
          (u, p) => u.replace(`{${p}}`, p === "moduleId" ? b.module : p === "recordId" ? b.training : idOfB),
          path,
        );
        const res = await request("GET", url, { session: contactA });
        expect(leaks(res.body), url).toEqual([]);
        const staffOnly = res.statusCode === 403 && res.json().code === "forbidden";
        expect(staffOnly || res.statusCode === 404, `${url} answered ${res.statusCode}`).toBe(true);
        probed.push(url);
      }
    }
    expect(probed.some((p) => p.includes(b.org))).toBe(true);
  });

  it("answers 404 (not 403) for B's organization, contact, system, product and release", async () => {
    for (const url of [
      `/api/v1/organizations/${b.org}`,
      `/api/v1/organizations/${b.org}/contacts`,
      `/api/v1/contacts/${b.contact}`,
      `/api/v1/systems/${b.system}`,
      `/api/v1/products/${b.product}`,
      `/api/v1/products/${b.product}/releases`,
      `/api/v1/releases/${b.release}`,
      `/api/v1/contracts/${b.contract}`,
      `/api/v1/contacts/${b.contact}/training`,
      `/api/v1/cases/${b.case}`,
      `/api/v1/cases/${b.case}/timeline`,
    ]) {
      const res = await request("GET", url, { session: contactA });
      expect(res.statusCode, url).toBe(404);
    }
  });

  it("refuses a contact every staff write: organizations, catalog, contracts, plans, held requests, case desk actions", async () => {
    const writes: [string, string, unknown][] = [
      ["POST", "/api/v1/organizations", { name: "X" }],
      ["PATCH", `/api/v1/organizations/${a.org}`, { name: "X" }],
      ["POST", `/api/v1/organizations/${a.org}/contacts`, { name: "X", email: "x@a-org.gob.mx" }],
      ["PATCH", `/api/v1/systems/${a.system}`, { name: "X" }],
      ["POST", "/api/v1/products", { name: "X" }],
      [
        "POST",
        "/api/v1/contracts",
        { systemId: a.system, planId: "estandar", startDate: "2028-01-01", salePriceCents: 0 },
      ],
      ["POST", `/api/v1/contracts/${a.contract}/renew`, {}],
      ["POST", `/api/v1/contracts/${a.contract}/authorized-contacts`, { contactId: a.contact }],
      ["POST", `/api/v1/contacts/${a.contact}/training`, { course: "X", completedOn: "2026-01-01" }],
      ["PATCH", "/api/v1/plans/estandar", { maxAuthorizedContacts: 9 }],
      ["POST", `/api/v1/held-requests/${a.held}/release`, { purchaseOrder: "X" }],
      ["POST", `/api/v1/cases/${a.case}/notes`, { body: "X" }],
      ["POST", `/api/v1/cases/${a.case}/triage`, { priority: "P1", reason: "X", version: 1 }],
      ["POST", `/api/v1/cases/${a.case}/assignee`, { assigneeId: null, version: 1 }],
    ];
    for (const [method, url, body] of writes) {
      const res = await request(method as "POST", url, { session: contactA, body });
      expect(res.statusCode, `${method} ${url}`).toBe(403);
    }
  });
});
