import { describe, expect, it } from "vitest";
import { SYSTEM_ACTOR } from "../../src/server/platform/actor";
import { seedDemo } from "../../src/server/seed/demo-seed";
import { setupTestApp } from "../harness/test-app";

const { ctx } = setupTestApp();

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
      releases: 9,
      contracts: 3,
      cases: 2,
      staff: 5,
    });
    const products = (await ctx.app.services.catalog.listProducts(SYSTEM_ACTOR, { limit: 10 })).items;
    expect(products.map((p) => [p.name, p.modules.length])).toEqual([
      ["ECM Framework", 3],
      ["SIGAP", 4],
    ]);
    const pipeline = await ctx.app.services.contracts.renewalPipeline(SYSTEM_ACTOR, {});
    expect(pipeline.within30.length + pipeline.within60.length).toBe(1);

    expect(await seedDemo(ctx.app.services, ctx.clock.now())).toEqual([]);
    expect(await count()).toEqual(after);
  });
});
