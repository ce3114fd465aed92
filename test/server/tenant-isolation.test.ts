import type { LightMyRequestResponse } from "fastify";
import { beforeAll, describe, expect, it } from "vitest";
import { CHECKLIST_ITEMS } from "../../src/api/cases";
import { SYSTEM_ACTOR } from "../../src/server/platform/actor";
import { type Session, setupTestApp, uniq } from "../harness/test-app";

/**
 * Two organizations; every GET route of the OpenAPI document is probed as a contact of organization A
 * with the ids of organization B's data. The answer is 404 or an empty list, never B's data; only B's
 * public support-center items (a published resolution, a feature request) answer 200, without who asked.
 */
const { ctx, request, signIn, login, PASSWORD } = setupTestApp();

const PNG = Buffer.from(
  "89504e470d0a1a0a0000000d4948445200000001000000010806000000" +
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082",
  "hex",
);

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
/** B's support-center and release items. */
type SupportIds = {
  draft: string;
  articleFile: string;
  resolution: string;
  featureRequest: string;
  releaseFile: string;
};
let a: Ids;
let b: Ids;
let bs: SupportIds;
let contactA: Session;
/** Organization A's own feature request (A has a contract for its product only). */
let requestOfA: string;
const names: Record<string, { organization: string; product: string }> = {};
/** What only B and the staff may know: never in an answer to A. */
let secretsOfB: string[];
/** B's catalog (product, release, module): not in A's catalog answers, but a public request names its product. */
let catalogOfB: string[];
/** B's optional services (its hour-bank package…): probed with the other ids of B. */
const servicesOfB: Record<string, string> = {};
/** A's own hour-bank package. */
let hourPackageOfA: string;

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
    password: PASSWORD,
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
  names[label] = { organization: org.name, product: product.name };
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

const expectStatus = (res: LightMyRequestResponse, status: number, what: string) =>
  expect(res.statusCode, `${what}: ${res.body}`).toBe(status);

/** A multipart upload of one file, the way the browser sends it. */
const upload = (url: string, session: Session, file: { name: string; type: string; content: Buffer }) => {
  const boundary = "----soporte-isolation";
  return ctx.app.inject({
    method: "POST",
    url,
    headers: {
      cookie: session.cookie,
      "x-csrf-token": session.csrf,
      "content-type": `multipart/form-data; boundary=${boundary}`,
    },
    payload: Buffer.concat([
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: ${file.type}\r\n\r\n`,
      ),
      file.content,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]),
  });
};

/**
 * B's support center: a draft article with a file, a published resolution of B's case, a feature request
 * B's contact submitted, voted for and follows, B's contact's subscription, and a file of B's release that
 * B's contact downloaded.
 */
const setUpSupportCenterOfB = async (): Promise<SupportIds> => {
  const s = ctx.app.services;
  const contactB = await login("secreto.b@b-org.gob.mx", PASSWORD, "10.70.0.2");
  const draft = await s.articles.createArticle(SYSTEM_ACTOR, {
    kind: "tip",
    title: "Borrador secreto B",
    body: "Texto del borrador B",
    workaround: "",
    productId: b.product,
  });
  const articleFile = await s.articles.addFile(SYSTEM_ACTOR, draft.id, {
    filename: "borrador-b.png",
    contentType: "image/png",
    content: PNG,
  });
  const resolution = await s.articles.createArticle(SYSTEM_ACTOR, {
    kind: "resolution",
    title: "Resolución publicada de firmas",
    body: "Reinicie el servicio de firmas y vuelva a firmar.",
    workaround: "",
    productId: b.product,
    caseIds: [b.case],
  });
  await s.articles.changeStatus(SYSTEM_ACTOR, resolution.id, {
    status: "published",
    version: resolution.version,
  });

  const asked = await request("POST", "/api/v1/support-center/feature-requests", {
    session: contactB,
    body: { productId: b.product, title: "Tablero público de indicadores", description: "Por dependencia." },
  });
  expectStatus(asked, 201, "B's contact asks");
  const featureRequest = asked.json().id as string;
  const path = `/api/v1/support-center/feature-requests/${featureRequest}`;
  expectStatus(await request("POST", `${path}/votes`, { session: contactB }), 201, "B's contact votes");
  expectStatus(await request("PUT", `${path}/follow`, { session: contactB }), 204, "B's contact follows");
  const subscribed = await request("PUT", "/api/v1/support-center/subscriptions", {
    session: contactB,
    body: { items: [{ productId: b.product, kind: "alert", digest: true }] },
  });
  expectStatus(subscribed, 200, "B's contact subscribes");

  const releaseFile = await s.catalog.addFile(SYSTEM_ACTOR, b.release, {
    filename: "instalador-b.zip",
    contentType: "application/zip",
    chunks: (async function* () {
      yield Buffer.from("los bytes del instalador de B");
    })(),
  });
  const downloaded = await request("GET", `/api/v1/releases/${b.release}/files/${releaseFile.id}`, {
    session: contactB,
  });
  expectStatus(downloaded, 200, "B's contact downloads");
  // logged under B's organization: the staff's download list shows it, nobody else's answer does
  await ctx.db.db
    .selectFrom("release_downloads")
    .select("id")
    .where("file_id", "=", releaseFile.id)
    .where("organization_id", "=", b.org)
    .executeTakeFirstOrThrow();
  return {
    draft: draft.id,
    articleFile: articleFile.id,
    resolution: resolution.id,
    featureRequest,
    releaseFile: releaseFile.id,
  };
};

beforeAll(async () => {
  a = await setUpOrganization("A");
  b = await setUpOrganization("B");
  contactA = await signIn("customer_contact", a.org);
  bs = await setUpSupportCenterOfB();
  const asked = await request("POST", "/api/v1/support-center/feature-requests", {
    session: contactA,
    body: { productId: a.product, title: "Firma masiva de oficios" },
  });
  expectStatus(asked, 201, "A's contact asks for its own product");
  requestOfA = asked.json().id;
  secretsOfB = [
    b.org,
    b.contact,
    b.system,
    b.contract,
    b.training,
    b.held,
    b.case,
    bs.draft,
    bs.articleFile,
    bs.releaseFile,
    names.B!.organization,
    "Contacto secreto B",
    "secreto.b",
    "b-org.gob.mx",
    "Sistema B",
    "Notas internas B",
    "Caso secreto B",
    "Descripción B",
    "Nota interna B",
    "Solicitud retenida B",
    "Borrador secreto B",
    "Texto del borrador B",
    "borrador-b.png",
    "instalador-b.zip",
  ];
  catalogOfB = [b.product, b.release, b.module, names.B!.product, "Solo para B", "Notas B", "Módulo B"];
  await setUpHourBanks();
  await setUpSts();
  await setUpOutOfHours();
});

/** A package for each organization; B's with an entry a consultant logged. */
const setUpHourBanks = async () => {
  const hourBanks = ctx.app.services.hourBanks;
  const sellTo = (organizationId: string, label: string) =>
    hourBanks.sellPackage(SYSTEM_ACTOR, {
      organizationId,
      hours: 80,
      purchasedOn: "2026-02-02",
      purchaseOrder: `OC-HORAS-${label}`,
      priceCents: 9_600_000,
      currency: "USD",
    });
  hourPackageOfA = (await sellTo(a.org, "A")).id;
  servicesOfB.hourPackage = (await sellTo(b.org, "B")).id;
  const consultant = await signIn("specialist");
  await hourBanks.logEntry(SYSTEM_ACTOR, {
    organizationId: b.org,
    workedOn: "2026-02-03",
    hours: 2.5,
    kind: "installation",
    description: "Horas secretas B",
    caseId: b.case,
    consultantId: consultant.userId,
  });
  secretsOfB.push(servicesOfB.hourPackage, "OC-HORAS-B", "Horas secretas B");
};

/** B's on-site engineer service, its tuning held with minutes. */
const setUpSts = async () => {
  const engineer = await signIn("technical_staff");
  const service = await ctx.app.services.sts.createService(SYSTEM_ACTOR, {
    organizationId: b.org,
    engineerId: engineer.userId,
    startDate: "2026-06-01",
    purchaseOrder: "OC-STS-B",
    priceCents: 4_500_000,
    notes: "Notas STS B",
  });
  const visit = service.visits[0]!.id;
  await ctx.app.services.sts.holdVisit(SYSTEM_ACTOR, visit, {
    heldOn: "2026-09-01",
    minutes: "Minuta secreta B",
  });
  servicesOfB.stsService = service.id;
  servicesOfB.stsVisit = visit;
  secretsOfB.push(service.id, visit, "OC-STS-B", "Notas STS B", "Minuta secreta B");
};

/** B's confirmed out-of-hours window (written as staff would leave it: B's plan has no days of its own). */
const setUpOutOfHours = async () => {
  const window = await ctx.db.db
    .insertInto("out_of_hours_windows")
    .values({
      organization_id: b.org,
      contract_id: b.contract,
      contract_year: 0,
      starts_at: new Date("2026-12-12T14:00:00Z"),
      ends_at: new Date("2026-12-13T02:00:00Z"),
      time_zone: "America/Mexico_City",
      maintenance: "Ventana secreta B",
      status: "confirmed",
      confirmed_at: new Date("2026-11-27T15:00:00Z"),
      updated_at: new Date("2026-11-27T15:00:00Z"),
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  servicesOfB.outOfHoursWindow = window.id;
  secretsOfB.push(window.id, "Ventana secreta B");
};

/** B's markers in an answer to A; the support center's public items may name B's product. */
const leaks = (url: string, body: string) =>
  (url.startsWith("/api/v1/support-center/") ? secretsOfB : [...secretsOfB, ...catalogOfB]).filter((m) =>
    body.includes(m),
  );

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
    const hourBanks = await request("GET", "/api/v1/hour-banks/packages", { session: contactA });
    expect(hourBanks.json().items.map((p: { id: string }) => p.id)).toEqual([hourPackageOfA]);
  });

  it("probes every GET route with organization B's ids and gets 404 or nothing of B", async () => {
    const idsOfB = [...Object.values(b), ...Object.values(bs), ...Object.values(servicesOfB)];
    /** B's items every customer may read, and the one route that reads each. */
    const publicOfB: Record<string, string> = {
      [bs.resolution]: "/api/v1/support-center/articles/{id}",
      [bs.featureRequest]: "/api/v1/support-center/feature-requests/{id}",
    };
    const answeredPublic: string[] = [];
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
          // filters a customer's list ignores: drafts and merged duplicates are staff's
          "status=draft",
          "kind=tip&status=draft",
          "includeMerged=true",
          ...idsOfB.flatMap((id) => [`organizationId=${id}`, `productId=${id}`, `systemId=${id}`]),
          // search must not reach across organizations either
          ...[
            "Caso secreto B",
            "Contacto secreto B",
            "Sistema B",
            "b-org",
            "Borrador secreto",
            "Tablero público",
            "firmas",
          ].map((q) => `q=${encodeURIComponent(q)}`),
        ];
        for (const q of queries) {
          // reports need a period: the probe asks for one wide enough to hold every case of B
          const period = path.startsWith("/api/v1/reports/") ? "from=2023-01-01&to=2027-12-31" : "";
          const query = [period, q].filter(Boolean).join("&");
          const res = await request("GET", `${path}${query ? `?${query}` : ""}`, { session: contactA });
          if (
            period &&
            /reports\/(compliance|response-times)/.test(path) &&
            (!q || q.startsWith("organizationId="))
          )
            expect(res.statusCode, `${path}?${query}`).toBe(200);
          expect(leaks(path, res.body), `${path}?${q}`).toEqual([]);
          probed.push(`${path}?${q}`);
        }
        continue;
      }
      for (const idOfB of idsOfB) {
        const url = params.reduce(
          (u, p) =>
            u.replace(
              `{${p}}`,
              p === "moduleId"
                ? b.module
                : p === "recordId"
                  ? b.training
                  : p === "fileId"
                    ? path.includes("/articles/")
                      ? bs.articleFile
                      : bs.releaseFile
                    : idOfB,
            ),
          path,
        );
        const res = await request("GET", url, { session: contactA });
        expect(leaks(path, res.body), url).toEqual([]);
        if (publicOfB[idOfB] === path) {
          expect(res.statusCode, `${url} is public`).toBe(200);
          answeredPublic.push(url);
          continue;
        }
        const staffOnly = res.statusCode === 403 && res.json().code === "forbidden";
        expect(staffOnly || res.statusCode === 404, `${url} answered ${res.statusCode}`).toBe(true);
        probed.push(url);
      }
    }
    expect(probed.some((p) => p.includes(b.org))).toBe(true);
    for (const id of [bs.draft, bs.articleFile, bs.releaseFile, ...Object.values(servicesOfB)]) {
      expect(probed.some((p) => p.includes(id))).toBe(true);
    }
    expect(answeredPublic.sort()).toEqual(
      [
        `/api/v1/support-center/articles/${bs.resolution}`,
        `/api/v1/support-center/feature-requests/${bs.featureRequest}`,
      ].sort(),
    );
    // the lists with B's product: the request is there, who asked is not
    const requests = await request("GET", `/api/v1/support-center/feature-requests?productId=${b.product}`, {
      session: contactA,
    });
    expect(requests.json().items.map((r: { id: string }) => r.id)).toEqual([bs.featureRequest]);
  });

  it("shows A's contact B's public items without who asked or which cases; the staff see both", async () => {
    const resolution = await request("GET", `/api/v1/support-center/articles/${bs.resolution}`, {
      session: contactA,
    });
    expect(resolution.statusCode).toBe(200);
    expect(resolution.json()).toMatchObject({ status: "published", body: null, cases: null });
    expect(resolution.json().bodyHtml).toContain("Reinicie el servicio de firmas");
    const staffView = await ctx.app.services.articles.getArticle(SYSTEM_ACTOR, bs.resolution);
    expect(staffView.cases?.map((c) => c.id)).toEqual([b.case]);

    const asked = await request("GET", `/api/v1/support-center/feature-requests/${bs.featureRequest}`, {
      session: contactA,
    });
    expect(asked.statusCode).toBe(200);
    expect(asked.json()).toMatchObject({
      organization: null,
      submittedBy: null,
      ownOrganization: false,
      voteCount: 1,
      voted: false,
      following: false,
    });
    const staffRequest = await ctx.app.services.featureRequests.getRequest(SYSTEM_ACTOR, bs.featureRequest);
    expect([staffRequest.organization?.id, staffRequest.submittedBy?.id]).toEqual([b.org, b.contact]);

    // each contact's own subscriptions, alerts and downloads
    await request("PUT", "/api/v1/support-center/subscriptions", {
      session: contactA,
      body: { items: [{ productId: a.product, kind: "tip", digest: false }] },
    });
    const subscriptions = await request("GET", "/api/v1/support-center/subscriptions", { session: contactA });
    expect(subscriptions.json().items).toEqual([{ productId: a.product, kind: "tip", digest: false }]);
    const downloads = await request("GET", `/api/v1/releases/${b.release}/downloads`, { session: contactA });
    expect([downloads.statusCode, downloads.json().reason]).toEqual([403, "role_forbidden"]);
  });

  it("refuses A's contact the support-center and release writes on B's items, with a reason, writing nothing", async () => {
    const snapshot = async () => {
      const db = ctx.db.db;
      return {
        articles: await db
          .selectFrom("articles")
          .select(["id", "status", "title", "version", "published_at"])
          .where("id", "in", [bs.draft, bs.resolution])
          .orderBy("id")
          .execute(),
        articleCount: (await db.selectFrom("articles").select("id").execute()).length,
        articleFiles: await db.selectFrom("article_attachments").select(["id", "article_id"]).execute(),
        reads: await db.selectFrom("article_reads").select(["article_id", "user_id"]).execute(),
        requests: await db
          .selectFrom("feature_requests")
          .select(["id", "status", "vote_count", "version", "merged_into_id"])
          .orderBy("id")
          .execute(),
        votes: await db
          .selectFrom("feature_request_votes")
          .select(["request_id", "user_id"])
          .orderBy("user_id")
          .execute(),
        followers: await db
          .selectFrom("feature_request_followers")
          .select(["request_id", "user_id"])
          .orderBy("request_id")
          .orderBy("user_id")
          .execute(),
        changes: (await db.selectFrom("feature_request_changes").select("id").execute()).length,
        releaseFiles: await db
          .selectFrom("release_files")
          .select(["id", "release_id"])
          .orderBy("id")
          .execute(),
        announcements: (await db.selectFrom("eol_announcements").select("id").execute()).length,
        audit: (
          await db.selectFrom("audit_log").select("id").where("actor_id", "=", contactA.userId).execute()
        ).length,
      };
    };
    const before = await snapshot();
    expect(before.votes).toEqual([{ request_id: bs.featureRequest, user_id: b.contact }]);
    expect(before.followers).toContainEqual({ request_id: bs.featureRequest, user_id: b.contact });

    const article = `/api/v1/support-center/articles`;
    const featureRequest = `/api/v1/support-center/feature-requests/${bs.featureRequest}`;
    const noRole = [403, "forbidden", "role_forbidden"];
    const noContract = [403, "forbidden", "no_contract_for_product"];
    const png = { name: "x.png", type: "image/png", content: PNG };
    const refused: [string, () => Promise<LightMyRequestResponse>, (string | number)[]][] = [
      [
        "write an article",
        () =>
          request("POST", article, {
            session: contactA,
            body: { kind: "tip", title: "X", productId: b.product },
          }),
        noRole,
      ],
      [
        "edit B's draft",
        () =>
          request("PATCH", `${article}/${bs.draft}`, { session: contactA, body: { title: "X", version: 1 } }),
        noRole,
      ],
      [
        "publish B's draft",
        () =>
          request("POST", `${article}/${bs.draft}/status`, {
            session: contactA,
            body: { status: "published", version: 1 },
          }),
        noRole,
      ],
      [
        "archive B's resolution",
        () =>
          request("POST", `${article}/${bs.resolution}/status`, {
            session: contactA,
            body: {
              status: "archived",
              version: before.articles.find((r) => r.id === bs.resolution)!.version,
            },
          }),
        noRole,
      ],
      ["attach to B's draft", () => upload(`${article}/${bs.draft}/files`, contactA, png), noRole],
      ["attach to B's resolution", () => upload(`${article}/${bs.resolution}/files`, contactA, png), noRole],
      [
        "remove B's article file",
        () => request("DELETE", `${article}/${bs.draft}/files/${bs.articleFile}`, { session: contactA }),
        noRole,
      ],
      [
        "mark B's draft read",
        () => request("POST", `${article}/${bs.draft}/read`, { session: contactA }),
        [404, "not_found", "not_found"],
      ],
      [
        "decline B's request",
        () =>
          request("POST", `${featureRequest}/status`, {
            session: contactA,
            body: { status: "declined", reason: "No", version: 1 },
          }),
        noRole,
      ],
      [
        "merge B's request",
        () =>
          request("POST", `${featureRequest}/merge`, { session: contactA, body: { targetId: requestOfA } }),
        noRole,
      ],
      [
        "vote for B's request",
        () => request("POST", `${featureRequest}/votes`, { session: contactA }),
        noContract,
      ],
      [
        "follow B's request",
        () => request("PUT", `${featureRequest}/follow`, { session: contactA }),
        noContract,
      ],
      [
        "ask for B's product",
        () =>
          request("POST", "/api/v1/support-center/feature-requests", {
            session: contactA,
            body: { productId: b.product, title: "Algo para B" },
          }),
        noContract,
      ],
      [
        "attach to B's release",
        () =>
          upload(`/api/v1/releases/${b.release}/files`, contactA, {
            name: "x.zip",
            type: "application/zip",
            content: Buffer.from("x"),
          }),
        noRole,
      ],
      [
        "remove B's release file",
        () =>
          request("DELETE", `/api/v1/releases/${b.release}/files/${bs.releaseFile}`, { session: contactA }),
        noRole,
      ],
      [
        "announce the end of B's product line",
        () =>
          request("POST", `/api/v1/products/${b.product}/end-of-support`, {
            session: contactA,
            body: { major: 1, endOfSupportOn: "2027-12-31" },
          }),
        noRole,
      ],
    ];
    for (const [what, send, expected] of refused) {
      const res = await send();
      const problem = String(res.headers["content-type"]).startsWith("application/problem+json")
        ? res.json()
        : null;
      expect([res.statusCode, problem?.code, problem?.reason], `${what}: ${res.body}`).toEqual(expected);
      if (expected === noContract) expect(problem.params, what).toEqual({ product: names.B!.product });
    }
    // withdrawing touches only the caller's own vote and follow: B's stay
    for (const url of [`${featureRequest}/votes/mine`, `${featureRequest}/follow`]) {
      expect((await request("DELETE", url, { session: contactA })).statusCode, url).toBe(204);
    }
    expect(await snapshot()).toEqual(before);
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
      `/api/v1/releases/${b.release}/files`,
      `/api/v1/releases/${b.release}/files/${bs.releaseFile}`,
      // B's file through A's own release, and the draft's file through B's published resolution
      `/api/v1/releases/${a.release}/files/${bs.releaseFile}`,
      `/api/v1/systems/${b.system}/releases`,
      `/api/v1/products/${b.product}/end-of-support`,
      `/api/v1/support-center/articles/${bs.draft}`,
      `/api/v1/support-center/articles/${bs.draft}/files/${bs.articleFile}`,
      `/api/v1/support-center/articles/${bs.resolution}/files/${bs.articleFile}`,
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

  it("refuses a contact the audit log, whatever the filters: it names every organization's changes", async () => {
    for (const query of [
      "",
      `organizationId=${a.org}`,
      `organizationId=${b.org}`,
      `entityId=${b.case}`,
      "q=secreto",
    ]) {
      const res = await request("GET", `/api/v1/audit${query ? `?${query}` : ""}`, { session: contactA });
      expect([res.statusCode, res.json().reason], query).toEqual([403, "role_forbidden"]);
      expect(leaks("/api/v1/audit", res.body), query).toEqual([]);
    }
  });
});
