import { describe, expect, it } from "vitest";
import { SYSTEM_ACTOR } from "../../src/server/platform/actor";
import { seedDemo } from "../../src/server/seed/demo-seed";
import { formatDemoSignIns } from "../../src/server/seed/demo-sign-ins";
import { p1Report } from "../harness/case-fixtures";
import { setupTestApp } from "../harness/test-app";

const { ctx, request, login } = setupTestApp();

const count = async () => {
  const s = ctx.app.services;
  return {
    organizations: (await s.organizations.listOrganizations(SYSTEM_ACTOR, { limit: 200 })).items.length,
    contacts: (await s.organizations.listContacts(SYSTEM_ACTOR, { limit: 200 })).items.length,
    products: (await s.catalog.listProducts(SYSTEM_ACTOR, { limit: 200 })).items.length,
    releases: (await s.catalog.listReleases(SYSTEM_ACTOR, { limit: 200 })).items.length,
    contracts: (await s.contracts.listContracts(SYSTEM_ACTOR, { limit: 200 })).items.length,
    cases: (await s.cases.listCases(SYSTEM_ACTOR, { limit: 200 })).items.length,
    staff: (await s.users.listStaffUsers(SYSTEM_ACTOR, { limit: 200 })).items.length,
    articles: (await s.articles.listArticles(SYSTEM_ACTOR, { limit: 50 })).items.length,
    featureRequests: (await s.featureRequests.listRequests(SYSTEM_ACTOR, { limit: 50, sort: "votes" })).items
      .length,
  };
};

describe("demo data", () => {
  it("loads the default catalog, three customers, staff for every role, contracts and cases — once", async () => {
    const first = await seedDemo(ctx.app.services, ctx.clock.now());
    expect(new Set(first.map((u) => u.role))).toEqual(
      new Set(["manager", "specialist", "technical_staff", "account_executive", "customer_contact"]),
    );
    const after = await count();
    expect(after).toEqual({
      organizations: 3,
      contacts: 6,
      products: 2,
      releases: 13,
      contracts: 4,
      cases: 2,
      staff: 5,
      articles: 6,
      featureRequests: 3,
    });
    const products = (await ctx.app.services.catalog.listProducts(SYSTEM_ACTOR, { limit: 10 })).items;
    expect(products.map((p) => [p.name, p.modules.length])).toEqual([
      ["ECM Framework", 3],
      ["SIGAP", 4],
    ]);
    const pipeline = await ctx.app.services.contracts.renewalPipeline(SYSTEM_ACTOR, {});
    expect(pipeline.within30.length + pipeline.within60.length).toBe(1);

    // SIGAP 3.x has an announced end, shown on the system that runs it; ECM 1.x is left to announce
    const sigap = products.find((p) => p.name === "SIGAP")!;
    const endOfSupport = await ctx.app.services.catalog.listEndOfSupport(SYSTEM_ACTOR, sigap.id);
    expect(endOfSupport.items.map((a) => a.major)).toEqual([3]);
    const archive = (await ctx.app.services.catalog.listSystems(SYSTEM_ACTOR, { q: "archivo", limit: 5 }))
      .items;
    expect(archive.map((system) => system.support)).toEqual([
      { status: "ending", endOfSupportOn: endOfSupport.items[0]!.endOfSupportOn },
    ]);
    const ecm = products.find((p) => p.name === "ECM Framework")!;
    expect((await ctx.app.services.catalog.listEndOfSupport(SYSTEM_ACTOR, ecm.id)).announceable).toEqual([
      { major: 1, systems: 0 },
    ]);

    // the support center: published alerts, tips and a resolution linked to the demo case, a draft, requests
    // in three statuses with votes, release notes to download, and Monte Claro's archive sees its alert
    const articles = (await ctx.app.services.articles.listArticles(SYSTEM_ACTOR, { limit: 50 })).items;
    expect(
      articles
        .filter((a) => a.status === "published")
        .map((a) => a.kind)
        .sort(),
    ).toEqual(["alert", "alert", "resolution", "tip", "tip"]);
    const resolution = articles.find((a) => a.kind === "resolution")!;
    expect((await ctx.app.services.articles.getArticle(SYSTEM_ACTOR, resolution.id)).cases).toHaveLength(1);
    const requests = (
      await ctx.app.services.featureRequests.listRequests(SYSTEM_ACTOR, { limit: 50, sort: "votes" })
    ).items;
    expect(requests.map((r) => `${r.status} ${r.voteCount}`).sort()).toEqual([
      "planned 2",
      "submitted 1",
      "under_review 2",
    ]);
    const files = await ctx.app.services.catalog.systemReleases(SYSTEM_ACTOR, archive[0]!.id);
    expect(files.items.filter((r) => r.files.length > 0).map((r) => r.release.version)).toEqual([
      "5.1.2",
      "3.2.1",
    ]);

    // Monte Claro's on-site engineer: the tuning and the first business review held with minutes, the next ahead
    const stsServices = async () =>
      (await ctx.app.services.sts.listServices(SYSTEM_ACTOR, { limit: 5 })).items;
    const [sts] = await stsServices();
    expect([sts?.organizationName, sts?.engineer.name, sts?.status]).toEqual([
      "Universidad Tecnológica de Monte Claro",
      "Ricardo Torres Luna",
      "current",
    ]);
    const visits = (await ctx.app.services.sts.getService(SYSTEM_ACTOR, sts!.id)).visits;
    expect(visits.filter((v) => v.status === "held" && v.minutes).map((v) => v.kind)).toEqual([
      "tuning",
      "business_review",
    ]);
    expect(sts?.nextVisit?.kind).toBe("business_review");

    // Monte Claro's hour bank: 80 hours bought four months ago, 17.5 left, just above the 20 % alert
    const hourBanks = async () =>
      (await ctx.app.services.hourBanks.listPackages(SYSTEM_ACTOR, { limit: 5 })).items;
    const [bank] = await hourBanks();
    expect([
      bank?.organizationName,
      bank?.hours,
      bank?.remainingHours,
      bank?.status,
      bank?.lowBalance,
    ]).toEqual(["Universidad Tecnológica de Monte Claro", 80, 17.5, "active", false]);
    const entries = await ctx.app.services.hourBanks.listPackageEntries(SYSTEM_ACTOR, bank!.id, {
      limit: 10,
    });
    expect(entries.items).toHaveLength(5);

    // demo-users.txt: the first customer listed is authorized on a current contract and opens a case with it
    const file = formatDemoSignIns(first);
    const lines = file.split("\n");
    const firstCustomer = lines.find((l) => l.startsWith("customer_contact"))!;
    const [, email = "", password = ""] = firstCustomer.split(/\s+/);
    const note = lines[lines.indexOf(firstCustomer) + 1]!;
    expect(note).toMatch(/^# {3}authorized on \S+ ECM Oficina Digital \(Extendido\) until \d{4}-\d\d-\d\d$/);
    const system = (await ctx.app.services.catalog.listSystems(SYSTEM_ACTOR, { q: "Oficina", limit: 5 }))
      .items[0]!;
    const opened = await request("POST", "/api/v1/cases", {
      session: await login(email, password),
      body: p1Report(system.id, { subject: "Primer caso de la demo" }),
    });
    expect(opened.statusCode, opened.body).toBe(201);
    // Ana López's municipality has no contract: she is listed last, among those whose requests are held
    const held = file.slice(file.indexOf("# Customer contacts not authorized"));
    expect(held).toContain("ana.lopez@villaesperanza.gob.mx");
    expect(held).toContain("hjuarez@utmc.edu.mx");
    expect(file.indexOf("ana.lopez@")).toBeGreaterThan(file.indexOf("# Staff"));

    expect(await seedDemo(ctx.app.services, ctx.clock.now())).toEqual([]);
    expect(await count()).toEqual({ ...after, cases: after.cases + 1 });
    expect(await stsServices()).toHaveLength(1);
    expect(await hourBanks()).toHaveLength(1);
  });
});
