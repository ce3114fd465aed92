import nodemailer from "nodemailer";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SYSTEM_ACTOR } from "../../../src/server/platform/actor";
import { newAuthorizedContact, newCustomer } from "../../harness/case-fixtures";
import { startSmtpReceiver } from "../../harness/smtp-receiver";
import { type Session, setupTestApp, uniq } from "../../harness/test-app";

const { ctx, request, signIn, login, PASSWORD } = setupTestApp();
const fast = { baseBackoffMs: 1_000, maxBackoffMs: 4_000, batchSize: 50 };

let receiver: Awaited<ReturnType<typeof startSmtpReceiver>>;
let manager: Session;
let specialist: Session;
let customer: Awaited<ReturnType<typeof newCustomer>>;
let productId: string;
let ana: Session & { email: string };
let luis: Session & { email: string };
/** A contact of an organization without a contract for the product. */
let outsider: Session;

const submit = (body: Record<string, unknown>, session: Session = ana) =>
  request("POST", "/api/v1/support-center/feature-requests", { session, body: { productId, ...body } });
const path = (id: string, rest = "") => `/api/v1/support-center/feature-requests/${id}${rest}`;
const setStatus = (
  request_: { id: string; version: number },
  body: Record<string, unknown>,
  session = manager,
) => request("POST", path(request_.id, "/status"), { session, body: { version: request_.version, ...body } });
const current = async (id: string, session: Session = manager) =>
  (await request("GET", path(id), { session })).json();

beforeAll(async () => {
  receiver = await startSmtpReceiver();
  manager = await signIn("manager");
  specialist = await signIn("specialist");
  customer = await newCustomer(ctx.app);
  productId = (await ctx.app.services.catalog.getSystem(SYSTEM_ACTOR, customer.systemId)).productId;
  const a = await newAuthorizedContact(ctx.app, customer, { password: PASSWORD, name: "Ana López" });
  ana = { ...(await login(a.email, PASSWORD, "10.91.0.1")), email: a.email };
  // a second organization with a current contract for the same product, in English
  const org = await ctx.app.services.organizations.createOrganization(SYSTEM_ACTOR, {
    name: uniq("Universidad"),
    emailDomains: [],
    timeZone: "America/Mexico_City",
  });
  const system = await ctx.app.services.catalog.createSystem(SYSTEM_ACTOR, {
    organizationId: org.id,
    productId,
    name: uniq("SIGAP"),
    moduleIds: [],
    installedVersion: "5.1.0",
    environment: "production",
  });
  const contract = await ctx.app.services.contracts.createContract(SYSTEM_ACTOR, {
    systemId: system.id,
    planId: "estandar",
    startDate: "2026-06-01",
    salePriceCents: 0,
    notes: "",
  });
  const l = await newAuthorizedContact(
    ctx.app,
    { organizationId: org.id, contractId: contract.id },
    {
      password: PASSWORD,
      language: "en",
      name: "Luis Cano",
    },
  );
  luis = { ...(await login(l.email, PASSWORD, "10.91.0.2")), email: l.email };
  const elsewhere = await newCustomer(ctx.app);
  outsider = await signIn("customer_contact", elsewhere.organizationId);
});
afterAll(async () => {
  await receiver?.stop();
});

describe("submitting, voting and following", () => {
  it("a contact with a current contract submits and follows; another organization sees the request, not who asked", async () => {
    const res = await submit({
      title: "Exportar expedientes a PDF/A",
      description: "Para archivo histórico.",
    });
    expect(res.statusCode).toBe(201);
    const made = res.json();
    expect(made).toMatchObject({ status: "submitted", voteCount: 0, following: true, ownOrganization: true });
    expect(made.history).toEqual([expect.objectContaining({ fromStatus: null, toStatus: "submitted" })]);
    const seen = await current(made.id, luis);
    expect(seen).toMatchObject({
      organization: null,
      submittedBy: null,
      ownOrganization: false,
      following: false,
    });
    const staff = await current(made.id, specialist);
    expect(staff.organization.id).toBe(customer.organizationId);
  });

  it("without a contract for the product there is no submitting, voting or following; staff do not vote", async () => {
    const refused = await submit({ title: "Algo" }, outsider);
    expect(refused.statusCode).toBe(403);
    expect(refused.json()).toMatchObject({ code: "forbidden", reason: "no_contract_for_product" });
    const made = (await submit({ title: uniq("Firma masiva") })).json();
    const vote = await request("POST", path(made.id, "/votes"), { session: outsider });
    expect(vote.json()).toMatchObject({ code: "forbidden", reason: "no_contract_for_product" });
    const follow = await request("PUT", path(made.id, "/follow"), { session: outsider });
    expect(follow.statusCode).toBe(403);
    expect(follow.headers["content-type"]).toContain("application/problem+json");
    expect(follow.json()).toMatchObject({ code: "forbidden", reason: "no_contract_for_product" });
    // neither the vote nor the follow was written
    expect(await current(made.id, outsider)).toMatchObject({ voteCount: 0, voted: false, following: false });
    expect((await request("POST", path(made.id, "/votes"), { session: specialist })).statusCode).toBe(403);
    expect((await request("PUT", path(made.id, "/follow"), { session: specialist })).statusCode).toBe(204);
    expect((await submit({ title: "Algo" }, specialist)).statusCode).toBe(403);
  });

  it("a person votes once: the second vote is a conflict; withdrawing gives it back", async () => {
    const made = (await submit({ title: uniq("Tablero de indicadores") })).json();
    const first = await request("POST", path(made.id, "/votes"), { session: luis });
    expect(first.statusCode).toBe(201);
    expect(first.json()).toMatchObject({ voteCount: 1, voted: true });
    const twice = await request("POST", path(made.id, "/votes"), { session: luis });
    expect(twice.statusCode).toBe(409);
    expect(twice.json()).toMatchObject({ code: "conflict", reason: "already_voted" });
    expect((await current(made.id)).voteCount).toBe(1);
    expect((await request("DELETE", path(made.id, "/votes/mine"), { session: luis })).statusCode).toBe(204);
    expect(await current(made.id, luis)).toMatchObject({ voteCount: 0, voted: false });
  });
});

describe("the public status", () => {
  it("mails each follower once per change in their language; the same status again tells nobody", async () => {
    const made = (await submit({ title: uniq("Firma por lotes") })).json();
    expect((await request("PUT", path(made.id, "/follow"), { session: luis })).statusCode).toBe(204);
    const planned = await setStatus(made, { status: "planned" });
    expect(planned.statusCode).toBe(200);
    expect(planned.json().history.map((c: { toStatus: string }) => c.toStatus)).toEqual([
      "submitted",
      "planned",
    ]);
    const again = await setStatus(planned.json(), { status: "planned" });
    expect(again.statusCode).toBe(200);
    expect(again.json().history).toHaveLength(2);

    await ctx.app.services.outbox.sendBatch(nodemailer.createTransport(receiver.url), fast);
    const mails = receiver.received.filter((m) => m.parsed.subject?.includes(made.title));
    expect(mails.map((m) => m.to[0]).sort()).toEqual([ana.email, luis.email].sort());
    const toAna = mails.find((m) => m.to.includes(ana.email))!;
    expect(toAna.parsed.subject).toBe(`Solicitud de funcionalidad #${made.number} planeada: ${made.title}`);
    expect(toAna.parsed.text).toContain("cambió de «recibida» a «planeada»");
    // the link opens the request's page of the web app
    expect(toAna.parsed.text).toContain(`/support-center/feature-requests/${made.id}`);
    const toLuis = mails.find((m) => m.to.includes(luis.email))!;
    expect(toLuis.parsed.subject).toBe(`Feature request #${made.number} planned: ${made.title}`);
  });

  it("a decline says why and a release names its release of the product; only admins and managers decide", async () => {
    const made = (await submit({ title: uniq("Modo oscuro") })).json();
    const noReason = await setStatus(made, { status: "declined" });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().errors).toEqual([
      expect.objectContaining({ field: "reason", code: "required_when_declined" }),
    ]);
    const noRelease = await setStatus(made, { status: "released" });
    expect(noRelease.json().errors).toEqual([
      expect.objectContaining({ field: "releaseId", code: "required_when_released" }),
    ]);
    expect((await setStatus(made, { status: "planned" }, specialist)).statusCode).toBe(403);
    expect((await setStatus(made, { status: "planned" }, ana)).statusCode).toBe(403);
    const release = await ctx.app.services.catalog.createRelease(SYSTEM_ACTOR, productId, {
      version: "5.2.0",
      releaseDate: "2026-11-02",
      notes: "",
    });
    const released = await setStatus(made, { status: "released", releaseId: release.id });
    expect(released.json()).toMatchObject({
      status: "released",
      release: { id: release.id, version: "5.2.0" },
    });
    const stale = await setStatus(made, { status: "declined", reason: "x" });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().code).toBe("version_conflict");
  });
});

describe("merging duplicates", () => {
  it("moves votes and followers to the request it joins, each person once; the duplicate leaves the lists", async () => {
    const original = (await submit({ title: uniq("Exportar a Excel") })).json();
    const duplicate = (await submit({ title: uniq("Exportar a XLSX") }, luis)).json();
    await request("POST", path(original.id, "/votes"), { session: luis });
    await request("POST", path(duplicate.id, "/votes"), { session: luis });
    await request("POST", path(duplicate.id, "/votes"), { session: ana });
    expect(
      (
        await request("POST", path(duplicate.id, "/merge"), {
          session: specialist,
          body: { targetId: original.id },
        })
      ).statusCode,
    ).toBe(403);
    const merged = await request("POST", path(duplicate.id, "/merge"), {
      session: manager,
      body: { targetId: original.id },
    });
    expect(merged.statusCode).toBe(200);
    expect(merged.json()).toMatchObject({ id: original.id, voteCount: 2 });
    expect(merged.json().merged.map((m: { id: string }) => m.id)).toEqual([duplicate.id]);
    expect((await current(original.id, luis)).following).toBe(true);
    const list = (
      await request("GET", `/api/v1/support-center/feature-requests?productId=${productId}&limit=200`, {
        session: ana,
      })
    ).json();
    expect(list.items.map((r: { id: string }) => r.id)).not.toContain(duplicate.id);
    const vote = await request("POST", path(duplicate.id, "/votes"), { session: ana });
    expect(vote.statusCode).toBe(409);
    expect(vote.json()).toMatchObject({
      reason: "feature_request_merged",
      params: { number: original.number },
    });
    const self = await request("POST", path(original.id, "/merge"), {
      session: manager,
      body: { targetId: original.id },
    });
    expect(self.json().reason).toBe("merge_same_request");
    const intoMerged = await request("POST", path(original.id, "/merge"), {
      session: manager,
      body: { targetId: duplicate.id },
    });
    expect(intoMerged.json().reason).toBe("merge_target_merged");
  });

  it("lists by votes with a cursor that walks every request once", async () => {
    const titles = await Promise.all(
      [1, 2, 3].map(async (i) => (await submit({ title: uniq(`Idea ${i}`) })).json()),
    );
    await request("POST", path(titles[2]!.id, "/votes"), { session: luis });
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const query: string = `?productId=${productId}&limit=2${cursor ? `&cursor=${cursor}` : ""}`;
      const page = (
        await request("GET", `/api/v1/support-center/feature-requests${query}`, { session: ana })
      ).json();
      seen.push(...page.items.map((r: { id: string }) => r.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(new Set(seen).size).toBe(seen.length);
    for (const t of titles) expect(seen).toContain(t.id);
    const bad = await request("GET", "/api/v1/support-center/feature-requests?cursor=nonsense", {
      session: ana,
    });
    expect(bad.statusCode).toBe(400);
  });
});
