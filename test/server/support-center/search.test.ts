import { beforeAll, describe, expect, it } from "vitest";
import { SYSTEM_ACTOR } from "../../../src/server/platform/actor";
import { newAuthorizedContact, newCustomer } from "../../harness/case-fixtures";
import { type Session, setupTestApp } from "../../harness/test-app";

const { ctx, request, signIn, login, PASSWORD } = setupTestApp();

let manager: Session;
let ana: Session;
let productId: string;
const ids = {} as Record<"titleMatch" | "bodyMatch" | "firma" | "draft" | "request" | "workaround", string>;

type Hit = {
  type: string;
  id: string;
  title: string;
  titleParts: { text: string; match: boolean }[];
  snippet: { text: string; match: boolean }[];
  rank: number;
};
const search = async (q: string, session: Session = ana, extra = "") => {
  const res = await request("GET", `/api/v1/support-center/search?q=${encodeURIComponent(q)}${extra}`, {
    session,
  });
  expect(res.statusCode).toBe(200);
  return res.json() as { items: Hit[]; nextCursor: string | null };
};

beforeAll(async () => {
  manager = await signIn("manager");
  const customer = await newCustomer(ctx.app);
  productId = (await ctx.app.services.catalog.getSystem(SYSTEM_ACTOR, customer.systemId)).productId;
  const a = await newAuthorizedContact(ctx.app, customer, { password: PASSWORD });
  ana = await login(a.email, PASSWORD, "10.92.0.1");
  const article = async (key: keyof typeof ids, body: Record<string, unknown>, publish = true) => {
    const made = await ctx.app.services.articles.createArticle(SYSTEM_ACTOR, {
      body: "",
      workaround: "",
      productId,
      ...body,
    } as never);
    if (publish)
      await ctx.app.services.articles.changeStatus(SYSTEM_ACTOR, made.id, {
        status: "published",
        version: made.version,
      });
    ids[key] = made.id;
  };
  await article("titleMatch", {
    kind: "tip",
    title: "Migración de expedientes a la versión 5",
    body: "Pasos para mover los expedientes sin perder los metadatos.",
  });
  await article("bodyMatch", {
    kind: "tip",
    title: "Respaldos antes de actualizar",
    body: "Antes de cualquier **migración**, respalde la base de datos y el repositorio documental.",
  });
  await article("firma", {
    kind: "resolution",
    title: "Error al validar la firma electrónica avanzada",
    body: "El certificado intermedio faltaba en el almacén.",
  });
  await article("workaround", {
    kind: "alert",
    severity: "low",
    title: "Lentitud al abrir expedientes grandes",
    body: "Los expedientes con más de mil anexos tardan en abrir.",
    workaround: "Mientras tanto, active la **paginación** de anexos en la configuración.",
  });
  await article(
    "draft",
    { kind: "tip", title: "Migración secreta en borrador", body: "Aún no se publica." },
    false,
  );
  const request_ = await ctx.app.services.featureRequests.createRequest(
    {
      ...SYSTEM_ACTOR,
      role: "customer_contact",
      organizationId: customer.organizationId,
      userId: a.id,
      via: "session",
    },
    { productId, title: "Asistente de migracion de usuarios", description: "Importar usuarios desde LDAP." },
  );
  ids.request = request_.id;
});

describe("Spanish-aware search of the support center", () => {
  it('"migracion" finds "migración" in articles and feature requests, a title match first', async () => {
    const { items } = await search("migracion");
    const found = items.map((h) => h.id);
    expect(found).toEqual(expect.arrayContaining([ids.titleMatch, ids.bodyMatch, ids.request]));
    expect(found.indexOf(ids.titleMatch)).toBeLessThan(found.indexOf(ids.bodyMatch));
    expect(items.find((h) => h.id === ids.request)!.type).toBe("feature_request");
  });

  it('"firmas" finds "firma", and the snippet marks the words as written, without Markdown', async () => {
    expect((await search("firmas")).items.map((h) => h.id)).toContain(ids.firma);
    const hit = (await search("migración")).items.find((h) => h.id === ids.bodyMatch)!;
    expect(hit.snippet.filter((p) => p.match).map((p) => p.text)).toEqual(["migración"]);
    expect(hit.snippet.map((p) => p.text).join("")).not.toContain("**");
    expect(hit.snippet.map((p) => p.text).join("")).toContain("Antes de cualquier migración, respalde");
    const titled = (await search("migracion")).items.find((h) => h.id === ids.titleMatch)!;
    expect(titled.titleParts).toEqual([
      { text: "Migración", match: true },
      { text: " de expedientes a la versión 5", match: false },
    ]);
  });

  it("an alert found through its workaround quotes the workaround in its snippet", async () => {
    const hit = (await search("paginacion")).items.find((h) => h.id === ids.workaround)!;
    expect(hit.snippet.filter((p) => p.match).map((p) => p.text)).toEqual(["paginación"]);
    expect(hit.snippet.map((p) => p.text).join("")).toContain("active la paginación de anexos");
  });

  it("customers never find drafts; staff do", async () => {
    expect((await search("secreta")).items).toEqual([]);
    expect((await search("secreta", manager)).items.map((h) => h.id)).toEqual([ids.draft]);
  });

  it("filters by kind of result and by product, and pages with a cursor", async () => {
    const onlyRequests = await search("migracion", ana, "&type=feature_request");
    expect(onlyRequests.items.map((h) => h.id)).toEqual([ids.request]);
    const otherProduct = await search("migracion", ana, "&productId=00000000-0000-4000-8000-000000000003");
    expect(otherProduct.items).toEqual([]);
    const first = await search("migracion", ana, "&limit=1");
    expect(first.items).toHaveLength(1);
    const second = await search("migracion", ana, `&limit=1&cursor=${first.nextCursor}`);
    expect(second.items).toHaveLength(1);
    expect(second.items[0]!.id).not.toBe(first.items[0]!.id);
  });

  it("any text is a valid query: markup, operators, stop words; empty or too long is a clear 400", async () => {
    expect((await search('<script>alert(1)</script> "firma" -certificado OR &&')).items).toBeDefined();
    expect((await search("de la el")).items).toEqual([]);
    expect((await search("firma -certificado")).items.map((h) => h.id)).not.toContain(ids.firma);
    const empty = await request("GET", "/api/v1/support-center/search?q=%20", { session: ana });
    expect(empty.statusCode).toBe(400);
    const long = await request("GET", `/api/v1/support-center/search?q=${"a".repeat(201)}`, { session: ana });
    expect(long.statusCode).toBe(400);
    const anonymous = await request("GET", "/api/v1/support-center/search?q=firma");
    expect(anonymous.statusCode).toBe(401);
  });
});
