import { SYSTEM_ACTOR } from "../../src/server/platform/actor";
import { newAuthorizedContact, p1Report } from "../harness/case-fixtures";
import { type Check, type Hostile, jsonOf } from "./types";
import type { World } from "./world";

/**
 * CR LF in whatever reaches a mail header — a case's subject, a contact's or an organization's name, a
 * product's name, an article's or a feature request's title — is refused at the API (a field error);
 * text stored before that rule (or by the command line) is flattened when mail is composed, and mail
 * intake makes its subjects one line itself. Every message of the outbox, rendered as the relay would get
 * it, has no injected header (ASVS 1.3.11).
 */

const INJECTION = "\r\nBcc: intruso@example.com\r\nX-Hostile-Injected: yes";
const LF_ONLY = "\nX-Hostile-Injected: yes";

/** The top-level header lines of a rendered message, unfolded. */
const headersOf = (message: string) =>
  message
    .split(/\r\n\r\n/)[0]!
    .replace(/\r\n[ \t]+/g, " ")
    .split("\r\n");

/**
 * Every pending mail, rendered: none has a Bcc or X-Hostile-Injected header, each has one Subject and one
 * Content-Type; with `marker`, at least one subject was built from the hostile text.
 */
const noInjectedHeader =
  (marker?: string): Check =>
  async (_, w) => {
    const messages = await w.renderOutbox();
    for (const message of messages) {
      const names = headersOf(message).map((line) => line.split(":")[0]!.toLowerCase());
      const injected = names.filter((name) => name === "bcc" || name === "x-hostile-injected");
      if (injected.length) return `an injected header: ${injected.join(", ")}`;
      if (names.filter((name) => name === "subject").length !== 1) return "not exactly one Subject";
      if (names.filter((name) => name === "content-type").length !== 1) return "not exactly one Content-Type";
    }
    if (marker && !messages.some((m) => decodeSubject(m).includes(marker))) {
      return `no mail was built from the hostile text (${messages.length} rendered)`;
    }
    return null;
  };

/** The Subject header, its encoded-words decoded. */
const decodeSubject = (message: string) => {
  const line = headersOf(message).find((l) => l.toLowerCase().startsWith("subject:")) ?? "";
  return line
    .slice("subject:".length)
    .replace(/=\?utf-8\?([QB])\?([^?]*)\?=\s*/gi, (_, enc: string, text: string) =>
      enc.toUpperCase() === "B"
        ? Buffer.from(text, "base64").toString("utf8")
        : Buffer.from(
            text
              .replace(/_/g, " ")
              .replace(/=([0-9A-F]{2})/gi, (_m, h: string) => String.fromCharCode(Number.parseInt(h, 16))),
            "latin1",
          ).toString("utf8"),
    );
};

/** A customer with an authorized contact whose organization's name was stored as given (the command line). */
const customerNamed = async (w: World, name: string) => {
  const s = w.ctx.app.services;
  const organization = await s.organizations.createOrganization(SYSTEM_ACTOR, {
    name,
    emailDomains: [],
    timeZone: "America/Mexico_City",
  });
  const system = await s.catalog.createSystem(SYSTEM_ACTOR, {
    organizationId: organization.id,
    productId: w.a.product,
    name: "Sistema de correo",
    moduleIds: [],
    installedVersion: "5.1.0",
    environment: "production",
  });
  const contract = await s.contracts.createContract(SYSTEM_ACTOR, {
    systemId: system.id,
    planId: "estandar",
    startDate: "2026-01-02",
    salePriceCents: 0,
    notes: "",
  });
  await newAuthorizedContact(
    w.ctx.app,
    { organizationId: organization.id, contractId: contract.id },
    { password: w.PASSWORD },
  );
  return { organizationId: organization.id, systemId: system.id, contractId: contract.id };
};

const refused = (field: string) =>
  ({ status: 400, code: "validation_failed", fields: [field], fieldCode: "control_characters" }) as const;

export const mailHeaderInputs: Hostile[] = [
  {
    family: "mail-header",
    area: "cases",
    input: "CR LF + Bcc in a portal case's subject",
    send: (w) => ({
      method: "POST",
      url: "/api/v1/cases",
      as: w.contactA,
      body: p1Report(w.a.system, { subject: `Falla${INJECTION}` }),
    }),
    expect: refused("subject"),
    check: noInjectedHeader(),
  },
  {
    family: "mail-header",
    area: "cases",
    input: "a bare LF + header in a case staff log for a caller",
    send: (w) => ({
      method: "POST",
      url: "/api/v1/cases",
      as: w.specialist,
      body: p1Report(w.a.system, { subject: `Llamada${LF_ONLY}`, requesterId: w.a.contact }),
    }),
    expect: refused("subject"),
    check: noInjectedHeader(),
  },
  {
    family: "mail-header",
    area: "cases",
    input:
      "CR LF + Bcc in a case subject stored before the one-line rule (a service call), answered by staff",
    send: async (w) => {
      const opened = await w.ctx.app.services.cases.openCase(
        SYSTEM_ACTOR,
        {
          ...p1Report(w.a.system, { subject: `Correo entrante${INJECTION}` }),
          requesterId: w.a.contact,
        } as never,
        "email",
      );
      if (opened.outcome !== "opened") throw new Error("not opened");
      return {
        method: "POST",
        url: `/api/v1/cases/${opened.case.id}/replies`,
        as: w.specialist,
        body: { body: "Revisamos su caso." },
      };
    },
    expect: { status: 201 },
    check: noInjectedHeader("Correo entrante"),
  },
  {
    family: "mail-header",
    area: "cases",
    input: "CR LF + header lines in a portal reply's body (the body is not a header)",
    send: (w) => ({
      method: "POST",
      url: `/api/v1/cases/${w.a.case}/replies`,
      as: w.contactA,
      body: { body: `Gracias.${INJECTION}\r\n\r\n<b>hola</b>` },
    }),
    expect: { status: 201 },
    check: noInjectedHeader(),
  },
  {
    family: "mail-header",
    area: "organizations",
    input: "CR LF + Bcc in a new organization's name",
    send: (w) => ({
      method: "POST",
      url: "/api/v1/organizations",
      as: w.admin,
      body: { name: `Municipio${INJECTION}`, timeZone: "UTC" },
    }),
    expect: refused("name"),
  },
  {
    family: "mail-header",
    area: "organizations",
    input: "a bare LF + header in an organization's new name",
    send: (w) => ({
      method: "PATCH",
      url: `/api/v1/organizations/${w.a.org}`,
      as: w.admin,
      body: { name: `Municipio A${LF_ONLY}` },
    }),
    expect: refused("name"),
  },
  {
    family: "mail-header",
    area: "services",
    input: "CR LF + Bcc in an organization's stored name, reaching an hour bank's low-balance mail",
    send: async (w) => {
      const customer = await customerNamed(w, `Municipio horas${INJECTION}`);
      const s = w.ctx.app.services;
      await s.hourBanks.sellPackage(SYSTEM_ACTOR, {
        organizationId: customer.organizationId,
        hours: 80,
        purchasedOn: "2026-02-02",
        purchaseOrder: "OC-H",
        priceCents: 1,
        currency: "MXN",
      });
      const entry = {
        organizationId: customer.organizationId,
        hours: 24,
        kind: "migration" as const,
        consultantId: w.specialist.userId,
        description: "",
      };
      await s.hourBanks.logEntry(SYSTEM_ACTOR, { ...entry, workedOn: "2026-11-18" });
      await s.hourBanks.logEntry(SYSTEM_ACTOR, { ...entry, workedOn: "2026-11-19" });
      await w.renderOutbox();
      // 48 of 80 hours used; 20 more leave 12, under the 20 % share: the alert is mailed
      return {
        method: "POST",
        url: "/api/v1/hour-banks/entries",
        as: w.admin,
        body: { ...entry, workedOn: "2026-11-20", hours: 20 },
      };
    },
    expect: { status: 201 },
    check: noInjectedHeader("Municipio horas"),
  },
  {
    family: "mail-header",
    area: "organizations",
    input: "CR LF + Bcc in a new contact's name",
    send: (w) => ({
      method: "POST",
      url: `/api/v1/organizations/${w.a.org}/contacts`,
      as: w.admin,
      body: { name: `Ana${INJECTION}`, email: `ana.crlf.${Date.now()}@test.example` },
    }),
    expect: refused("name"),
  },
  {
    family: "mail-header",
    area: "organizations",
    input: "a bare LF + header in a contact's new name",
    send: (w) => ({
      method: "PATCH",
      url: `/api/v1/contacts/${w.a.contact}`,
      as: w.admin,
      body: { name: `Ana${LF_ONLY}` },
    }),
    expect: refused("name"),
  },
  {
    family: "mail-header",
    area: "organizations",
    input: "CR LF + Bcc in a contact's email address",
    send: (w) => ({
      method: "PATCH",
      url: `/api/v1/contacts/${w.a.contact}`,
      as: w.admin,
      body: { email: `ana@x.mx${INJECTION}` },
    }),
    expect: { status: 400, code: "validation_failed", fields: ["email"] },
  },
  {
    family: "mail-header",
    area: "admin",
    input: "CR LF + Bcc in a staff user's name",
    send: (w) => ({
      method: "PATCH",
      url: `/api/v1/users/${w.specialist.userId}`,
      as: w.admin,
      body: { name: `Especialista${INJECTION}` },
    }),
    expect: refused("name"),
  },
  {
    family: "mail-header",
    area: "catalog",
    input: "CR LF + Bcc in a product's name (it heads alert mail)",
    send: (w) => ({
      method: "POST",
      url: "/api/v1/products",
      as: w.admin,
      body: { name: `SIGAP${INJECTION}` },
    }),
    expect: refused("name"),
  },
  {
    family: "mail-header",
    area: "support-center",
    input: "CR LF + Bcc in an alert's title",
    send: (w) => ({
      method: "POST",
      url: "/api/v1/support-center/articles",
      as: w.admin,
      body: { kind: "alert", title: `Alerta${INJECTION}`, productId: w.a.product, severity: "high" },
    }),
    expect: refused("title"),
  },
  {
    family: "mail-header",
    area: "support-center",
    input: "CR LF + Bcc in a portal feature request's title",
    send: (w) => ({
      method: "POST",
      url: "/api/v1/support-center/feature-requests",
      as: w.contactA,
      body: { productId: w.a.product, title: `Firma${INJECTION}` },
    }),
    expect: refused("title"),
  },
  {
    family: "mail-header",
    area: "support-center",
    input: "CR LF + Bcc in a feature request's stored title, its status change mailed to followers",
    send: async (w) => {
      const asked = await w.ctx.app.services.featureRequests.createRequest(
        {
          ...SYSTEM_ACTOR,
          userId: w.contactA.userId,
          role: "customer_contact",
          organizationId: w.a.org,
          via: "session",
        },
        { productId: w.a.product, title: `Petición guardada${INJECTION}`, description: "" },
      );
      return {
        method: "POST",
        url: `/api/v1/support-center/feature-requests/${asked.id}/status`,
        as: w.admin,
        body: { status: "under_review", version: asked.version },
      };
    },
    expect: { status: 200 },
    check: noInjectedHeader("Petición guardada"),
  },
  {
    family: "mail-header",
    area: "webhooks",
    input: "CR LF + Bcc in a webhook's description (several lines allowed; never a header)",
    send: (w) => ({
      method: "POST",
      url: "/api/v1/webhooks",
      as: w.admin,
      body: {
        url: "https://hooks.example.com/crlf",
        events: ["case.created"],
        description: `ERP${INJECTION}`,
      },
    }),
    expect: { status: [201, 400] },
    check: (res) => (res.statusCode === 201 && !jsonOf(res)?.id ? "no webhook" : null),
  },
];
