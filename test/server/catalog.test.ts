import { beforeAll, describe, expect, it } from "vitest";
import { type Session, setupTestApp, uniq } from "../harness/test-app";

const { request, signIn } = setupTestApp();
let admin: Session;
let executive: Session;
let specialist: Session;

beforeAll(async () => {
  admin = await signIn("admin");
  executive = await signIn("account_executive");
  specialist = await signIn("specialist");
});

const createProduct = async (modules: string[] = ["e-oficio", "e-firma"]) => {
  const res = await request("POST", "/api/v1/products", {
    session: admin,
    body: { name: uniq("SIGAP"), description: "Gestión administrativa", modules },
  });
  expect(res.statusCode).toBe(201);
  return res.json() as { id: string; name: string; modules: { id: string; name: string }[] };
};

describe("products and modules", () => {
  it("creates a product with its modules and lets only admins write the catalog", async () => {
    const product = await createProduct();
    expect(product.modules.map((m) => m.name)).toEqual(["e-firma", "e-oficio"]);
    const denied = await request("POST", "/api/v1/products", {
      session: executive,
      body: { name: uniq("X") },
    });
    expect(denied.statusCode).toBe(403);
    const readable = await request("GET", `/api/v1/products/${product.id}`, { session: specialist });
    expect(readable.json().name).toBe(product.name);
  });

  it("adds and renames modules; a module name is unique within its product", async () => {
    const product = await createProduct(["Oficina Digital"]);
    const added = await request("POST", `/api/v1/products/${product.id}/modules`, {
      session: admin,
      body: { name: "ECM Loader" },
    });
    expect(added.statusCode).toBe(201);
    const dup = await request("POST", `/api/v1/products/${product.id}/modules`, {
      session: admin,
      body: { name: "ecm loader" },
    });
    expect(dup.statusCode).toBe(409);
    const loader = added.json().modules.find((m: { name: string }) => m.name === "ECM Loader");
    const renamed = await request("PATCH", `/api/v1/products/${product.id}/modules/${loader.id}`, {
      session: admin,
      body: { name: "ECM Loader (cargador masivo)" },
    });
    expect(renamed.json().modules.map((m: { name: string }) => m.name)).toContain(
      "ECM Loader (cargador masivo)",
    );
    const dupInBody = await request("POST", "/api/v1/products", {
      session: admin,
      body: { name: uniq("Y"), modules: ["A", "a"] },
    });
    expect(dupInBody.statusCode).toBe(400);
  });
});

describe("releases", () => {
  it("derives the kind from the version and lists newest version first", async () => {
    const product = await createProduct();
    for (const [version, releaseDate] of [
      ["4.2.0", "2023-10-02"],
      ["5.0.0", "2025-03-03"],
      ["5.1.2", "2026-06-22"],
      ["5.10.0", "2026-09-01"],
    ]) {
      const res = await request("POST", `/api/v1/products/${product.id}/releases`, {
        session: admin,
        body: { version, releaseDate, notes: `Versión ${version}` },
      });
      expect(res.statusCode).toBe(201);
    }
    const list = (
      await request("GET", `/api/v1/products/${product.id}/releases`, { session: specialist })
    ).json();
    expect(list.items.map((r: { version: string; kind: string }) => `${r.version}:${r.kind}`)).toEqual([
      "5.10.0:minor",
      "5.1.2:patch",
      "5.0.0:major",
      "4.2.0:minor",
    ]);
  });

  it("refuses a kind that contradicts the version, a duplicate version and a bad date", async () => {
    const product = await createProduct();
    const wrongKind = await request("POST", `/api/v1/products/${product.id}/releases`, {
      session: admin,
      body: { version: "2.1.0", kind: "major", releaseDate: "2026-01-01" },
    });
    expect(wrongKind.statusCode).toBe(400);
    expect(wrongKind.json().errors[0]).toMatchObject({ field: "kind" });
    await request("POST", `/api/v1/products/${product.id}/releases`, {
      session: admin,
      body: { version: "2.1.0", releaseDate: "2026-01-01" },
    });
    const dup = await request("POST", `/api/v1/products/${product.id}/releases`, {
      session: admin,
      body: { version: "2.1.0", releaseDate: "2026-02-01" },
    });
    expect(dup.statusCode).toBe(409);
    for (const body of [
      { version: "2.1", releaseDate: "2026-01-01" },
      { version: "02.1.0", releaseDate: "2026-01-01" },
      { version: "2.2.0", releaseDate: "2026-02-30" },
    ]) {
      const res = await request("POST", `/api/v1/products/${product.id}/releases`, { session: admin, body });
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
    }
  });
});

describe("customer systems", () => {
  it("records a system with modules of its product, and refuses modules of another product", async () => {
    const sigap = await createProduct(["e-oficio", "e-firma"]);
    const other = await createProduct(["Oficina Digital"]);
    const org = (
      await request("POST", "/api/v1/organizations", { session: admin, body: { name: uniq("Municipio") } })
    ).json();
    const created = await request("POST", "/api/v1/systems", {
      session: executive,
      body: {
        organizationId: org.id,
        productId: sigap.id,
        name: "SIGAP producción",
        moduleIds: sigap.modules.map((m) => m.id),
        installedVersion: "5.1.0",
        environment: "production",
      },
    });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({
      organizationName: org.name,
      productName: sigap.name,
      installedVersion: "5.1.0",
      environment: "production",
    });
    expect(created.json().modules).toHaveLength(2);

    const foreign = await request("POST", "/api/v1/systems", {
      session: executive,
      body: {
        organizationId: org.id,
        productId: sigap.id,
        name: "SIGAP pruebas",
        moduleIds: [other.modules[0]!.id],
        installedVersion: "5.1.0",
        environment: "test",
      },
    });
    expect(foreign.statusCode).toBe(400);
    expect(foreign.json().errors[0].field).toBe("moduleIds");

    const updated = await request("PATCH", `/api/v1/systems/${created.json().id}`, {
      session: admin,
      body: { installedVersion: "5.1.2", moduleIds: [sigap.modules[0]!.id] },
    });
    expect(updated.json()).toMatchObject({
      installedVersion: "5.1.2",
      modules: [{ id: sigap.modules[0]!.id }],
    });

    const filtered = await request("GET", `/api/v1/systems?organizationId=${org.id}&environment=production`, {
      session: specialist,
    });
    expect(filtered.json().items).toHaveLength(1);
    const badEnv = await request("GET", "/api/v1/systems?environment=staging", { session: specialist });
    expect(badEnv.statusCode).toBe(400);
  });

  it("refuses an unknown organization or product with a field error", async () => {
    const product = await createProduct();
    const res = await request("POST", "/api/v1/systems", {
      session: admin,
      body: {
        organizationId: "00000000-0000-4000-8000-000000000000",
        productId: product.id,
        name: "X",
        installedVersion: "1.0.0",
        environment: "production",
      },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0].field).toBe("organizationId");
  });
});
