import { beforeAll, describe, expect, it } from "vitest";
import { SYSTEM_ACTOR } from "../../src/server/platform/actor";
import { type Session, setupTestApp, uniq } from "../harness/test-app";

// The harness clock: Friday 27 Nov 2026, 09:00 in Mexico City.
const { ctx, request, signIn } = setupTestApp();
const USD = 100;
let admin: Session;
let executive: Session;
let specialist: Session;

type Org = { id: string; name: string };
const newOrganization = async (): Promise<Org> =>
  ctx.app.services.organizations.createOrganization(SYSTEM_ACTOR, {
    name: uniq("Municipio"),
    emailDomains: [],
    timeZone: "America/Mexico_City",
  });

let productId: string;
const newSystem = async (org: Org) =>
  (
    await ctx.app.services.catalog.createSystem(SYSTEM_ACTOR, {
      organizationId: org.id,
      productId,
      name: uniq("SIGAP"),
      moduleIds: [],
      installedVersion: "5.1.0",
      environment: "production",
    })
  ).id;

const newContact = async (org: Org, trained = true) => {
  const contact = await ctx.app.services.organizations.createContact(SYSTEM_ACTOR, org.id, {
    name: uniq("Contacto"),
    email: `${uniq("c").replace(" ", ".")}@test.example`,
    preferredLanguage: "es-MX",
  });
  if (trained) {
    const res = await request("POST", `/api/v1/contacts/${contact.id}/training`, {
      session: executive,
      body: { course: "Administración de SIGAP", completedOn: "2026-02-10", certificateId: "CERT-001" },
    });
    expect(res.statusCode).toBe(201);
  }
  return contact;
};

const createContract = (body: Record<string, unknown>, session = executive) =>
  request("POST", "/api/v1/contracts", { session, body });

beforeAll(async () => {
  admin = await signIn("admin");
  executive = await signIn("account_executive");
  specialist = await signIn("specialist");
  productId = (
    await ctx.app.services.catalog.createProduct(SYSTEM_ACTOR, {
      name: uniq("SIGAP"),
      description: "",
      modules: [],
    })
  ).id;
});

describe("contracts", () => {
  it("computes the annual fee: the minimum applies, or the rate", async () => {
    const org = await newOrganization();
    const small = await createContract({
      systemId: await newSystem(org),
      planId: "estandar",
      startDate: "2026-01-02",
      salePriceCents: 40_000 * USD,
      purchaseOrder: "OC-1",
    });
    expect(small.statusCode).toBe(201);
    expect(small.json()).toMatchObject({
      endDate: "2027-01-01",
      annualFeeCents: 10_000 * USD,
      status: "current",
      planName: "Estándar",
      seats: { used: 0, limit: 2 },
      number: expect.stringMatching(/^POL-2026-\d{5}$/),
    });
    const large = await createContract({
      systemId: await newSystem(org),
      planId: "extendido",
      startDate: "2026-01-02",
      salePriceCents: 100_000 * USD,
    });
    expect(large.json()).toMatchObject({ annualFeeCents: 22_000 * USD, seats: { limit: 4 } });
  });

  it.each([
    [{ startDate: "2026-01-02", endDate: "2026-12-31" }, "endDate", 400],
    [{ startDate: "2026-01-02", endDate: "2025-12-31" }, "endDate", 400],
    [{ startDate: "2026-02-30" }, "startDate", 400],
    [{ salePriceCents: -1 }, "salePriceCents", 400],
    [{ salePriceCents: 1.5 }, "salePriceCents", 400],
    [{ salePriceCents: 10 ** 15 }, "salePriceCents", 400],
    [{ planId: "oro" }, "planId", 400],
    [{ systemId: "00000000-0000-4000-8000-000000000000" }, "systemId", 400],
    [{ fee: 1 }, "fee", 400],
  ])("refuses bad input %o naming %s", async (override, field, status) => {
    const org = await newOrganization();
    const res = await createContract({
      systemId: await newSystem(org),
      planId: "estandar",
      startDate: "2026-01-02",
      salePriceCents: 50_000 * USD,
      ...override,
    });
    expect(res.statusCode).toBe(status);
    expect(res.json().errors.map((e: { field: string }) => e.field)).toContain(field);
  });

  it("refuses an overlapping contract for the same system, naming the one it overlaps", async () => {
    const systemId = await newSystem(await newOrganization());
    const first = await createContract({
      systemId,
      planId: "estandar",
      startDate: "2026-01-02",
      salePriceCents: 0,
    });
    const overlap = await createContract({
      systemId,
      planId: "extendido",
      startDate: "2026-12-31",
      salePriceCents: 0,
    });
    expect(overlap.statusCode).toBe(409);
    expect(overlap.json().code).toBe("contract_overlap");
    expect(overlap.json().detail).toContain(first.json().number);
    const after = await createContract({
      systemId,
      planId: "estandar",
      startDate: "2027-01-02",
      salePriceCents: 0,
    });
    expect(after.statusCode).toBe(201);
    expect(after.json().status).toBe("upcoming");
  });

  it("lets only admins and account executives write contracts", async () => {
    const systemId = await newSystem(await newOrganization());
    for (const session of [specialist, await signIn("manager")]) {
      const res = await createContract(
        { systemId, planId: "estandar", startDate: "2026-01-02", salePriceCents: 0 },
        session,
      );
      expect(res.statusCode).toBe(403);
    }
  });

  it("lists with filters: organization, plan, status, ending within N days", async () => {
    const org = await newOrganization();
    const ending = await createContract({
      systemId: await newSystem(org),
      planId: "estandar",
      startDate: "2025-12-20",
      salePriceCents: 0,
    });
    await createContract({
      systemId: await newSystem(org),
      planId: "extendido",
      startDate: "2026-06-01",
      salePriceCents: 0,
    });
    await createContract({
      systemId: await newSystem(org),
      planId: "estandar",
      startDate: "2024-01-01",
      salePriceCents: 0,
    });
    const list = async (q: string) =>
      (await request("GET", `/api/v1/contracts?organizationId=${org.id}&${q}`, { session: specialist }))
        .json()
        .items.map(
          (c: { planId: string; status: string; endDate: string }) => `${c.planId}:${c.status}:${c.endDate}`,
        );
    expect(await list("")).toEqual([
      "estandar:expired:2024-12-31",
      "estandar:current:2026-12-19",
      "extendido:current:2027-05-31",
    ]);
    expect(await list("status=current&planId=estandar")).toEqual(["estandar:current:2026-12-19"]);
    expect(await list("status=expired")).toEqual(["estandar:expired:2024-12-31"]);
    expect(await list("endingWithinDays=30")).toEqual(["estandar:current:2026-12-19"]);
    expect(ending.json().endDate).toBe("2026-12-19");

    const pipeline = (
      await request("GET", `/api/v1/contracts/renewal-pipeline?organizationId=${org.id}`, {
        session: executive,
      })
    ).json();
    expect(pipeline.today).toBe("2026-11-27");
    expect(pipeline.within30.map((c: { id: string }) => c.id)).toEqual([ending.json().id]);
    expect(pipeline.within60).toEqual([]);
    const notMine = (
      await request(
        "GET",
        `/api/v1/contracts/renewal-pipeline?organizationId=${org.id}&accountExecutiveId=${executive.userId}`,
        {
          session: executive,
        },
      )
    ).json();
    expect(notMine.within30).toEqual([]);
    await ctx.app.services.organizations.updateOrganization(SYSTEM_ACTOR, org.id, {
      accountExecutiveId: executive.userId,
    });
    const mine = (
      await request("GET", `/api/v1/contracts/renewal-pipeline?accountExecutiveId=${executive.userId}`, {
        session: executive,
      })
    ).json();
    expect(mine.within30.map((c: { id: string }) => c.id)).toEqual([ending.json().id]);
  });
});

describe("authorized contacts", () => {
  it("authorizes trained contacts up to the plan's limit; the third on Estándar is refused naming the limit", async () => {
    const org = await newOrganization();
    const contract = (
      await createContract({
        systemId: await newSystem(org),
        planId: "estandar",
        startDate: "2026-01-02",
        salePriceCents: 0,
      })
    ).json();
    const [a, b, c] = [await newContact(org), await newContact(org), await newContact(org)];
    for (const contact of [a, b]) {
      const res = await request("POST", `/api/v1/contracts/${contract.id}/authorized-contacts`, {
        session: executive,
        body: { contactId: contact.id },
      });
      expect(res.statusCode).toBe(200);
    }
    const third = await request("POST", `/api/v1/contracts/${contract.id}/authorized-contacts`, {
      session: executive,
      body: { contactId: c.id },
    });
    expect(third.statusCode).toBe(409);
    expect(third.json()).toMatchObject({ code: "seat_limit_reached" });
    expect(third.json().detail).toMatch(/Estándar allows 2/);

    const removed = await request("DELETE", `/api/v1/contracts/${contract.id}/authorized-contacts/${a.id}`, {
      session: executive,
    });
    expect(removed.json().seats).toEqual({ used: 1, limit: 2 });
    const again = await request("POST", `/api/v1/contracts/${contract.id}/authorized-contacts`, {
      session: executive,
      body: { contactId: c.id },
    });
    expect(again.statusCode).toBe(200);
    expect(again.json().authorizedContacts.map((x: { id: string }) => x.id)).toEqual([b.id, c.id]);

    const history = (
      await request("GET", `/api/v1/contracts/${contract.id}/history`, { session: specialist })
    ).json().items;
    expect(history.map((h: { action: string }) => h.action)).toEqual([
      "contract.created",
      "contract.contact_authorized",
      "contract.contact_authorized",
      "contract.contact_removed",
      "contract.contact_authorized",
    ]);
    expect(history[3].details).toMatchObject({ before: [a.id, b.id], after: [b.id] });
    expect(history[3].actorName).toMatch(/account_executive/);
  });

  it("allows four on Extendido and refuses the fifth", async () => {
    const org = await newOrganization();
    const contract = (
      await createContract({
        systemId: await newSystem(org),
        planId: "extendido",
        startDate: "2026-01-02",
        salePriceCents: 0,
      })
    ).json();
    const statuses = [];
    for (let i = 0; i < 5; i++) {
      const contact = await newContact(org);
      statuses.push(
        (
          await request("POST", `/api/v1/contracts/${contract.id}/authorized-contacts`, {
            session: executive,
            body: { contactId: contact.id },
          })
        ).statusCode,
      );
    }
    expect(statuses).toEqual([200, 200, 200, 200, 409]);
  });

  it("refuses a contact without training, of another organization, or authorized twice", async () => {
    const org = await newOrganization();
    const contract = (
      await createContract({
        systemId: await newSystem(org),
        planId: "estandar",
        startDate: "2026-01-02",
        salePriceCents: 0,
      })
    ).json();
    const untrained = await newContact(org, false);
    const foreign = await newContact(await newOrganization());
    const trained = await newContact(org);
    const post = (contactId: string) =>
      request("POST", `/api/v1/contracts/${contract.id}/authorized-contacts`, {
        session: executive,
        body: { contactId },
      });
    expect((await post(untrained.id)).json()).toMatchObject({ status: 422, code: "training_required" });
    expect((await post(foreign.id)).json()).toMatchObject({ status: 422, code: "contact_not_eligible" });
    expect((await post(executive.userId)).json()).toMatchObject({
      status: 400,
      errors: [{ field: "contactId" }],
    });
    expect((await post(trained.id)).statusCode).toBe(200);
    expect((await post(trained.id)).json()).toMatchObject({ status: 409, code: "already_authorized" });
  });

  it("refuses a training record in the future or expiring before it was completed", async () => {
    const contact = await newContact(await newOrganization(), false);
    const future = await request("POST", `/api/v1/contacts/${contact.id}/training`, {
      session: executive,
      body: { course: "SIGAP", completedOn: "2026-12-01" },
    });
    expect(future.json().errors[0].field).toBe("completedOn");
    const backwards = await request("POST", `/api/v1/contacts/${contact.id}/training`, {
      session: executive,
      body: { course: "SIGAP", completedOn: "2026-01-10", expiresOn: "2025-01-10" },
    });
    expect(backwards.json().errors[0].field).toBe("expiresOn");
  });
});

describe("renewal", () => {
  it("starts on the next business day after the end, one year, fee recomputed, contacts carried over; once", async () => {
    const org = await newOrganization();
    const contract = (
      await createContract({
        systemId: await newSystem(org),
        planId: "estandar",
        startDate: "2026-01-01",
        salePriceCents: 50_000 * USD,
      })
    ).json();
    expect(contract.endDate).toBe("2026-12-31");
    const contact = await newContact(org);
    await request("POST", `/api/v1/contracts/${contract.id}/authorized-contacts`, {
      session: executive,
      body: { contactId: contact.id },
    });
    const preview = await request(
      "GET",
      `/api/v1/contracts/${contract.id}/renewal-preview?salePriceCents=${80_000 * USD}`,
      { session: executive },
    );
    expect(preview.json()).toEqual({
      contractId: contract.id,
      planId: "estandar",
      startDate: "2027-01-04",
      endDate: "2028-01-03",
      salePriceCents: 80_000 * USD,
      annualFeeCents: 14_400 * USD,
      previousEndDate: "2026-12-31",
    });
    const renewed = await request("POST", `/api/v1/contracts/${contract.id}/renew`, {
      session: executive,
      body: { salePriceCents: 80_000 * USD, purchaseOrder: "OC-2027" },
    });
    expect(renewed.statusCode).toBe(201);
    expect(renewed.json()).toMatchObject({
      kind: "renewal",
      startDate: "2027-01-04",
      endDate: "2028-01-03",
      annualFeeCents: 14_400 * USD,
      previousContractId: contract.id,
      purchaseOrder: "OC-2027",
      status: "upcoming",
    });
    expect(renewed.json().authorizedContacts.map((c: { id: string }) => c.id)).toEqual([contact.id]);
    const old = (await request("GET", `/api/v1/contracts/${contract.id}`, { session: executive })).json();
    expect(old.successorContractId).toBe(renewed.json().id);
    const inPipeline = (
      await request("GET", `/api/v1/contracts/renewal-pipeline?organizationId=${org.id}`, {
        session: executive,
      })
    ).json();
    expect(inPipeline.within30.map((c: { id: string }) => c.id)).not.toContain(contract.id);
    const twice = await request("POST", `/api/v1/contracts/${contract.id}/renew`, {
      session: executive,
      body: {},
    });
    expect(twice.statusCode).toBe(409);
    expect(twice.json().code).toBe("later_contract_exists");
    expect(twice.json().detail).toContain(renewed.json().number);
  });
});

describe("plans", () => {
  it("applies an edit to later contracts only, unless the admin applies it to current ones (audited)", async () => {
    const org = await newOrganization();
    const before = (
      await createContract({
        systemId: await newSystem(org),
        planId: "extendido",
        startDate: "2026-01-02",
        salePriceCents: 0,
      })
    ).json();
    const denied = await request("PATCH", "/api/v1/plans/extendido", {
      session: executive,
      body: { maxAuthorizedContacts: 5 },
    });
    expect(denied.statusCode).toBe(403);
    const edited = await request("PATCH", "/api/v1/plans/extendido", {
      session: admin,
      body: { maxAuthorizedContacts: 5 },
    });
    expect(edited.json()).toMatchObject({ settings: { maxAuthorizedContacts: 5 }, appliedToContracts: 0 });
    expect(
      (await request("GET", `/api/v1/contracts/${before.id}`, { session: admin })).json().seats.limit,
    ).toBe(4);
    const later = (
      await createContract({
        systemId: await newSystem(org),
        planId: "extendido",
        startDate: "2026-01-02",
        salePriceCents: 0,
      })
    ).json();
    expect(later.seats.limit).toBe(5);

    const applied = await request("PATCH", "/api/v1/plans/extendido", {
      session: admin,
      body: { maxAuthorizedContacts: 4, applyToCurrentContracts: true },
    });
    expect(applied.json().appliedToContracts).toBeGreaterThanOrEqual(2);
    expect(
      (await request("GET", `/api/v1/contracts/${later.id}`, { session: admin })).json().seats.limit,
    ).toBe(4);
    const audit = await ctx.db.db
      .selectFrom("audit_log")
      .select("details")
      .where("action", "=", "plan.updated")
      .execute();
    expect(audit).toHaveLength(2);

    const badClock = await request("PATCH", "/api/v1/plans/extendido", {
      session: admin,
      body: { responseClocks: { P1: { calendarId: "lunar", targetMinutes: 240 } } },
    });
    expect(badClock.statusCode).toBe(400);
    const unknown = await request("PATCH", "/api/v1/plans/oro", { session: admin, body: { feeRateBps: 1 } });
    expect(unknown.statusCode).toBe(404);
  });

  it("lets an admin set the reinstatement penalty rate", async () => {
    expect((await request("GET", "/api/v1/settings/contracts", { session: executive })).json()).toEqual({
      penaltyRateBps: 1000,
    });
    const set = await request("PATCH", "/api/v1/settings/contracts", {
      session: admin,
      body: { penaltyRateBps: 1500 },
    });
    expect(set.json()).toEqual({ penaltyRateBps: 1500 });
    await request("PATCH", "/api/v1/settings/contracts", { session: admin, body: { penaltyRateBps: 1000 } });
  });
});

describe("reinstatement", () => {
  it("quotes a lapsed system with itemised lines and creates the contracts when accepted", async () => {
    const org = await newOrganization();
    const systemId = await newSystem(org);
    const old = (
      await createContract({
        systemId,
        planId: "estandar",
        startDate: "2023-07-01",
        salePriceCents: 50_000 * USD,
      })
    ).json();
    expect(old.endDate).toBe("2024-06-30");
    const quote = await request("GET", `/api/v1/systems/${systemId}/reinstatement-quote`, {
      session: executive,
    });
    expect(quote.statusCode).toBe(200);
    const q = quote.json();
    expect(q).toMatchObject({
      lastEndDate: "2024-06-30",
      quoteDate: "2026-11-27",
      lapsedYears: 2,
      penaltyApplies: true,
    });
    expect(q.lines.map((l: { kind: string }) => l.kind)).toEqual([
      "lapsed_year",
      "lapsed_year",
      "lapsed_partial",
      "penalty",
      "new_year",
    ]);
    expect(q.lines[3].amountCents).toBe(2 * 1_000 * USD);
    expect(q.totalCents).toBe(
      q.lines.reduce((s: number, l: { amountCents: number }) => s + l.amountCents, 0),
    );

    const stale = await request("POST", `/api/v1/systems/${systemId}/reinstatement`, {
      session: executive,
      body: { quoteDate: "2026-11-27", expectedTotalCents: q.totalCents - 1, purchaseOrder: "OC-R" },
    });
    expect(stale.json().code).toBe("quote_changed");
    const accepted = await request("POST", `/api/v1/systems/${systemId}/reinstatement`, {
      session: executive,
      body: { quoteDate: "2026-11-27", expectedTotalCents: q.totalCents, purchaseOrder: "OC-R" },
    });
    expect(accepted.statusCode).toBe(201);
    expect(accepted.json()).toMatchObject({
      kind: "reinstatement",
      startDate: "2026-11-27",
      endDate: "2027-11-26",
      status: "current",
    });
    const all = (
      await request("GET", `/api/v1/contracts?systemId=${systemId}`, { session: executive })
    ).json().items;
    expect(
      all.map(
        (c: { kind: string; startDate: string; endDate: string }) => `${c.kind} ${c.startDate}..${c.endDate}`,
      ),
    ).toEqual([
      "new 2023-07-01..2024-06-30",
      "reinstatement_lapse 2024-07-01..2026-11-26",
      "reinstatement 2026-11-27..2027-11-26",
    ]);
    const again = await request("GET", `/api/v1/systems/${systemId}/reinstatement-quote`, {
      session: executive,
    });
    expect(again.json().code).toBe("not_lapsed");
  });

  it("refuses to quote a system that never had a contract", async () => {
    const systemId = await newSystem(await newOrganization());
    const res = await request("GET", `/api/v1/systems/${systemId}/reinstatement-quote`, {
      session: executive,
    });
    expect(res.json()).toMatchObject({ status: 409, code: "no_previous_contract" });
  });
});

describe("entitlement and held requests", () => {
  it("decides intake from the stored contracts and holds requests of lapsed systems until a PO", async () => {
    const org = await newOrganization();
    const systemId = await newSystem(org);
    const contract = (
      await createContract({ systemId, planId: "estandar", startDate: "2025-12-01", salePriceCents: 0 })
    ).json();
    const ana = await newContact(org);
    const luis = await newContact(org);
    await request("POST", `/api/v1/contracts/${contract.id}/authorized-contacts`, {
      session: executive,
      body: { contactId: ana.id },
    });
    const decide = (personId: string, at: string) =>
      ctx.app.services.heldRequests.decideIntake({ personId, systemId, at: new Date(at) });
    expect((await decide(ana.id, "2026-11-27T15:00:00Z")).outcome).toBe("accepted");
    expect((await decide(luis.id, "2026-11-27T15:00:00Z")).outcome).toBe("refused_not_authorized");
    // 30 Nov 2026 23:30 in Mexico City is still the contract's last day
    expect((await decide(ana.id, "2026-12-01T05:30:00Z")).outcome).toBe("accepted");
    expect((await decide(ana.id, "2026-12-01T06:30:00Z")).outcome).toBe("held_po_required");

    const heldId = await ctx.db.db.transaction().execute((tx) =>
      ctx.app.services.heldRequests.recordHeldRequest(tx, {
        organizationId: org.id,
        systemId,
        requesterId: ana.id,
        channel: "portal",
        subject: "No podemos firmar oficios",
        details: {},
      }),
    );
    const list = await request("GET", `/api/v1/held-requests?organizationId=${org.id}`, {
      session: executive,
    });
    expect(list.json().items).toMatchObject([{ id: heldId, state: "held", requester: { id: ana.id } }]);
    const customer = await signIn("customer_contact", org.id);
    expect((await request("GET", "/api/v1/held-requests", { session: customer })).statusCode).toBe(403);
    const released = await request("POST", `/api/v1/held-requests/${heldId}/release`, {
      session: specialist,
      body: { purchaseOrder: "OC-9981" },
    });
    // Ana is authorized on the current contract: the release opens her case
    expect(released.json()).toMatchObject({
      state: "released",
      purchaseOrder: "OC-9981",
      case: { number: expect.stringMatching(/^CAS-/) },
    });
    const twice = await request("POST", `/api/v1/held-requests/${heldId}/release`, {
      session: specialist,
      body: { purchaseOrder: "OC-9981" },
    });
    expect(twice.statusCode).toBe(409);
  });
});

describe("customer portal view", () => {
  it("shows a contact their organization's contracts with contact names only and no internal notes", async () => {
    const org = await newOrganization();
    const contract = (
      await createContract({
        systemId: await newSystem(org),
        planId: "estandar",
        startDate: "2026-01-02",
        salePriceCents: 0,
        notes: "Cliente sensible al precio",
      })
    ).json();
    const ana = await newContact(org);
    await request("POST", `/api/v1/contracts/${contract.id}/authorized-contacts`, {
      session: executive,
      body: { contactId: ana.id },
    });
    const customer = await signIn("customer_contact", org.id);
    const mine = (await request("GET", "/api/v1/contracts", { session: customer })).json().items;
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({
      id: contract.id,
      notes: null,
      authorizedContacts: [{ name: ana.name, email: null }],
    });
    expect(JSON.stringify(mine)).not.toContain(ana.email);
    expect(
      (await request("GET", `/api/v1/contracts/${contract.id}/history`, { session: customer })).statusCode,
    ).toBe(403);
    expect(
      (await request("POST", `/api/v1/contracts/${contract.id}/renew`, { session: customer, body: {} }))
        .statusCode,
    ).toBe(403);
  });
});

describe("remaining routes and their role checks", () => {
  it("plans: staff read them, customers may not", async () => {
    const list = (await request("GET", "/api/v1/plans", { session: specialist })).json().items;
    expect(list.map((p: { id: string }) => p.id)).toEqual(["estandar", "extendido"]);
    expect(list[0].settings).toMatchObject({
      maxAuthorizedContacts: 2,
      minimumFeeCents: 10_000 * USD,
      responseClocks: { P1: { calendarId: "cdmx-habil", targetMinutes: 240 }, P4: { targetMinutes: 2520 } },
    });
    expect(
      (await request("GET", "/api/v1/plans/extendido", { session: specialist })).json().settings
        .responseClocks.P1,
    ).toEqual({
      calendarId: "24x7",
      targetMinutes: 240,
    });
    const customer = await signIn("customer_contact", (await newOrganization()).id);
    expect((await request("GET", "/api/v1/plans", { session: customer })).statusCode).toBe(403);
    expect((await request("GET", "/api/v1/plans/NOT A PLAN", { session: specialist })).statusCode).toBe(400);
  });

  it("edits a contract's purchase order and notes (audited); others may not", async () => {
    const contract = (
      await createContract({
        systemId: await newSystem(await newOrganization()),
        planId: "estandar",
        startDate: "2026-01-02",
        salePriceCents: 0,
      })
    ).json();
    const edited = await request("PATCH", `/api/v1/contracts/${contract.id}`, {
      session: executive,
      body: { purchaseOrder: "OC-77", notes: "Renovar con descuento" },
    });
    expect(edited.json()).toMatchObject({ purchaseOrder: "OC-77", notes: "Renovar con descuento" });
    expect(
      (
        await request("PATCH", `/api/v1/contracts/${contract.id}`, {
          session: specialist,
          body: { notes: "x" },
        })
      ).statusCode,
    ).toBe(403);
    expect(
      (
        await request("PATCH", `/api/v1/contracts/${contract.id}`, {
          session: executive,
          body: { startDate: "2020-01-01" },
        })
      ).statusCode,
    ).toBe(400);
    const history = (
      await request("GET", `/api/v1/contracts/${contract.id}/history`, { session: admin })
    ).json().items;
    expect(history.at(-1)).toMatchObject({
      action: "contract.updated",
      details: { after: { purchaseOrder: "OC-77" } },
    });
  });

  it("lists and removes training records; specialists read them but may not write", async () => {
    const contact = await newContact(await newOrganization());
    const list = (
      await request("GET", `/api/v1/contacts/${contact.id}/training`, { session: specialist })
    ).json().items;
    expect(list).toMatchObject([
      { course: "Administración de SIGAP", certificateId: "CERT-001", expiresOn: null },
    ]);
    const denied = await request("POST", `/api/v1/contacts/${contact.id}/training`, {
      session: specialist,
      body: { course: "X", completedOn: "2026-01-01" },
    });
    expect(denied.statusCode).toBe(403);
    expect(
      (
        await request("DELETE", `/api/v1/contacts/${contact.id}/training/${list[0].id}`, {
          session: executive,
        })
      ).statusCode,
    ).toBe(204);
    expect(
      (await request("GET", `/api/v1/contacts/${contact.id}/training`, { session: executive })).json().items,
    ).toEqual([]);
    expect(
      (
        await request("DELETE", `/api/v1/contacts/${contact.id}/training/${list[0].id}`, {
          session: executive,
        })
      ).statusCode,
    ).toBe(404);
  });

  it("only admins change the penalty rate", async () => {
    expect(
      (
        await request("PATCH", "/api/v1/settings/contracts", {
          session: executive,
          body: { penaltyRateBps: 1 },
        })
      ).statusCode,
    ).toBe(403);
    expect(
      (await request("PATCH", "/api/v1/settings/contracts", { session: admin, body: { penaltyRateBps: -1 } }))
        .statusCode,
    ).toBe(400);
  });
});
