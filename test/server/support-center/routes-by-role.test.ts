import { randomBytes } from "node:crypto";
import type { LightMyRequestResponse } from "fastify";
import { beforeAll, describe, expect, it } from "vitest";
import { can, PERMISSIONS, type Permission } from "../../../src/api/permissions";
import { ROLES, type Role } from "../../../src/api/roles";
import { SYSTEM_ACTOR } from "../../../src/server/platform/actor";
import { newAuthorizedContact, newCustomer } from "../../harness/case-fixtures";
import { type Session, setupTestApp, uniq } from "../../harness/test-app";

/**
 * Every support-center operation of the OpenAPI document, and the release-file and system-release ones,
 * asked by each role (the customer an authorized contact of a current contract) and by nobody: a role
 * without the route's permission gets 403 `role_forbidden` naming that permission, a role with it gets the
 * route's success status, and no session gets 401. A new route without a row in TABLE fails the first test.
 */
const { ctx, request, login, signIn, PASSWORD } = setupTestApp();

const PNG = Buffer.from(
  "89504e470d0a1a0a0000000d4948445200000001000000010806000000" +
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082",
  "hex",
);
const RELEASE_ROUTES = [
  "/api/v1/releases/{id}/files",
  "/api/v1/releases/{id}/files/{fileId}",
  "/api/v1/releases/{id}/downloads",
  "/api/v1/systems/{id}/releases",
  "/api/v1/products/{id}/end-of-support",
];
const METHODS = ["get", "post", "put", "patch", "delete"] as const;
type Method = Uppercase<(typeof METHODS)[number]>;

type Upload = { name: string; type: string; content: Buffer };
/** A request that succeeds for a role with the permission: the path's ids, a query, a body or a file. */
type Call = { params?: Record<string, string>; query?: string; body?: unknown; file?: Upload };
type Entry = { permission: Permission; call: () => Promise<Call> };

const sessions = {} as Record<Role, Session>;
let productId: string;
let systemId: string;
let releaseId: string;
let releaseFileId: string;
let published: { id: string; fileId: string };
let sharedRequestId: string;
let openapi: {
  paths: Record<string, Record<string, { responses?: Record<string, unknown> }>>;
};

const send = (
  method: Method,
  url: string,
  call: Call,
  session?: Session,
): Promise<LightMyRequestResponse> => {
  if (!call.file) return request(method, url, { ...(session ? { session } : {}), body: call.body });
  const boundary = "----soporte-roles";
  return ctx.app.inject({
    method,
    url,
    headers: {
      ...(session ? { cookie: session.cookie, "x-csrf-token": session.csrf } : {}),
      "content-type": `multipart/form-data; boundary=${boundary}`,
    },
    payload: Buffer.concat([
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${call.file.name}"\r\nContent-Type: ${call.file.type}\r\n\r\n`,
      ),
      call.file.content,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]),
  });
};

/* ---------- fixtures made fresh for a call that changes what it touches ---------- */

const draftArticle = () =>
  ctx.app.services.articles.createArticle(SYSTEM_ACTOR, {
    kind: "tip",
    title: uniq("Consejo"),
    body: "Reinicie el servicio de firmas.",
    workaround: "",
    productId,
  });

const customerRequest = async (): Promise<{ id: string; version: number }> => {
  const res = await request("POST", "/api/v1/support-center/feature-requests", {
    session: sessions.customer_contact,
    body: { productId, title: uniq("Exportar expedientes") },
  });
  if (res.statusCode !== 201) throw new Error(`feature request: ${res.statusCode} ${res.body}`);
  return res.json();
};

const releaseFile = async (): Promise<string> => {
  const res = await send(
    "POST",
    `/api/v1/releases/${releaseId}/files`,
    {
      file: {
        name: `${uniq("sigap").replace(" ", "-")}.zip`,
        type: "application/zip",
        content: randomBytes(64),
      },
    },
    sessions.admin,
  );
  if (res.statusCode !== 201) throw new Error(`release file: ${res.statusCode} ${res.body}`);
  return res.json().id;
};

/** A product with lines 2.x, 4.x and 5.x: 2.x may be announced. */
const productWithOldLine = async () => {
  const product = await ctx.app.services.catalog.createProduct(SYSTEM_ACTOR, {
    name: uniq("SIGAP"),
    description: "",
    modules: [],
  });
  for (const [version, releaseDate] of [
    ["2.0.0", "2020-01-06"],
    ["4.0.0", "2024-01-08"],
    ["5.0.0", "2025-03-03"],
  ] as const) {
    await ctx.app.services.catalog.createRelease(SYSTEM_ACTOR, product.id, {
      version,
      releaseDate,
      notes: "",
    });
  }
  return product.id;
};

const TABLE: Record<string, Entry> = {
  "GET /api/v1/support-center/search": {
    permission: "support-center:read",
    call: async () => ({ query: "q=firmas" }),
  },
  "GET /api/v1/support-center/articles": {
    permission: "support-center:read",
    call: async () => ({ query: `productId=${productId}` }),
  },
  "POST /api/v1/support-center/articles": {
    permission: "support-center:write",
    call: async () => ({ body: { kind: "tip", title: uniq("Consejo"), productId, body: "**Texto**" } }),
  },
  "GET /api/v1/support-center/articles/{id}": {
    permission: "support-center:read",
    call: async () => ({ params: { id: published.id } }),
  },
  "PATCH /api/v1/support-center/articles/{id}": {
    permission: "support-center:write",
    call: async () => {
      const draft = await draftArticle();
      return { params: { id: draft.id }, body: { title: uniq("Otro título"), version: draft.version } };
    },
  },
  "POST /api/v1/support-center/articles/{id}/status": {
    permission: "support-center:write",
    call: async () => {
      const draft = await draftArticle();
      return { params: { id: draft.id }, body: { status: "published", version: draft.version } };
    },
  },
  "POST /api/v1/support-center/articles/{id}/read": {
    permission: "support-center:read",
    call: async () => ({ params: { id: published.id } }),
  },
  "POST /api/v1/support-center/preview": {
    permission: "support-center:write",
    call: async () => ({ body: { markdown: "## Pasos\n\n1. Respalde" } }),
  },
  "GET /api/v1/support-center/alerts/unread": {
    permission: "support-center:read",
    call: async () => ({}),
  },
  "POST /api/v1/support-center/articles/{id}/files": {
    permission: "support-center:write",
    // a draft: refused before the upload is read, whoever may not write (a customer included)
    call: async () => ({
      params: { id: (await draftArticle()).id },
      file: { name: "diagrama.png", type: "image/png", content: PNG },
    }),
  },
  "GET /api/v1/support-center/articles/{id}/files/{fileId}": {
    permission: "support-center:read",
    call: async () => ({ params: { id: published.id, fileId: published.fileId } }),
  },
  "DELETE /api/v1/support-center/articles/{id}/files/{fileId}": {
    permission: "support-center:write",
    call: async () => {
      const draft = await draftArticle();
      const file = await ctx.app.services.articles.addFile(SYSTEM_ACTOR, draft.id, {
        filename: "diagrama.png",
        contentType: "image/png",
        content: PNG,
      });
      return { params: { id: draft.id, fileId: file.id } };
    },
  },
  "GET /api/v1/support-center/subscriptions": {
    permission: "support-center:subscribe",
    call: async () => ({}),
  },
  "PUT /api/v1/support-center/subscriptions": {
    permission: "support-center:subscribe",
    call: async () => ({ body: { items: [{ productId, kind: "alert", digest: false }] } }),
  },
  "GET /api/v1/support-center/feature-requests": {
    permission: "support-center:read",
    call: async () => ({ query: `productId=${productId}` }),
  },
  "POST /api/v1/support-center/feature-requests": {
    permission: "feature-requests:submit",
    call: async () => ({ body: { productId, title: uniq("Firma por lotes") } }),
  },
  "GET /api/v1/support-center/feature-requests/{id}": {
    permission: "support-center:read",
    call: async () => ({ params: { id: sharedRequestId } }),
  },
  "POST /api/v1/support-center/feature-requests/{id}/status": {
    permission: "feature-requests:triage",
    call: async () => {
      const made = await customerRequest();
      return { params: { id: made.id }, body: { status: "planned", version: made.version } };
    },
  },
  "POST /api/v1/support-center/feature-requests/{id}/merge": {
    permission: "feature-requests:triage",
    call: async () => {
      const [duplicate, original] = [await customerRequest(), await customerRequest()];
      return { params: { id: duplicate.id }, body: { targetId: original.id } };
    },
  },
  "POST /api/v1/support-center/feature-requests/{id}/votes": {
    permission: "feature-requests:vote",
    call: async () => ({ params: { id: (await customerRequest()).id } }),
  },
  "DELETE /api/v1/support-center/feature-requests/{id}/votes/mine": {
    permission: "feature-requests:vote",
    call: async () => ({ params: { id: sharedRequestId } }),
  },
  "PUT /api/v1/support-center/feature-requests/{id}/follow": {
    permission: "feature-requests:follow",
    call: async () => ({ params: { id: sharedRequestId } }),
  },
  "DELETE /api/v1/support-center/feature-requests/{id}/follow": {
    permission: "feature-requests:follow",
    call: async () => ({ params: { id: sharedRequestId } }),
  },
  "POST /api/v1/releases/{id}/files": {
    permission: "catalog:write",
    call: async () => ({
      params: { id: releaseId },
      file: {
        name: `${uniq("parche").replace(" ", "-")}.zip`,
        type: "application/zip",
        content: randomBytes(64),
      },
    }),
  },
  "GET /api/v1/releases/{id}/files": {
    permission: "catalog:read",
    call: async () => ({ params: { id: releaseId } }),
  },
  "GET /api/v1/releases/{id}/files/{fileId}": {
    permission: "catalog:read",
    call: async () => ({ params: { id: releaseId, fileId: releaseFileId } }),
  },
  "DELETE /api/v1/releases/{id}/files/{fileId}": {
    permission: "catalog:write",
    call: async () => ({ params: { id: releaseId, fileId: await releaseFile() } }),
  },
  "GET /api/v1/releases/{id}/downloads": {
    permission: "releases:downloads",
    call: async () => ({ params: { id: releaseId } }),
  },
  "GET /api/v1/systems/{id}/releases": {
    permission: "systems:read",
    call: async () => ({ params: { id: systemId } }),
  },
  "GET /api/v1/products/{id}/end-of-support": {
    permission: "catalog:read",
    call: async () => ({ params: { id: productId } }),
  },
  "POST /api/v1/products/{id}/end-of-support": {
    permission: "catalog:write",
    call: async () => ({
      params: { id: await productWithOldLine() },
      body: { major: 2, endOfSupportOn: "2027-06-30", note: "Migre a 5.x" },
    }),
  },
};

beforeAll(async () => {
  for (const role of ROLES) {
    if (role !== "customer_contact") sessions[role] = await signIn(role);
  }
  // the customer: an authorized contact of a current contract (2026-01-02 to 2027-01-01) on the product
  const customer = await newCustomer(ctx.app);
  systemId = customer.systemId;
  productId = (await ctx.app.services.catalog.getSystem(SYSTEM_ACTOR, systemId)).productId;
  const contact = await newAuthorizedContact(ctx.app, customer, { password: PASSWORD });
  sessions.customer_contact = await login(contact.email, PASSWORD, "10.93.0.1");

  releaseId = (
    await ctx.app.services.catalog.createRelease(SYSTEM_ACTOR, productId, {
      version: "5.1.0",
      releaseDate: "2026-03-02",
      notes: "",
    })
  ).id;
  releaseFileId = await releaseFile();
  const article = await draftArticle();
  const file = await ctx.app.services.articles.addFile(SYSTEM_ACTOR, article.id, {
    filename: "diagrama.png",
    contentType: "image/png",
    content: PNG,
  });
  await ctx.app.services.articles.changeStatus(SYSTEM_ACTOR, article.id, {
    status: "published",
    version: article.version,
  });
  published = { id: article.id, fileId: file.id };
  sharedRequestId = (await customerRequest()).id;
  openapi = (await request("GET", "/api/v1/openapi.json")).json();
});

const operationsInScope = () =>
  Object.entries(openapi.paths).flatMap(([path, item]) =>
    path.startsWith("/api/v1/support-center/") || RELEASE_ROUTES.includes(path)
      ? METHODS.filter((m) => item[m]).map((m) => `${m.toUpperCase()} ${path}`)
      : [],
  );

const successStatus = (method: string, path: string) => {
  const codes = Object.keys(openapi.paths[path]?.[method.toLowerCase()]?.responses ?? {}).filter((c) =>
    c.startsWith("2"),
  );
  expect(codes, `${method} ${path} documents one success status`).toHaveLength(1);
  return Number(codes[0]);
};

const urlOf = (path: string, call: Call) => {
  const url = path.replace(/\{(\w+)\}/g, (_, name: string) => {
    const id = call.params?.[name];
    if (!id) throw new Error(`${path}: no ${name} in the table's call`);
    return id;
  });
  return call.query ? `${url}?${call.query}` : url;
};

const expectProblem = (res: LightMyRequestResponse, status: number, what: string) => {
  expect(res.statusCode, `${what}: ${res.body}`).toBe(status);
  expect(res.headers["content-type"], what).toContain("application/problem+json");
};

describe("support center and release routes, by role", () => {
  it("the table has one row for every support-center and release-file operation of the OpenAPI document", () => {
    const documented = operationsInScope();
    expect(documented.length).toBeGreaterThanOrEqual(RELEASE_ROUTES.length + 20);
    expect(Object.keys(TABLE).sort()).toEqual([...documented].sort());
    // the table names permissions that exist
    for (const { permission } of Object.values(TABLE)) expect(Object.keys(PERMISSIONS)).toContain(permission);
  });

  it.each(Object.keys(TABLE))(
    "%s: 401 without a session, 403 without the permission, success with it",
    async (key) => {
      const [method, path] = key.split(" ") as [Method, string];
      const { permission, call } = TABLE[key]!;
      const success = successStatus(method, path);

      const first = await call();
      const anonymous = await send(method, urlOf(path, first), first);
      expectProblem(anonymous, 401, `${key} without a session`);
      expect(anonymous.json()).toMatchObject({ code: "unauthenticated", reason: "sign_in_required" });

      for (const role of ROLES) {
        const made = await call();
        const res = await send(method, urlOf(path, made), made, sessions[role]);
        const what = `${key} as ${role}`;
        if (can(role, permission)) {
          expect(res.statusCode, `${what}: ${res.body}`).toBe(success);
        } else {
          expectProblem(res, 403, what);
          expect(res.json(), what).toMatchObject({
            code: "forbidden",
            reason: "role_forbidden",
            params: { role, permission },
          });
        }
      }
    },
  );
});
