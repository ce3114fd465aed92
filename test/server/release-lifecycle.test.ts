import { beforeAll, describe, expect, it } from "vitest";
import { SYSTEM_ACTOR } from "../../src/server/platform/actor";
import { newAuthorizedContact, p1Report } from "../harness/case-fixtures";
import { type Session, setupTestApp, uniq } from "../harness/test-app";

// the app's clock: Friday 2026-11-27, 09:00 in Mexico City
const { ctx, request, login, signIn } = setupTestApp();
const PASSWORD = "una contraseña larga de prueba";
let admin: Session;
let specialist: Session;

const signInStaff = async () => {
  admin = await signIn("admin");
  specialist = await signIn("specialist");
};
beforeAll(signInStaff);

/** Runs `fn` on a later day; sessions do not last months, so the staff sign in again there and back. */
const onDay = async (at: string, fn: () => Promise<void>) => {
  ctx.clock.set(at);
  try {
    await signInStaff();
    await fn();
  } finally {
    ctx.clock.set("2026-11-27T15:00:00Z");
    await signInStaff();
  }
};

/** SIGAP with 2.x, 3.x, 4.x and 5.x released, and 6.0.0 announced for February. */
const newProduct = async () => {
  const product = await ctx.app.services.catalog.createProduct(SYSTEM_ACTOR, {
    name: uniq("SIGAP"),
    description: "",
    modules: [],
  });
  for (const [version, releaseDate] of [
    ["2.4.0", "2019-05-06"],
    ["3.2.0", "2021-08-02"],
    ["3.2.1", "2022-01-10"],
    ["4.0.0", "2023-10-02"],
    ["5.0.0", "2025-03-03"],
    ["6.0.0", "2027-02-01"],
  ] as const) {
    await ctx.app.services.catalog.createRelease(SYSTEM_ACTOR, product.id, {
      version,
      releaseDate,
      notes: "",
    });
  }
  return product;
};

const newOrganization = () =>
  ctx.app.services.organizations.createOrganization(SYSTEM_ACTOR, {
    name: uniq("Municipio"),
    emailDomains: [],
    timeZone: "America/Mexico_City",
  });

const newSystem = async (
  organizationId: string,
  productId: string,
  installedVersion: string,
  startDate = "2026-09-01",
) => {
  const system = await ctx.app.services.catalog.createSystem(SYSTEM_ACTOR, {
    organizationId,
    productId,
    name: uniq("SIGAP"),
    moduleIds: [],
    installedVersion,
    environment: "production",
  });
  const contract = await ctx.app.services.contracts.createContract(SYSTEM_ACTOR, {
    systemId: system.id,
    planId: "estandar",
    startDate,
    salePriceCents: 0,
    notes: "",
  });
  return { system, contract };
};

const announce = (productId: string, body: unknown, session: Session = admin) =>
  request("POST", `/api/v1/products/${productId}/end-of-support`, { session, body });

const mailsOf = (kind: string, toUserIds: string[]) =>
  ctx.db.db
    .selectFrom("outbox")
    .select(["to_user_id", "to_address", "locale", "subject", "text_body"])
    .where("kind", "=", kind)
    .where("to_user_id", "in", toUserIds)
    .execute();

describe("support status of releases and installed versions", () => {
  it("lists each release with its line's support today: current, previous, unannounced and upcoming", async () => {
    const product = await newProduct();
    const res = await request("GET", `/api/v1/releases?productId=${product.id}`, { session: specialist });
    expect(res.statusCode).toBe(200);
    const byVersion = Object.fromEntries(
      (res.json().items as { version: string; support: { status: string } }[]).map((r) => [
        r.version,
        r.support.status,
      ]),
    );
    expect(byVersion).toEqual({
      "6.0.0": "upcoming",
      "5.0.0": "current",
      "4.0.0": "previous",
      "3.2.1": "unannounced",
      "3.2.0": "unannounced",
      "2.4.0": "unannounced",
    });
  });

  it("an announced line shows its end on its releases and on the systems running it, also on an unrecorded patch", async () => {
    const product = await newProduct();
    const organization = await newOrganization();
    const { system } = await newSystem(organization.id, product.id, "3.2.7");
    const res = await announce(product.id, { major: 3, endOfSupportOn: "2027-06-30" });
    expect(res.statusCode).toBe(201);
    const releases = await request("GET", `/api/v1/releases?productId=${product.id}`, { session: admin });
    const release = releases.json().items.find((r: { version: string }) => r.version === "3.2.1");
    expect(release.support).toEqual({ status: "ending", endOfSupportOn: "2027-06-30" });
    const shown = await request("GET", `/api/v1/systems/${system.id}`, { session: admin });
    expect(shown.json().support).toEqual({ status: "ending", endOfSupportOn: "2027-06-30" });
    // the day after its last day the line is unsupported
    await onDay("2027-07-01T15:00:00Z", async () => {
      const later = await request("GET", `/api/v1/systems/${system.id}`, { session: admin });
      expect(later.json().support).toEqual({ status: "unsupported", endOfSupportOn: "2027-06-30" });
    });
  });
});

describe("announcing the end of support of a line", () => {
  it("refuses less than six months' notice, naming the earliest allowed date on the field", async () => {
    const product = await newProduct();
    const res = await announce(product.id, { major: 3, endOfSupportOn: "2027-04-27" });
    expect(res.statusCode).toBe(422);
    expect(res.headers["content-type"]).toContain("application/problem+json");
    const problem = res.json();
    expect(problem.code).toBe("support_policy");
    expect(problem.reason).toBe("eol_notice_too_short");
    expect(problem.params).toEqual({ major: 3, earliest: "2027-05-27" });
    expect(problem.errors).toEqual([
      expect.objectContaining({ field: "endOfSupportOn", code: "earliest_end_of_support" }),
    ]);
    expect(problem.detail).toContain("2027-05-27");
    const listed = await request("GET", `/api/v1/products/${product.id}/end-of-support`, { session: admin });
    expect(listed.json().items).toEqual([]);
  });

  it("refuses an end before the announcement, the current and the previous line, and a line never released", async () => {
    const product = await newProduct();
    const before = await announce(product.id, { major: 2, endOfSupportOn: "2026-11-01" });
    expect([before.statusCode, before.json().reason]).toEqual([422, "eol_end_before_announcement"]);
    const current = await announce(product.id, { major: 5, endOfSupportOn: "2028-01-01" });
    expect([current.statusCode, current.json().reason]).toEqual([422, "eol_line_supported"]);
    const previous = await announce(product.id, { major: 4, endOfSupportOn: "2028-01-01" });
    expect([previous.statusCode, previous.json().reason]).toEqual([422, "eol_line_supported"]);
    // 6.0.0 is not out yet: 5.x is still current, so 4.x stays previous, and 1.x was never released
    const never = await announce(product.id, { major: 1, endOfSupportOn: "2028-01-01" });
    expect([never.statusCode, never.json().reason]).toEqual([422, "eol_line_not_released"]);
    const malformed = await announce(product.id, { major: 2, endOfSupportOn: "2027-02-30" });
    expect(malformed.statusCode).toBe(400);
  });

  it("announces a line once: the second time is a conflict", async () => {
    const product = await newProduct();
    const first = await announce(product.id, { major: 2, endOfSupportOn: "2027-05-27", note: "Migre a 5.x" });
    expect(first.statusCode).toBe(201);
    expect(first.json()).toMatchObject({
      major: 2,
      announcedOn: "2026-11-27",
      endOfSupportOn: "2027-05-27",
      note: "Migre a 5.x",
    });
    const again = await announce(product.id, { major: 2, endOfSupportOn: "2027-12-31" });
    expect([again.statusCode, again.json().reason]).toEqual([409, "eol_already_announced"]);
    const listed = await request("GET", `/api/v1/products/${product.id}/end-of-support`, {
      session: specialist,
    });
    expect(listed.json().items.map((a: { endOfSupportOn: string }) => a.endOfSupportOn)).toEqual([
      "2027-05-27",
    ]);
  });

  it("only admins announce; a customer contact reads only the announcements of products their organization runs", async () => {
    const product = await newProduct();
    const denied = await announce(product.id, { major: 3, endOfSupportOn: "2027-06-30" }, specialist);
    expect(denied.statusCode).toBe(403);
    const missing = await announce("00000000-0000-4000-8000-000000000000", {
      major: 3,
      endOfSupportOn: "2027-06-30",
    });
    expect(missing.statusCode).toBe(404);
    // a contact sees the announcements of the products their organization runs, not of others
    const organization = await newOrganization();
    await newSystem(organization.id, product.id, "3.2.1");
    const own = await signIn("customer_contact", organization.id);
    const seen = await request("GET", `/api/v1/products/${product.id}/end-of-support`, { session: own });
    expect(seen.statusCode).toBe(200);
    // how many systems run a line is not for customers
    expect(seen.json().announceable).toEqual([]);
    const other = await signIn("customer_contact", (await newOrganization()).id);
    const hidden = await request("GET", `/api/v1/products/${product.id}/end-of-support`, { session: other });
    expect(hidden.statusCode).toBe(404);
    const posted = await announce(product.id, { major: 3, endOfSupportOn: "2027-06-30" }, own);
    expect(posted.statusCode).toBe(403);
  });

  it("mails each authorized contact of a current contract on the line once, listing their systems, in their language", async () => {
    const product = await newProduct();
    const onLine = await newOrganization();
    const a = await newSystem(onLine.id, product.id, "3.2.0");
    const b = await newSystem(onLine.id, product.id, "3.1.9");
    const ana = await newAuthorizedContact(
      ctx.app,
      { organizationId: onLine.id, contractId: a.contract.id },
      {
        password: PASSWORD,
        name: "Ana Ruiz",
      },
    );
    await ctx.app.services.authorizedContacts.authorizeContact(SYSTEM_ACTOR, b.contract.id, ana.id);
    const john = await newAuthorizedContact(
      ctx.app,
      { organizationId: onLine.id, contractId: b.contract.id },
      { password: PASSWORD, language: "en", name: "John Doe" },
    );
    // a system on 5.x and one on 3.x whose contract ended: not told
    const current = await newOrganization();
    const c = await newSystem(current.id, product.id, "5.0.0");
    const carla = await newAuthorizedContact(
      ctx.app,
      { organizationId: current.id, contractId: c.contract.id },
      {
        password: PASSWORD,
      },
    );
    const lapsed = await newOrganization();
    const d = await newSystem(lapsed.id, product.id, "3.2.0", "2024-01-02");
    const luis = await newAuthorizedContact(
      ctx.app,
      { organizationId: lapsed.id, contractId: d.contract.id },
      {
        password: PASSWORD,
      },
    );

    const before = await request("GET", `/api/v1/products/${product.id}/end-of-support`, { session: admin });
    expect(before.json().announceable).toEqual([
      { major: 3, systems: 3 },
      { major: 2, systems: 0 },
    ]);
    const res = await announce(product.id, {
      major: 3,
      endOfSupportOn: "2027-07-31",
      note: "Actualice a 5.x con el acompañamiento de soporte.",
    });
    expect(res.statusCode).toBe(201);
    expect(res.json().systemsNotified).toBe(3);
    const after = await request("GET", `/api/v1/products/${product.id}/end-of-support`, { session: admin });
    expect(after.json().announceable).toEqual([{ major: 2, systems: 0 }]);

    const mails = await mailsOf("end_of_support", [ana.id, john.id, carla.id, luis.id]);
    expect(mails.map((m) => m.to_user_id).sort()).toEqual([ana.id, john.id].sort());
    const toAna = mails.find((m) => m.to_user_id === ana.id)!;
    expect(toAna.locale).toBe("es-MX");
    expect(toAna.subject).toContain("3.x");
    expect(toAna.text_body).toContain("31 de julio de 2027");
    expect(toAna.text_body).toContain(a.system.name);
    expect(toAna.text_body).toContain(b.system.name);
    expect(toAna.text_body).toContain("Actualice a 5.x con el acompañamiento de soporte.");
    const toJohn = mails.find((m) => m.to_user_id === john.id)!;
    expect(toJohn.locale).toBe("en");
    expect(toJohn.text_body).toContain("July 31, 2027");
    expect(toJohn.text_body).toContain(b.system.name);
    expect(toJohn.text_body).not.toContain(a.system.name);

    const audit = await ctx.db.db
      .selectFrom("audit_log")
      .select(["action", "details"])
      .where("entity_id", "=", product.id)
      .where("action", "=", "release_line.end_of_support_announced")
      .execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]!.details).toMatchObject({ major: 3, people: 2, systemsNotified: 3 });
  });
});

describe("intake knows the version", () => {
  it("registers a case on an unsupported version and records that it was", async () => {
    const product = await newProduct();
    const organization = await newOrganization();
    const old = await newSystem(organization.id, product.id, "2.4.0");
    const supported = await newSystem(organization.id, product.id, "4.0.0");
    const contact = await newAuthorizedContact(
      ctx.app,
      { organizationId: organization.id, contractId: old.contract.id },
      { password: PASSWORD },
    );
    await ctx.app.services.authorizedContacts.authorizeContact(
      SYSTEM_ACTOR,
      supported.contract.id,
      contact.id,
    );
    expect((await announce(product.id, { major: 2, endOfSupportOn: "2027-05-31" })).statusCode).toBe(201);

    await onDay("2027-06-01T15:00:00Z", async () => {
      const session = await login(contact.email, PASSWORD);
      const onOld = await request("POST", "/api/v1/cases", { session, body: p1Report(old.system.id) });
      expect(onOld.statusCode).toBe(201);
      expect(onOld.json().versionSupport).toEqual({ status: "unsupported", endOfSupportOn: "2027-05-31" });
      const triage = await request("GET", `/api/v1/cases/${onOld.json().id}`, { session: specialist });
      expect(triage.json().versionSupport.status).toBe("unsupported");
      const onSupported = await request("POST", "/api/v1/cases", {
        session,
        body: p1Report(supported.system.id, { subject: "Otro sistema" }),
      });
      expect(onSupported.statusCode).toBe(201);
      // 6.0.0 came out in February: 4.x is no longer the previous line
      expect(onSupported.json().versionSupport).toEqual({ status: "unannounced", endOfSupportOn: null });
    });
  });
});
