import { Parser } from "htmlparser2";
import nodemailer from "nodemailer";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SYSTEM_ACTOR } from "../../../src/server/platform/actor";
import { newAuthorizedContact, newCustomer, p1Report } from "../../harness/case-fixtures";
import { startSmtpReceiver } from "../../harness/smtp-receiver";
import { type Session, setupTestApp, uniq } from "../../harness/test-app";

const { ctx, request, signIn, login, PASSWORD } = setupTestApp();
const fast = { baseBackoffMs: 1_000, maxBackoffMs: 4_000, batchSize: 50 };

let receiver: Awaited<ReturnType<typeof startSmtpReceiver>>;
let manager: Session;
let specialist: Session;
let executive: Session;
let customer: Awaited<ReturnType<typeof newCustomer>>;
let productId: string;
let ana: Session & { email: string; id: string };
let other: Session;

const ALERT = {
  kind: "alert",
  title: "Falla en la migración de firmas electrónicas",
  body: "La **migración** de e-firma a 3.2 pierde los sellos de tiempo.\n\n<script>alert(1)</script>",
  severity: "critical",
  affectedFrom: "3.0.0",
  affectedTo: "3.2.9",
  workaround: "Ejecute `resellar.sh` después de migrar.",
};

/** Markdown that would run something if it were passed through as HTML. */
const HOSTILE_MARKDOWN = [
  "Antes de migrar:",
  "",
  "<script>alert('script')</script>",
  '<iframe src="https://evil.example/frame"></iframe>',
  "<img src=x onerror=\"alert('onerror')\">",
  "[guía](javascript:alert('link'))",
  "[descarga](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
  "![logo](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)",
  '<a href="https://ok.example" onclick="alert(\'click\')">x</a>',
].join("\n");

/** Every element and attribute as a browser's parser sees them. */
const elementsOf = (html: string) => {
  const found: { tag: string; attributes: Record<string, string> }[] = [];
  const parser = new Parser({ onopentag: (tag, attributes) => found.push({ tag, attributes }) });
  parser.write(html);
  parser.end();
  return found;
};

/** No element that runs or frames, no event handler, no link or image that is not http(s), mailto or ours. */
const expectInert = (html: string, what: string) => {
  const elements = elementsOf(html);
  expect(elements.length, what).toBeGreaterThan(0);
  for (const { tag, attributes } of elements) {
    expect(["script", "iframe", "object", "embed", "svg", "form", "style"], what).not.toContain(tag);
    for (const [name, value] of Object.entries(attributes)) {
      expect(name, `${what}: ${tag} ${name}`).not.toMatch(/^on/i);
      if (name === "href" || name === "src") {
        expect(value, `${what}: ${tag} ${name}`).not.toMatch(/^\s*(javascript|data|vbscript):/i);
      }
    }
  }
};

const create = (body: Record<string, unknown>, session: Session = manager) =>
  request("POST", "/api/v1/support-center/articles", { session, body: { productId, ...body } });
const publish = (article: { id: string; version: number }, session: Session = manager) =>
  request("POST", `/api/v1/support-center/articles/${article.id}/status`, {
    session,
    body: { status: "published", version: article.version },
  });
const upload = (
  articleId: string,
  file: { name: string; type: string; content: Buffer },
  session = manager,
) => {
  const boundary = "----soporte-test";
  const payload = Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: ${file.type}\r\n\r\n`,
    ),
    file.content,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return ctx.app.inject({
    method: "POST",
    url: `/api/v1/support-center/articles/${articleId}/files`,
    headers: {
      cookie: session.cookie,
      "x-csrf-token": session.csrf,
      "content-type": `multipart/form-data; boundary=${boundary}`,
    },
    payload,
  });
};

beforeAll(async () => {
  receiver = await startSmtpReceiver();
  manager = await signIn("manager");
  specialist = await signIn("specialist");
  executive = await signIn("account_executive");
  customer = await newCustomer(ctx.app);
  productId = (await ctx.app.services.catalog.getSystem(SYSTEM_ACTOR, customer.systemId)).productId;
  const a = await newAuthorizedContact(ctx.app, customer, { password: PASSWORD, name: "Ana López" });
  ana = { ...(await login(a.email, PASSWORD, "10.90.0.1")), email: a.email, id: a.id };
  const elsewhere = await newCustomer(ctx.app);
  other = await signIn("customer_contact", elsewhere.organizationId);
});
afterAll(async () => {
  await receiver?.stop();
});

describe("articles: drafts, publication and what customers see", () => {
  it("a manager's draft alert is hidden from customers until published; then they read inert HTML only", async () => {
    const draft = await create(ALERT);
    expect(draft.statusCode).toBe(201);
    const article = draft.json();
    expect(article).toMatchObject({ status: "draft", severity: "critical", allowedStatuses: ["published"] });
    expect(article.bodyHtml).toContain("<strong>migración</strong>");
    expect(article.bodyHtml).not.toContain("<script");
    expect(article.bodyHtml).toContain("&lt;script&gt;");

    const hidden = await request("GET", `/api/v1/support-center/articles/${article.id}`, { session: ana });
    expect(hidden.statusCode).toBe(404);
    const list = await request("GET", "/api/v1/support-center/articles?kind=alert", { session: ana });
    expect(list.json().items.map((a: { id: string }) => a.id)).not.toContain(article.id);

    expect((await publish(article)).statusCode).toBe(200);
    const seen = (
      await request("GET", `/api/v1/support-center/articles/${article.id}`, { session: ana })
    ).json();
    expect(seen).toMatchObject({
      status: "published",
      body: null,
      workaround: null,
      cases: null,
      allowedStatuses: [],
    });
    expect(seen.workaroundHtml).toContain("<code>resellar.sh</code>");
    // her system runs 5.1.0: the alert for 3.x does not affect it
    expect(seen.affectsSystems).toEqual([]);
    const listed = await request("GET", "/api/v1/support-center/articles?kind=alert", { session: other });
    expect(listed.json().items.map((a: { id: string }) => a.id)).toContain(article.id);
  });

  it("hostile Markdown (script, iframe, onerror, javascript: and data: links) is published as inert HTML", async () => {
    const draft = await create({
      ...ALERT,
      title: uniq("Alerta hostil"),
      body: HOSTILE_MARKDOWN,
      workaround: HOSTILE_MARKDOWN,
    });
    expect(draft.statusCode).toBe(201);
    expect((await publish(draft.json())).statusCode).toBe(200);
    const seen = await request("GET", `/api/v1/support-center/articles/${draft.json().id}`, {
      session: other,
    });
    expect(seen.statusCode).toBe(200);
    const { bodyHtml, workaroundHtml } = seen.json();
    for (const [what, html] of [
      ["body", bodyHtml],
      ["workaround", workaroundHtml],
    ] as const) {
      expectInert(html, what);
      // the raw HTML stays as text, escaped; nothing of it is markup
      expect(html, what).toContain("&lt;iframe");
      expect(html, what).toContain("&lt;script&gt;");
      expect(html, what).not.toMatch(/<(script|iframe|svg)/i);
      expect(html, what).not.toMatch(/(href|src)="\s*(javascript|data):/i);
    }
    // the preview shows what publishing shows
    const preview = await request("POST", "/api/v1/support-center/preview", {
      session: specialist,
      body: { markdown: HOSTILE_MARKDOWN },
    });
    expect(preview.json().html).toBe(bodyHtml);
  });

  it("the desk and the engineers write; customers and account executives do not", async () => {
    expect((await create({ kind: "tip", title: uniq("Consejo") }, specialist)).statusCode).toBe(201);
    const engineer = await signIn("technical_staff");
    expect((await create({ kind: "tip", title: uniq("Consejo") }, engineer)).statusCode).toBe(201);
    expect((await create({ kind: "tip", title: uniq("Consejo") }, executive)).statusCode).toBe(403);
    expect((await create({ kind: "tip", title: uniq("Consejo") }, ana)).statusCode).toBe(403);
  });

  it("an alert names its severity, its range runs forwards and its fix is a release of its product", async () => {
    const noSeverity = await create({ ...ALERT, severity: undefined });
    expect(noSeverity.statusCode).toBe(400);
    expect(noSeverity.json().errors).toEqual([
      expect.objectContaining({ field: "severity", code: "required" }),
    ]);
    const reversed = await create({ ...ALERT, affectedFrom: "3.2.10", affectedTo: "3.2.9" });
    expect(reversed.json().errors).toEqual([
      expect.objectContaining({ field: "affectedTo", code: "range_reversed" }),
    ]);
    const badVersion = await create({ ...ALERT, affectedTo: "3.x" });
    expect(badVersion.statusCode).toBe(400);
    const elsewhere = await ctx.app.services.catalog.createProduct(SYSTEM_ACTOR, {
      name: uniq("ECM"),
      description: "",
      modules: [],
    });
    const release = await ctx.app.services.catalog.createRelease(SYSTEM_ACTOR, elsewhere.id, {
      version: "3.3.0",
      releaseDate: "2026-10-01",
      notes: "",
    });
    const wrongFix = await create({ ...ALERT, fixedInReleaseId: release.id });
    expect(wrongFix.json().errors).toEqual([
      expect.objectContaining({ field: "fixedInReleaseId", code: "release_of_product" }),
    ]);
  });

  it("refuses moves the lifecycle does not allow and a save over someone else's change", async () => {
    const article = (await create({ kind: "tip", title: uniq("Consejo") })).json();
    const archiveDraft = await request("POST", `/api/v1/support-center/articles/${article.id}/status`, {
      session: manager,
      body: { status: "archived", version: article.version },
    });
    expect(archiveDraft.statusCode).toBe(409);
    expect(archiveDraft.json()).toMatchObject({
      code: "invalid_transition",
      reason: "transition_not_allowed",
    });
    const edited = await request("PATCH", `/api/v1/support-center/articles/${article.id}`, {
      session: specialist,
      body: { body: "Nueva versión del texto", version: article.version },
    });
    expect(edited.statusCode).toBe(200);
    const stale = await request("PATCH", `/api/v1/support-center/articles/${article.id}`, {
      session: manager,
      body: { title: "Otro título", version: article.version },
    });
    expect(stale.statusCode).toBe(409);
    expect(stale.json()).toMatchObject({ code: "version_conflict", reason: "record_changed" });
    const audit = await ctx.db.db
      .selectFrom("audit_log")
      .select(["action", "details"])
      .where("entity_id", "=", article.id)
      .orderBy("at")
      .execute();
    expect(audit.map((a) => a.action)).toEqual(["article.created", "article.updated"]);
    expect(audit[1]!.details).toEqual({ changed: ["body"] });
  });

  it("a 5 MB article is too large and a body over the limit is refused, nothing half-written", async () => {
    const before = await ctx.db.db
      .selectFrom("articles")
      .select((eb) => eb.fn.countAll<string>().as("n"))
      .executeTakeFirstOrThrow();
    const huge = await create({ kind: "tip", title: "Enorme", body: "x".repeat(5 * 1024 * 1024) });
    expect(huge.statusCode).toBe(413);
    expect(huge.headers["content-type"]).toContain("application/problem+json");
    const long = await create({ kind: "tip", title: "Largo", body: "x".repeat(100_001) });
    expect(long.statusCode).toBe(400);
    expect(long.headers["content-type"]).toContain("application/problem+json");
    expect(long.json().errors).toEqual([expect.objectContaining({ field: "body" })]);
    const after = await ctx.db.db
      .selectFrom("articles")
      .select((eb) => eb.fn.countAll<string>().as("n"))
      .executeTakeFirstOrThrow();
    expect(after.n).toBe(before.n);

    // an edit to 5 MB, or past the limit, leaves the article as it was
    const article = (await create({ kind: "tip", title: uniq("Breve"), body: "Texto breve." })).json();
    const url = `/api/v1/support-center/articles/${article.id}`;
    const hugeEdit = await request("PATCH", url, {
      session: manager,
      body: { body: "x".repeat(5 * 1024 * 1024), version: article.version },
    });
    expect(hugeEdit.statusCode).toBe(413);
    expect(hugeEdit.headers["content-type"]).toContain("application/problem+json");
    const longEdit = await request("PATCH", url, {
      session: manager,
      body: { body: "x".repeat(100_001), version: article.version },
    });
    expect(longEdit.statusCode).toBe(400);
    expect(longEdit.json().errors).toEqual([expect.objectContaining({ field: "body" })]);
    const unchanged = (await request("GET", url, { session: manager })).json();
    expect([unchanged.body, unchanged.version]).toEqual(["Texto breve.", article.version]);
  });

  it("a resolution names its cases for the staff; customers read only the text", async () => {
    const opened = await request("POST", "/api/v1/cases", {
      session: ana,
      body: p1Report(customer.systemId),
    });
    expect(opened.statusCode).toBe(201);
    const caseId = opened.json().id as string;
    const made = await create({
      kind: "resolution",
      title: uniq("Resolución"),
      body: "Reinicie el servicio.",
      caseIds: [caseId],
    });
    expect(made.statusCode).toBe(201);
    expect(made.json().cases.map((c: { id: string }) => c.id)).toEqual([caseId]);
    const unknown = await create({
      kind: "resolution",
      title: uniq("R"),
      caseIds: ["00000000-0000-4000-8000-000000000001"],
    });
    expect(unknown.json().errors).toEqual([
      expect.objectContaining({ field: "caseIds.0", code: "not_found" }),
    ]);
    await publish(made.json());
    const seen = await request("GET", `/api/v1/support-center/articles/${made.json().id}`, {
      session: other,
    });
    expect(seen.json().cases).toBeNull();
    expect(JSON.stringify(seen.json())).not.toContain(caseId);
  });
});

describe("article files", () => {
  const PNG = Buffer.from(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000" +
      "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082",
    "hex",
  );

  it("keeps an image with its sha256 and shows it inline to customers once published; refuses SVG", async () => {
    const article = (await create({ kind: "tip", title: uniq("Con imagen") })).json();
    const added = await upload(article.id, { name: "diagrama.png", type: "image/png", content: PNG });
    expect(added.statusCode).toBe(201);
    expect(added.json()).toMatchObject({ filename: "diagrama.png", sizeBytes: PNG.length });
    expect(added.json().sha256).toMatch(/^[0-9a-f]{64}$/);
    const svg = await upload(article.id, {
      name: "logo.svg",
      type: "image/svg+xml",
      content: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'),
    });
    expect(svg.statusCode).toBe(415);
    expect(svg.json()).toMatchObject({ code: "unsupported_media_type", reason: "file_type_not_allowed" });
    const disguised = await upload(article.id, {
      name: "logo.svg",
      type: "image/png",
      content: Buffer.from("<svg/>"),
    });
    expect(disguised.statusCode).toBe(415);

    const url = `/api/v1/support-center/articles/${article.id}/files/${added.json().id}`;
    expect((await request("GET", url, { session: ana })).statusCode).toBe(404);
    await publish(article);
    const file = await request("GET", url, { session: ana });
    expect(file.statusCode).toBe(200);
    expect(file.headers["content-type"]).toBe("image/png");
    expect(String(file.headers["content-disposition"])).toMatch(/^inline;/);
    expect(file.headers["content-security-policy"]).toContain("sandbox");
    expect(file.rawPayload.equals(PNG)).toBe(true);
    expect(
      (await upload(article.id, { name: "x.png", type: "image/png", content: PNG }, ana)).statusCode,
    ).toBe(403);
  });
});

describe("subscriptions", () => {
  it("the first publication mails each immediate subscriber once, in their language; the digest collects the rest", async () => {
    const john = await newAuthorizedContact(ctx.app, customer, {
      password: PASSWORD,
      language: "en",
      name: "John Doe",
    });
    const johnSession = await login(john.email, PASSWORD, "10.90.0.2");
    const saved = await request("PUT", "/api/v1/support-center/subscriptions", {
      session: ana,
      body: {
        items: [
          { productId, kind: "alert", digest: false },
          { productId, kind: "alert", digest: false },
        ],
      },
    });
    expect(saved.statusCode).toBe(200);
    expect(saved.json().items).toEqual([{ productId, kind: "alert", digest: false }]);
    await request("PUT", "/api/v1/support-center/subscriptions", {
      session: johnSession,
      body: { items: [{ productId, kind: "alert", digest: true }] },
    });
    const unknown = await request("PUT", "/api/v1/support-center/subscriptions", {
      session: ana,
      body: { items: [{ productId: "00000000-0000-4000-8000-000000000002", kind: "tip", digest: false }] },
    });
    expect(unknown.statusCode).toBe(400);

    const article = (await create({ ...ALERT, title: uniq("Alerta crítica") })).json();
    await publish(article);
    // archived and published again: nobody is told twice
    const published = (
      await request("GET", `/api/v1/support-center/articles/${article.id}`, { session: manager })
    ).json();
    const archived = await request("POST", `/api/v1/support-center/articles/${article.id}/status`, {
      session: manager,
      body: { status: "archived", version: published.version },
    });
    await publish(archived.json());

    const transport = nodemailer.createTransport(receiver.url);
    await ctx.app.services.outbox.sendBatch(transport, fast);
    const toAna = receiver.received.filter(
      (m) => m.to.includes(ana.email) && m.parsed.subject?.includes(article.title),
    );
    expect(toAna).toHaveLength(1);
    expect(toAna[0]!.parsed.subject).toBe(
      `Alerta técnica crítica de ${published.productName}: ${article.title}`,
    );
    expect(toAna[0]!.parsed.text).toContain("Versiones afectadas: 3.0.0 a 3.2.9.");
    expect(toAna[0]!.parsed.text).toContain(`/support-center/articles/${article.id}`);
    expect(receiver.received.filter((m) => m.to.includes(john.email))).toHaveLength(0);

    expect(await ctx.app.services.notifications.sendArticleDigests()).toBe(1);
    expect(await ctx.app.services.notifications.sendArticleDigests()).toBe(0);
    await ctx.app.services.outbox.sendBatch(transport, fast);
    const digest = receiver.received.filter((m) => m.to.includes(john.email));
    expect(digest).toHaveLength(1);
    expect(digest[0]!.parsed.subject).toBe("Support center: 1 new publication");
    expect(digest[0]!.parsed.text).toContain(article.title);
  });
});

describe("the portal's unread alerts", () => {
  it("lists published alerts affecting an installed version of the organization, until read", async () => {
    const organizationId = customer.organizationId;
    const archive = await ctx.app.services.catalog.createSystem(SYSTEM_ACTOR, {
      organizationId,
      productId,
      name: uniq("SIGAP archivo"),
      moduleIds: [],
      installedVersion: "3.2.1",
      environment: "production",
    });
    const affecting = (await create({ ...ALERT, title: uniq("Afecta 3.2") })).json();
    const notAffecting = (
      await create({ ...ALERT, title: uniq("Solo 4.x"), affectedFrom: "4.0.0", affectedTo: "4.9.9" })
    ).json();
    await publish(affecting);
    await publish(notAffecting);
    const unread = (await request("GET", "/api/v1/support-center/alerts/unread", { session: ana })).json()
      .items;
    const mine = unread.find((a: { id: string }) => a.id === affecting.id);
    expect(mine.affectsSystems).toEqual([
      { systemId: archive.id, systemName: archive.name, installedVersion: "3.2.1" },
    ]);
    expect(unread.map((a: { id: string }) => a.id)).not.toContain(notAffecting.id);
    // another organization does not run the product
    expect(
      (await request("GET", "/api/v1/support-center/alerts/unread", { session: other })).json().items,
    ).toEqual([]);

    expect(
      (await request("POST", `/api/v1/support-center/articles/${affecting.id}/read`, { session: ana }))
        .statusCode,
    ).toBe(204);
    const after = (await request("GET", "/api/v1/support-center/alerts/unread", { session: ana })).json()
      .items;
    expect(after.map((a: { id: string }) => a.id)).not.toContain(affecting.id);
    const detail = (
      await request("GET", `/api/v1/support-center/articles/${affecting.id}`, { session: ana })
    ).json();
    expect(detail.read).toBe(true);
  });
});
