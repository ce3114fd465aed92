import { randomBytes } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { SYSTEM_ACTOR } from "../../src/server/platform/actor";
import { CHECKLIST, newAuthorizedContact, newCustomer } from "../harness/case-fixtures";
import { type Session, setupTestApp } from "../harness/test-app";

// the app's clock: Friday 2026-11-27, 09:00 in Mexico City
const { ctx, request, login, signIn, PASSWORD } = setupTestApp();
const SUPPORT = "soporte@soporte.example";
let specialist: Session;

/**
 * A customer whose only contract ended on 2026-01-01, with a trained contact authorized on it: anything
 * they report is held until a purchase order buys a new contract.
 */
const lapsedCustomer = async (ip: string) => {
  const customer = await newCustomer(ctx.app, { startDate: "2025-01-02" });
  const contact = await newAuthorizedContact(ctx.app, customer, { password: PASSWORD });
  return { ...customer, contact, session: await login(contact.email, PASSWORD, ip) };
};

/** The contract the purchase order buys, from today, with the contact authorized on it. */
const sellContract = async (customer: { systemId: string }, contactId: string, authorize = true) => {
  const contract = await ctx.app.services.contracts.createContract(SYSTEM_ACTOR, {
    systemId: customer.systemId,
    planId: "estandar",
    startDate: "2026-11-27",
    salePriceCents: 0,
    purchaseOrder: "OC-2026-555",
    notes: "",
  });
  if (authorize)
    await ctx.app.services.authorizedContacts.authorizeContact(SYSTEM_ACTOR, contract.id, contactId);
  return contract;
};

const release = (id: string, session: Session = specialist) =>
  request("POST", `/api/v1/held-requests/${id}/release`, { session, body: { purchaseOrder: "OC-2026-555" } });

const heldOf = async (organizationId: string) =>
  (
    await request("GET", `/api/v1/held-requests?organizationId=${organizationId}`, { session: specialist })
  ).json().items as { id: string; state: string }[];

beforeAll(async () => {
  ctx.clock.set("2026-11-27T15:00:00Z");
  specialist = await signIn("specialist");
  await ctx.app.services.emailIntake.updateSettings(SYSTEM_ACTOR, {
    supportAddresses: [SUPPORT],
    trustedAuthServIds: [],
    autoRepliesPerAddressPerDay: 5,
    loopThreshold: { messages: 20, minutes: 10 },
    imap: null,
  });
});

describe("a held request released with its purchase order", () => {
  it("opens its case under the new contract, registered at the release, as the customer reported it", async () => {
    const customer = await lapsedCustomer("10.70.0.1");
    const report = {
      systemId: customer.systemId,
      subject: "No se pueden firmar oficios",
      description: "Desde el lunes la firma falla para el área jurídica.",
      affectedPercent: 30,
      canKeepWorking: true,
      checklist: CHECKLIST,
    };
    const held = await request("POST", "/api/v1/cases", { session: customer.session, body: report });
    expect(held.statusCode).toBe(202);
    const [waiting] = await heldOf(customer.organizationId);
    expect(waiting).toMatchObject({ state: "held" });

    // three days later the purchase order arrives and buys a contract
    ctx.clock.set("2026-11-30T17:30:00Z");
    specialist = await signIn("specialist");
    const contract = await sellContract(customer, customer.contact.id);
    const res = await release(waiting!.id);
    expect(res.statusCode).toBe(200);
    const released = res.json();
    expect(released).toMatchObject({
      state: "released",
      purchaseOrder: "OC-2026-555",
      case: { number: expect.stringMatching(/^CAS-2026-/) },
    });

    const kase = await ctx.app.services.cases.getCase(SYSTEM_ACTOR, released.case.id);
    expect(kase).toMatchObject({
      contractId: contract.id,
      requester: expect.objectContaining({ id: customer.contact.id }),
      channel: "portal",
      subject: report.subject,
      description: report.description,
      affectedPercent: 30,
      canKeepWorking: true,
      registeredAt: "2026-11-30T17:30:00.000Z",
      suggestedPriority: "P3",
    });
    // the response clock starts at the release: P3 is 24 business hours from Monday 11:30, Wednesday 17:30
    expect(kase.sla.dueAt).toBe("2026-12-02T23:30:00.000Z");
    const timeline = await ctx.app.services.cases.timeline(SYSTEM_ACTOR, kase.id);
    expect(timeline[0]).toMatchObject({
      kind: "created",
      data: expect.objectContaining({ heldRequestId: waiting!.id }),
    });
    // the requester is told, with the case's number
    const mail = await ctx.db.db
      .selectFrom("outbox")
      .select(["kind", "subject"])
      .where("to_user_id", "=", customer.contact.id)
      .where("kind", "=", "acknowledgement")
      .execute();
    expect(mail).toHaveLength(1);
    expect(mail[0]!.subject).toContain(kase.number);
    // once
    expect((await release(waiting!.id)).statusCode).toBe(409);
    ctx.clock.set("2026-11-27T15:00:00Z");
    specialist = await signIn("specialist");
  });

  it("stays held, saying why, while the system has no current contract or the requester is not on it", async () => {
    const customer = await lapsedCustomer("10.70.0.2");
    await request("POST", "/api/v1/cases", {
      session: customer.session,
      body: {
        systemId: customer.systemId,
        subject: "Error al generar reportes",
        description: "—",
        affectedPercent: 5,
        canKeepWorking: true,
        checklist: CHECKLIST,
      },
    });
    const [waiting] = await heldOf(customer.organizationId);
    const noContract = await release(waiting!.id);
    expect(noContract.statusCode).toBe(422);
    expect(noContract.json()).toMatchObject({
      code: "held_request_not_entitled",
      reason: "held_request_needs_contract",
    });
    await sellContract(customer, customer.contact.id, false);
    const notAuthorized = await release(waiting!.id);
    expect(notAuthorized.statusCode).toBe(422);
    expect(notAuthorized.json()).toMatchObject({ reason: "held_request_requester_not_authorized" });
    // nothing was written: still held, no purchase order, no case
    expect(await heldOf(customer.organizationId)).toMatchObject([{ id: waiting!.id, state: "held" }]);
    const cases = await ctx.app.services.cases.listCases(SYSTEM_ACTOR, {
      organizationId: customer.organizationId,
      limit: 10,
    });
    expect(cases.items).toHaveLength(0);
  });

  it("carries a held email's attachments to its case", async () => {
    const customer = await lapsedCustomer("10.70.0.3");
    const boundary = `b${randomBytes(4).toString("hex")}`;
    const raw = Buffer.from(
      [
        `From: <${customer.contact.email}>`,
        `To: ${SUPPORT}`,
        "Subject: Falla al cargar expedientes",
        `Message-ID: <held-${randomBytes(6).toString("hex")}@example.org>`,
        `Content-Type: multipart/mixed; boundary="${boundary}"`,
        "",
        `--${boundary}`,
        "Content-Type: text/plain; charset=utf-8",
        "",
        "La carga se detiene; adjunto la bitácora.",
        `--${boundary}`,
        'Content-Type: text/plain; name="bitacora.txt"',
        'Content-Disposition: attachment; filename="bitacora.txt"',
        "",
        "ERROR 42 al cargar",
        `--${boundary}--`,
        "",
      ].join("\r\n"),
    );
    const origin = { source: "smtp" as const, detail: { mailFrom: customer.contact.email } };
    const { id } = await ctx.app.services.emailIntake.store(raw, origin);
    await ctx.app.services.emailIntake.processStored({ id, raw, origin });
    const [waiting] = await heldOf(customer.organizationId);
    expect(waiting).toMatchObject({ state: "held" });

    await sellContract(customer, customer.contact.id);
    const released = (await release(waiting!.id)).json();
    const files = await ctx.app.services.cases.listAttachments(SYSTEM_ACTOR, released.case.id);
    expect(files.map((f) => f.filename)).toEqual(["bitacora.txt"]);
    const kase = await ctx.app.services.cases.getCase(SYSTEM_ACTOR, released.case.id);
    expect(kase).toMatchObject({ channel: "email", subject: "Falla al cargar expedientes" });
    expect(kase.description).toContain("La carga se detiene");
    const left = await ctx.db.db.selectFrom("held_request_attachments").select("id").execute();
    expect(left).toHaveLength(0);
  });

  it("is the desk's to release: a customer may not", async () => {
    const customer = await lapsedCustomer("10.70.0.4");
    await request("POST", "/api/v1/cases", {
      session: customer.session,
      body: {
        systemId: customer.systemId,
        subject: "Consulta",
        description: "—",
        affectedPercent: 5,
        canKeepWorking: true,
        checklist: CHECKLIST,
      },
    });
    const [waiting] = await heldOf(customer.organizationId);
    expect((await release(waiting!.id, customer.session)).statusCode).toBe(403);
  });
});
