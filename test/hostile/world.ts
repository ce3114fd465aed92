import nodemailer from "nodemailer";
import { SYSTEM_ACTOR } from "../../src/server/platform/actor";
import { newAuthorizedContact, newCustomer, p1Report } from "../harness/case-fixtures";
import { type Session, type setupTestApp, uniq } from "../harness/test-app";
import { multipart } from "./types";

type TestApp = ReturnType<typeof setupTestApp>;

/** One organization's data, by id. */
export type Organization = {
  org: string;
  name: string;
  system: string;
  contract: string;
  product: string;
  module: string;
  release: string;
  contact: string;
  contactEmail: string;
  case: string;
  attachment: string;
  featureRequest: string;
};

const PNG = Buffer.from(
  "89504e470d0a1a0a0000000d4948445200000001000000010806000000" +
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082",
  "hex",
);

/**
 * What the catalogue's inputs stand on, built once: staff of each role, two customer organizations A and
 * B (each with its own product, system, contract, authorized contact, case, attachment and feature
 * request), B's services, an article, a webhook, API tokens, and the outbox rendered as it would be sent.
 */
export const buildWorld = async (t: TestApp) => {
  const { ctx, request, signIn, login, PASSWORD } = t;
  const s = ctx.app.services;
  const admin = await signIn("admin");
  const manager = await signIn("manager");
  const specialist = await signIn("specialist");
  const engineer = await signIn("technical_staff");
  let ip = 0;
  const signInAs = (email: string) =>
    login(email, PASSWORD, `10.77.${Math.floor(ip / 200)}.${(ip++ % 200) + 1}`);

  const organization = async (label: string) => {
    const product = await s.catalog.createProduct(SYSTEM_ACTOR, {
      name: uniq(`Producto ${label}`),
      description: `Producto de ${label}`,
      modules: [`Módulo ${label}`],
    });
    const release = await s.catalog.createRelease(SYSTEM_ACTOR, product.id, {
      version: "5.1.0",
      releaseDate: "2026-01-15",
      notes: `Notas ${label}`,
    });
    const customer = await newCustomer(ctx.app, { productId: product.id });
    const person = await newAuthorizedContact(ctx.app, customer, { password: PASSWORD });
    const session = await signInAs(person.email);
    const opened = await request("POST", "/api/v1/cases", {
      session,
      body: p1Report(customer.systemId, {
        subject: `Caso secreto ${label}`,
        description: `Detalle ${label}`,
      }),
    });
    if (opened.statusCode !== 201) throw new Error(`case of ${label}: ${opened.body}`);
    const file = multipart({
      disposition: `filename="evidencia-${label}.png"`,
      type: "image/png",
      content: PNG,
    });
    const attached = await ctx.app.inject({
      method: "POST",
      url: `/api/v1/cases/${opened.json().id}/attachments`,
      headers: { cookie: session.cookie, "x-csrf-token": session.csrf, ...file.headers },
      payload: file.payload,
    });
    if (attached.statusCode !== 201) throw new Error(`attachment of ${label}: ${attached.body}`);
    const asked = await request("POST", "/api/v1/support-center/feature-requests", {
      session,
      body: { productId: product.id, title: `Petición secreta ${label}` },
    });
    if (asked.statusCode !== 201) throw new Error(`feature request of ${label}: ${asked.body}`);
    const { name } = await ctx.db.db
      .selectFrom("organizations")
      .select("name")
      .where("id", "=", customer.organizationId)
      .executeTakeFirstOrThrow();
    const ids: Organization = {
      org: customer.organizationId,
      name,
      system: customer.systemId,
      contract: customer.contractId,
      product: product.id,
      module: product.modules[0]!.id,
      release: release.id,
      contact: person.id,
      contactEmail: person.email,
      case: opened.json().id,
      attachment: attached.json().id,
      featureRequest: asked.json().id,
    };
    return { ids, session };
  };
  const { ids: a, session: contactA } = await organization("A");
  const { ids: b, session: contactB } = await organization("B");

  // B's services: an hour-bank package, an on-site engineer service, a held request
  const hourPackageB = await s.hourBanks.sellPackage(SYSTEM_ACTOR, {
    organizationId: b.org,
    hours: 80,
    purchasedOn: "2026-02-02",
    purchaseOrder: "OC-SECRETA-B",
    priceCents: 9_600_000,
    currency: "USD",
  });
  const stsB = await s.sts.createService(SYSTEM_ACTOR, {
    organizationId: b.org,
    engineerId: engineer.userId,
    startDate: "2026-06-01",
    purchaseOrder: "OC-STS-SECRETA-B",
    priceCents: 4_500_000,
    notes: "Notas STS secretas B",
  });
  const heldB = await ctx.db.db.transaction().execute((tx) =>
    s.heldRequests.recordHeldRequest(tx, {
      organizationId: b.org,
      systemId: b.system,
      requesterId: b.contact,
      channel: "email",
      subject: "Retenida secreta B",
      details: {},
    }),
  );

  // a published alert of A's product, and a draft tip to attach files to
  const alert = await s.articles.createArticle(SYSTEM_ACTOR, {
    kind: "alert",
    title: "Alerta de firmas",
    body: "Reinicie el servicio de firmas.",
    workaround: "",
    productId: a.product,
    severity: "high",
  });
  await s.articles.changeStatus(SYSTEM_ACTOR, alert.id, { status: "published", version: alert.version });
  const tip = await s.articles.createArticle(SYSTEM_ACTOR, {
    kind: "tip",
    title: "Consejo con archivos",
    body: "Vea el diagrama.",
    workaround: "",
    productId: a.product,
  });

  const webhook = await request("POST", "/api/v1/webhooks", {
    session: admin,
    body: { url: "https://hooks.example.com/soporte", events: ["case.created"] },
  });
  if (webhook.statusCode !== 201) throw new Error(`webhook: ${webhook.body}`);

  const token = async (scope: "read_write" | "read_only") => {
    const res = await request("POST", "/api/v1/auth/tokens", {
      session: admin,
      body: { name: uniq("Integración"), scope },
    });
    if (res.statusCode !== 201) throw new Error(`token: ${res.body}`);
    return res.json() as { id: string; token: string };
  };
  const readOnly = await token("read_only");
  const revoked = await token("read_write");
  await request("DELETE", `/api/v1/auth/tokens/${revoked.id}`, { session: admin });

  // the outbox, rendered as the SMTP relay would get it (nothing leaves the process)
  const rendered: string[] = [];
  const capture = nodemailer.createTransport({
    name: "capture",
    version: "1",
    send: (mail, done) => {
      mail.message.build((error, message) => {
        if (error) return done(error, undefined as never);
        rendered.push(message.toString("utf8"));
        done(null, { envelope: mail.message.getEnvelope(), messageId: mail.message.messageId() } as never);
      });
    },
  });
  /** Sends every pending mail through the capture and returns the messages as they would go out. */
  const renderOutbox = async () => {
    rendered.length = 0;
    await s.outbox.sendBatch(capture, { baseBackoffMs: 1_000, maxBackoffMs: 4_000, batchSize: 500 });
    return [...rendered];
  };

  /** What only B and the staff may know: never in an answer to A's contact. */
  const secretsOfB = [
    b.org,
    b.name,
    b.system,
    b.contract,
    b.contact,
    b.contactEmail,
    b.case,
    b.attachment,
    b.product,
    b.release,
    hourPackageB.id,
    stsB.id,
    heldB,
    "Caso secreto B",
    "Detalle B",
    "evidencia-B.png",
    "OC-SECRETA-B",
    "OC-STS-SECRETA-B",
    "Notas STS secretas B",
    "Retenida secreta B",
  ];

  return {
    ...t,
    admin,
    manager,
    specialist,
    engineer,
    contactA,
    contactB,
    a,
    b,
    hourPackageB: hourPackageB.id,
    stsB: stsB.id,
    stsVisitB: stsB.visits[0]!.id,
    heldB,
    alert: alert.id,
    tip: tip.id,
    webhook: webhook.json().id as string,
    readOnlyToken: readOnly.token,
    readOnlyTokenId: readOnly.id,
    revokedToken: revoked.token,
    secretsOfB,
    renderOutbox,
    /** A new browser session of a new user of the role (a contact of A when a customer). */
    freshSession: (role: Parameters<TestApp["signIn"]>[0]) =>
      signIn(role, role === "customer_contact" ? a.org : undefined),
    signInAs,
  };
};

export type World = Awaited<ReturnType<typeof buildWorld>>;
export type { Session };
