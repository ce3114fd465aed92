import type { LightMyRequestResponse } from "fastify";
import { sql } from "kysely";
import { beforeAll, describe, expect, it } from "vitest";
import { AUDIT_ENTITIES } from "../../src/api/audit";
import type { StaffRole } from "../../src/api/roles";
import { SYSTEM_ACTOR } from "../../src/server/platform/actor";
import { AUDIT_ACTION_KEYS } from "../../src/web/features/audit/audit-words";
import { newAuthorizedContact, newCustomer, p1Report } from "../harness/case-fixtures";
import { type Session, setupTestApp, uniq } from "../harness/test-app";

/**
 * Every write route of the OpenAPI document leaves an audit entry. Each POST, PUT, PATCH and DELETE has a
 * recipe here: it sets up what the call needs (through the services, or over HTTP), then calls the route
 * successfully as a role allowed to. The call must write at least one `audit_log` row naming the action,
 * by the caller. A write route added without a recipe fails the first test.
 */
const { ctx, request, signIn, login, PASSWORD } = setupTestApp();
const s = () => ctx.app.services;

type Method = "POST" | "PUT" | "PATCH" | "DELETE";
type Caller = Session & { email?: string };
type Recipe = {
  /** The action the call's entry names; null: the route changes nothing, and writes nothing (see why). */
  action: string | null;
  /** Why a route writes no entry. */
  why?: string;
  /** Sets up what the call needs, and returns the call and who makes it. */
  prepare: () => Promise<{ as: Caller; send: (as: Caller) => Promise<LightMyRequestResponse> }>;
};

const PNG = Buffer.from(
  "89504e470d0a1a0a0000000d4948445200000001000000010806000000" +
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082",
  "hex",
);
const upload = (url: string, session: Session, file: { name: string; type: string; content: Buffer }) => {
  const boundary = "----soporte-audit";
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

const staff = {} as Record<StaffRole, Caller>;
let productId: string;
/** An Extendido customer (out-of-hours days) with an authorized contact, signed in. */
let main: {
  organizationId: string;
  systemId: string;
  contractId: string;
  contactId: string;
  contact: Caller;
};
let ipCounter = 0;
const nextIp = () => `10.77.${Math.floor(++ipCounter / 200)}.${ipCounter % 200}`;

const WORKDAY = [["09:00", "18:00"]];
const officeFile = (name: string) => ({
  name,
  timeZone: "America/Mexico_City",
  week: { mon: WORKDAY, tue: WORKDAY, wed: WORKDAY, thu: WORKDAY, fri: WORKDAY },
  holidays: ["2026-12-24"],
  holidayRules: ["mx-lft"],
});

const ok = (res: LightMyRequestResponse, what: string) => {
  expect(res.statusCode, `${what}: ${res.body}`).toBeLessThan(300);
  return res;
};

const customerWithContact = async (planId = "estandar") => {
  const customer = await newCustomer(ctx.app, { planId, productId });
  const contact = await newAuthorizedContact(ctx.app, customer, { password: PASSWORD });
  return { ...customer, contactId: contact.id, email: contact.email };
};

const openCase = async () => {
  const opened = await s().cases.openCase(
    SYSTEM_ACTOR,
    { ...p1Report(main.systemId), requesterId: main.contactId } as never,
    "phone",
  );
  if (opened.outcome !== "opened") throw new Error("case not opened");
  return opened.case;
};

const newCalendar = async () => {
  const id = `cobertura-${++ipCounter}`;
  await s().calendars.createCalendar(SYSTEM_ACTOR, { id, ...officeFile(`Cobertura ${id}`) } as never);
  return id;
};

const newWebhook = (organizationId: string | null = null) =>
  s().webhooks.create(SYSTEM_ACTOR, {
    url: "https://hooks.example.com/erp",
    description: "",
    events: ["case.created"],
    organizationId,
  });

const newArticle = async () =>
  s().articles.createArticle(SYSTEM_ACTOR, {
    kind: "tip",
    title: uniq("Consejo"),
    body: "Reinicie el servicio.",
    workaround: "",
    productId,
  } as never);

const newRequest = async (session: Caller = main.contact) =>
  ok(
    await request("POST", "/api/v1/support-center/feature-requests", {
      session,
      body: { productId, title: uniq("Firma masiva") },
    }),
    "feature request",
  ).json() as { id: string; version: number };

const newVisit = async () => {
  const customer = await newCustomer(ctx.app, { productId });
  const service = await s().sts.createService(SYSTEM_ACTOR, {
    organizationId: customer.organizationId,
    engineerId: staff.technical_staff.userId,
    startDate: "2026-12-01",
    purchaseOrder: "OC-STS",
    priceCents: 0,
    notes: "",
  });
  return service.visits[0]!.id;
};

/** A requested out-of-hours window of a fresh Extendido customer (each contract year has two days). */
const newWindow = async () => {
  const customer = await newCustomer(ctx.app, { planId: "extendido", productId });
  const booked = await request("POST", "/api/v1/out-of-hours/windows", {
    session: staff.manager,
    body: {
      organizationId: customer.organizationId,
      startsAt: "2026-12-12T08:00",
      endsAt: "2026-12-12T20:00",
      maintenance: "Actualización de SIGAP",
    },
  });
  return ok(booked, "book a window").json().id as string;
};

const inboundUnderReview = async () =>
  (
    await ctx.db.db
      .insertInto("inbound_mail")
      .values({
        dedupe_key: uniq("revisión"),
        source: "smtp",
        raw: Buffer.from("From: alguien@example.com\r\nSubject: Hola\r\n\r\nTexto\r\n"),
        size_bytes: 52,
        received_at: new Date(),
        last_delivered_at: new Date(),
        status: "review",
        outcome: "unknown_sender",
      })
      .returning("id")
      .executeTakeFirstOrThrow()
  ).id;

/** The staff member's own session, so signing out or changing a password does not end the shared one. */
const ownSession = async (role: StaffRole = "specialist") => signIn(role);

const call =
  (method: Method, url: string, body?: unknown) =>
  (as: Caller): Promise<LightMyRequestResponse> =>
    request(method, url, { session: as, ...(body === undefined ? {} : { body }) });

const RECIPES: Record<string, Recipe> = {
  /* ---------- auth ---------- */
  "POST /api/v1/auth/login": {
    action: "auth.signed_in",
    prepare: async () => {
      const user = await ownSession();
      return {
        as: user,
        send: () =>
          request("POST", "/api/v1/auth/login", {
            body: { email: user.email, password: PASSWORD },
            ip: nextIp(),
          }),
      };
    },
  },
  "POST /api/v1/auth/logout": {
    action: "auth.signed_out",
    prepare: async () => ({ as: await ownSession(), send: call("POST", "/api/v1/auth/logout") }),
  },
  "POST /api/v1/auth/password": {
    action: "auth.password_changed",
    prepare: async () => ({
      as: await ownSession(),
      send: call("POST", "/api/v1/auth/password", {
        currentPassword: PASSWORD,
        newPassword: "otra frase larga y secreta",
      }),
    }),
  },
  "POST /api/v1/auth/tokens": {
    action: "auth.token_created",
    prepare: async () => ({
      as: staff.admin,
      send: call("POST", "/api/v1/auth/tokens", { name: "Reportes" }),
    }),
  },
  "DELETE /api/v1/auth/tokens/{id}": {
    action: "auth.token_revoked",
    prepare: async () => {
      const token = ok(
        await request("POST", "/api/v1/auth/tokens", { session: staff.admin, body: { name: "Temporal" } }),
        "token",
      ).json();
      return { as: staff.admin, send: call("DELETE", `/api/v1/auth/tokens/${token.id}`) };
    },
  },

  /* ---------- organizations, contacts, users ---------- */
  "POST /api/v1/organizations": {
    action: "organization.created",
    prepare: async () => ({
      as: staff.account_executive,
      send: call("POST", "/api/v1/organizations", { name: uniq("Municipio") }),
    }),
  },
  "PATCH /api/v1/organizations/{id}": {
    action: "organization.updated",
    prepare: async () => ({
      as: staff.account_executive,
      send: call("PATCH", `/api/v1/organizations/${main.organizationId}`, {
        emailDomains: ["municipio.gob.mx"],
      }),
    }),
  },
  "POST /api/v1/organizations/{id}/contacts": {
    action: "contact.created",
    prepare: async () => ({
      as: staff.manager,
      send: call("POST", `/api/v1/organizations/${main.organizationId}/contacts`, {
        name: "Lucía Pérez",
        email: `${uniq("lucia").replace(" ", ".")}@municipio.gob.mx`,
      }),
    }),
  },
  "PATCH /api/v1/contacts/{id}": {
    action: "contact.updated",
    prepare: async () => ({
      as: staff.manager,
      send: call("PATCH", `/api/v1/contacts/${main.contactId}`, { phone: "+52 55 3683 0774" }),
    }),
  },
  "DELETE /api/v1/contacts/{id}/mail-undeliverable": {
    action: "contact.mail_delivery_cleared",
    prepare: async () => {
      const contact = await customerWithContact();
      await ctx.db.db
        .insertInto("undeliverable_addresses")
        .values({ address: contact.email.toLowerCase(), status: "5.1.1", since: new Date() })
        .execute();
      return {
        as: staff.specialist,
        send: call("DELETE", `/api/v1/contacts/${contact.contactId}/mail-undeliverable`),
      };
    },
  },
  "POST /api/v1/users": {
    action: "user.created",
    prepare: async () => ({
      as: staff.admin,
      send: call("POST", "/api/v1/users", {
        email: `${uniq("nuevo").replace(" ", ".")}@soporte.example`,
        name: "Nueva especialista",
        role: "specialist",
        password: PASSWORD,
      }),
    }),
  },
  "PATCH /api/v1/users/{id}": {
    action: "user.updated",
    prepare: async () => ({
      as: staff.admin,
      send: call("PATCH", `/api/v1/users/${staff.specialist.userId}`, { phone: "+52 55 1234 5678" }),
    }),
  },

  /* ---------- calendars ---------- */
  "POST /api/v1/calendars": {
    action: "calendar.created",
    prepare: async () => ({
      as: staff.admin,
      send: call("POST", "/api/v1/calendars", { id: `nuevo-${++ipCounter}`, ...officeFile("Nuevo") }),
    }),
  },
  "PUT /api/v1/calendars/{id}": {
    action: "calendar.updated",
    prepare: async () => {
      const id = await newCalendar();
      return {
        as: staff.admin,
        send: call("PUT", `/api/v1/calendars/${id}`, { ...officeFile("Otro nombre"), version: 1 }),
      };
    },
  },
  "DELETE /api/v1/calendars/{id}": {
    action: "calendar.deleted",
    prepare: async () => ({
      as: staff.admin,
      send: call("DELETE", `/api/v1/calendars/${await newCalendar()}`),
    }),
  },
  "PUT /api/v1/calendars/{id}/holidays/{date}": {
    action: "calendar.updated",
    prepare: async () => ({
      as: staff.admin,
      send: call("PUT", `/api/v1/calendars/${await newCalendar()}/holidays/2026-12-31`),
    }),
  },
  "DELETE /api/v1/calendars/{id}/holidays/{date}": {
    action: "calendar.updated",
    prepare: async () => ({
      as: staff.admin,
      send: call("DELETE", `/api/v1/calendars/${await newCalendar()}/holidays/2026-12-24`),
    }),
  },

  /* ---------- catalog ---------- */
  "POST /api/v1/products": {
    action: "product.created",
    prepare: async () => ({
      as: staff.admin,
      send: call("POST", "/api/v1/products", { name: uniq("ECM Loader"), modules: ["Carga"] }),
    }),
  },
  "PATCH /api/v1/products/{id}": {
    action: "product.updated",
    prepare: async () => ({
      as: staff.admin,
      send: call("PATCH", `/api/v1/products/${productId}`, { description: "Gestión documental" }),
    }),
  },
  "POST /api/v1/products/{id}/modules": {
    action: "product.module_added",
    prepare: async () => ({
      as: staff.admin,
      send: call("POST", `/api/v1/products/${productId}/modules`, { name: uniq("e-firma") }),
    }),
  },
  "PATCH /api/v1/products/{id}/modules/{moduleId}": {
    action: "product.module_renamed",
    prepare: async () => {
      const product = await s().catalog.createProduct(SYSTEM_ACTOR, {
        name: uniq("SIGAP"),
        description: "",
        modules: ["e-oficio"],
      });
      return {
        as: staff.admin,
        send: call("PATCH", `/api/v1/products/${product.id}/modules/${product.modules[0]!.id}`, {
          name: "e-oficio 2",
        }),
      };
    },
  },
  "POST /api/v1/products/{id}/releases": {
    action: "release.created",
    prepare: async () => ({
      as: staff.admin,
      send: call("POST", `/api/v1/products/${productId}/releases`, {
        version: `5.${++ipCounter}.0`,
        releaseDate: "2026-10-01",
      }),
    }),
  },
  "POST /api/v1/products/{id}/end-of-support": {
    action: "release_line.end_of_support_announced",
    prepare: async () => {
      const product = await s().catalog.createProduct(SYSTEM_ACTOR, {
        name: uniq("ECM"),
        description: "",
        modules: [],
      });
      for (const [version, releaseDate] of [
        ["1.0.0", "2022-01-10"],
        ["2.0.0", "2024-01-10"],
        ["3.0.0", "2026-01-10"],
      ] as const) {
        await s().catalog.createRelease(SYSTEM_ACTOR, product.id, { version, releaseDate, notes: "" });
      }
      return {
        as: staff.admin,
        send: call("POST", `/api/v1/products/${product.id}/end-of-support`, {
          major: 1,
          endOfSupportOn: "2027-12-31",
        }),
      };
    },
  },
  "PATCH /api/v1/releases/{id}": {
    action: "release.updated",
    prepare: async () => {
      const release = await s().catalog.createRelease(SYSTEM_ACTOR, productId, {
        version: `6.${++ipCounter}.0`,
        releaseDate: "2026-09-01",
        notes: "",
      });
      return {
        as: staff.admin,
        send: call("PATCH", `/api/v1/releases/${release.id}`, { notes: "Corrige firmas" }),
      };
    },
  },
  "POST /api/v1/systems": {
    action: "system.created",
    prepare: async () => ({
      as: staff.account_executive,
      send: call("POST", "/api/v1/systems", {
        organizationId: main.organizationId,
        productId,
        name: uniq("SIGAP pruebas"),
        installedVersion: "5.1.0",
        environment: "test",
      }),
    }),
  },
  "PATCH /api/v1/systems/{id}": {
    action: "system.updated",
    prepare: async () => ({
      as: staff.account_executive,
      send: call("PATCH", `/api/v1/systems/${main.systemId}`, { installedVersion: "5.1.0" }),
    }),
  },
  "POST /api/v1/releases/{id}/files": {
    action: "release.file_added",
    prepare: async () => {
      const release = await s().catalog.createRelease(SYSTEM_ACTOR, productId, {
        version: `7.${++ipCounter}.0`,
        releaseDate: "2026-09-01",
        notes: "",
      });
      return {
        as: staff.admin,
        send: (as) =>
          upload(`/api/v1/releases/${release.id}/files`, as, {
            name: "instalador.zip",
            type: "application/zip",
            content: Buffer.from("PK instalador"),
          }),
      };
    },
  },
  "DELETE /api/v1/releases/{id}/files/{fileId}": {
    action: "release.file_removed",
    prepare: async () => {
      const release = await s().catalog.createRelease(SYSTEM_ACTOR, productId, {
        version: `8.${++ipCounter}.0`,
        releaseDate: "2026-09-01",
        notes: "",
      });
      const file = await s().catalog.addFile(SYSTEM_ACTOR, release.id, {
        filename: "instalador.zip",
        contentType: "application/zip",
        chunks: (async function* () {
          yield Buffer.from("PK instalador");
        })(),
      });
      return { as: staff.admin, send: call("DELETE", `/api/v1/releases/${release.id}/files/${file.id}`) };
    },
  },

  /* ---------- plans and contracts ---------- */
  "PATCH /api/v1/plans/{id}": {
    action: "plan.updated",
    prepare: async () => ({
      as: staff.admin,
      send: call("PATCH", "/api/v1/plans/estandar", { maxAuthorizedContacts: 2 }),
    }),
  },
  "PATCH /api/v1/settings/contracts": {
    action: "settings.contracts_updated",
    prepare: async () => ({
      as: staff.admin,
      send: call("PATCH", "/api/v1/settings/contracts", { penaltyRateBps: 1000 }),
    }),
  },
  "POST /api/v1/contracts": {
    action: "contract.created",
    prepare: async () => {
      const system = await s().catalog.createSystem(SYSTEM_ACTOR, {
        organizationId: main.organizationId,
        productId,
        name: uniq("SIGAP desarrollo"),
        moduleIds: [],
        installedVersion: "5.1.0",
        environment: "development",
      });
      return {
        as: staff.account_executive,
        send: call("POST", "/api/v1/contracts", {
          systemId: system.id,
          planId: "estandar",
          startDate: "2026-06-01",
          salePriceCents: 100_000_00,
        }),
      };
    },
  },
  "PATCH /api/v1/contracts/{id}": {
    action: "contract.updated",
    prepare: async () => ({
      as: staff.account_executive,
      send: call("PATCH", `/api/v1/contracts/${main.contractId}`, { notes: "Renovación en trámite" }),
    }),
  },
  "POST /api/v1/contracts/{id}/renew": {
    action: "contract.renewed",
    prepare: async () => {
      const customer = await newCustomer(ctx.app, { productId });
      return {
        as: staff.account_executive,
        send: call("POST", `/api/v1/contracts/${customer.contractId}/renew`, { purchaseOrder: "OC-REN" }),
      };
    },
  },
  "POST /api/v1/contracts/{id}/authorized-contacts": {
    action: "contract.contact_authorized",
    prepare: async () => {
      const customer = await newCustomer(ctx.app, { productId });
      const contact = await s().organizations.createContact(SYSTEM_ACTOR, customer.organizationId, {
        name: "Mario Ruiz",
        email: `${uniq("mario").replace(" ", ".")}@test.example`,
        preferredLanguage: "es-MX",
      });
      await s().authorizedContacts.addTraining(SYSTEM_ACTOR, contact.id, {
        course: "Administración de SIGAP",
        completedOn: "2026-01-15",
      });
      return {
        as: staff.account_executive,
        send: call("POST", `/api/v1/contracts/${customer.contractId}/authorized-contacts`, {
          contactId: contact.id,
        }),
      };
    },
  },
  "DELETE /api/v1/contracts/{id}/authorized-contacts/{contactId}": {
    action: "contract.contact_removed",
    prepare: async () => {
      const customer = await customerWithContact();
      return {
        as: staff.account_executive,
        send: call(
          "DELETE",
          `/api/v1/contracts/${customer.contractId}/authorized-contacts/${customer.contactId}`,
        ),
      };
    },
  },
  "POST /api/v1/systems/{id}/reinstatement": {
    action: "contract.reinstated",
    prepare: async () => {
      const customer = await newCustomer(ctx.app, { productId, startDate: "2023-07-01" });
      const quote = ok(
        await request("GET", `/api/v1/systems/${customer.systemId}/reinstatement-quote`, {
          session: staff.account_executive,
        }),
        "quote",
      ).json();
      return {
        as: staff.account_executive,
        send: call("POST", `/api/v1/systems/${customer.systemId}/reinstatement`, {
          quoteDate: quote.quoteDate,
          expectedTotalCents: quote.totalCents,
          purchaseOrder: "OC-REI",
        }),
      };
    },
  },
  "POST /api/v1/contacts/{id}/training": {
    action: "contact.training_added",
    prepare: async () => ({
      as: staff.manager,
      send: call("POST", `/api/v1/contacts/${main.contactId}/training`, {
        course: "Firma electrónica avanzada",
        completedOn: "2026-03-02",
      }),
    }),
  },
  "DELETE /api/v1/contacts/{id}/training/{recordId}": {
    action: "contact.training_removed",
    prepare: async () => {
      const record = await s().authorizedContacts.addTraining(SYSTEM_ACTOR, main.contactId, {
        course: "Curso repetido",
        completedOn: "2026-02-02",
      });
      return {
        as: staff.manager,
        send: call("DELETE", `/api/v1/contacts/${main.contactId}/training/${record.id}`),
      };
    },
  },
  "POST /api/v1/held-requests/{id}/release": {
    action: "held_request.released",
    prepare: async () => {
      const customer = await customerWithContact();
      const held = await ctx.db.db.transaction().execute((tx) =>
        s().heldRequests.recordHeldRequest(tx, {
          organizationId: customer.organizationId,
          systemId: customer.systemId,
          requesterId: customer.contactId,
          channel: "phone",
          subject: "Sin póliza cuando llamó",
          details: {},
        }),
      );
      return {
        as: staff.specialist,
        send: call("POST", `/api/v1/held-requests/${held}/release`, { purchaseOrder: "OC-2026-555" }),
      };
    },
  },

  /* ---------- cases ---------- */
  "POST /api/v1/cases": {
    action: "case.opened",
    prepare: async () => ({ as: main.contact, send: call("POST", "/api/v1/cases", p1Report(main.systemId)) }),
  },
  "PATCH /api/v1/settings/cases": {
    action: "settings.cases_updated",
    prepare: async () => ({
      as: staff.admin,
      send: call("PATCH", "/api/v1/settings/cases", { reopenWindowDays: 15 }),
    }),
  },
  "POST /api/v1/intake-attempts": {
    action: "case.intake_checked",
    prepare: async () => ({
      as: staff.specialist,
      send: call("POST", "/api/v1/intake-attempts", { contactId: main.contactId, systemId: main.systemId }),
    }),
  },
  "POST /api/v1/cases/{id}/replies": {
    action: "case.replied",
    prepare: async () => {
      const opened = await openCase();
      return {
        as: staff.specialist,
        send: call("POST", `/api/v1/cases/${opened.id}/replies`, { body: "Estamos revisando." }),
      };
    },
  },
  "POST /api/v1/cases/{id}/notes": {
    action: "case.note_added",
    prepare: async () => {
      const opened = await openCase();
      return {
        as: staff.specialist,
        send: call("POST", `/api/v1/cases/${opened.id}/notes`, { body: "Revisar el balanceador." }),
      };
    },
  },
  "POST /api/v1/cases/{id}/triage": {
    action: "case.triaged",
    prepare: async () => {
      const opened = await openCase();
      return {
        as: staff.specialist,
        send: call("POST", `/api/v1/cases/${opened.id}/triage`, {
          priority: opened.priority,
          version: opened.version,
        }),
      };
    },
  },
  "POST /api/v1/cases/{id}/status": {
    action: "case.status_changed",
    prepare: async () => {
      const opened = await openCase();
      const triaged = await s().cases.triage(SYSTEM_ACTOR, opened.id, {
        priority: opened.priority,
        version: opened.version,
      });
      return {
        as: staff.specialist,
        send: call("POST", `/api/v1/cases/${opened.id}/status`, {
          status: "waiting_on_customer",
          version: triaged.version,
        }),
      };
    },
  },
  "POST /api/v1/cases/{id}/assignee": {
    action: "case.assigned",
    prepare: async () => {
      const opened = await openCase();
      return {
        as: staff.manager,
        send: call("POST", `/api/v1/cases/${opened.id}/assignee`, {
          assigneeId: staff.specialist.userId,
          version: opened.version,
        }),
      };
    },
  },
  "POST /api/v1/cases/{id}/attachments": {
    action: "case.attachment_added",
    prepare: async () => {
      const opened = await openCase();
      return {
        as: main.contact,
        send: (as) =>
          upload(`/api/v1/cases/${opened.id}/attachments`, as, {
            name: "bitacora.png",
            type: "image/png",
            content: PNG,
          }),
      };
    },
  },

  /* ---------- escalation and notifications ---------- */
  "PUT /api/v1/settings/escalation": {
    action: "settings.escalation_updated",
    prepare: async () => {
      const current = ok(
        await request("GET", "/api/v1/settings/escalation", { session: staff.admin }),
        "escalation",
      ).json();
      return {
        as: staff.admin,
        send: call("PUT", "/api/v1/settings/escalation", {
          default: current.default,
          byPlan: current.byPlan,
        }),
      };
    },
  },
  "POST /api/v1/notifications/read": {
    action: "notification.read",
    prepare: async () => {
      const specialist = await ownSession();
      const opened = await openCase();
      // an assignment puts it in the assignee's bell
      await s().cases.assign(SYSTEM_ACTOR, opened.id, {
        assigneeId: specialist.userId,
        version: opened.version,
      });
      return { as: specialist, send: call("POST", "/api/v1/notifications/read", { all: true }) };
    },
  },
  "PUT /api/v1/notification-preferences": {
    action: "notification_preferences.updated",
    prepare: async () => ({
      as: staff.specialist,
      send: call("PUT", "/api/v1/notification-preferences", { warningDelivery: "digest" }),
    }),
  },
  "POST /api/v1/outbox/{id}/retry": {
    action: "outbox.retried",
    prepare: async () => {
      // the case's acknowledgement to the requester, refused by the mail server
      const opened = await openCase();
      const message = await ctx.db.db
        .updateTable("outbox")
        .set({ status: "failed", last_error: "550 mailbox unavailable" })
        .where("case_id", "=", opened.id)
        .returning("id")
        .executeTakeFirstOrThrow();
      return { as: staff.admin, send: call("POST", `/api/v1/outbox/${message.id}/retry`) };
    },
  },

  /* ---------- incoming mail ---------- */
  "POST /api/v1/inbound-mail/{id}/retry": {
    action: "inbound_mail.retried",
    prepare: async () => ({
      as: staff.specialist,
      send: call("POST", `/api/v1/inbound-mail/${await inboundUnderReview()}/retry`),
    }),
  },
  "POST /api/v1/inbound-mail/{id}/dismiss": {
    action: "inbound_mail.dismissed",
    prepare: async () => ({
      as: staff.specialist,
      send: call("POST", `/api/v1/inbound-mail/${await inboundUnderReview()}/dismiss`),
    }),
  },
  "PUT /api/v1/settings/mail": {
    action: "settings.mail_updated",
    prepare: async () => {
      const view = ok(await request("GET", "/api/v1/settings/mail", { session: staff.admin }), "mail").json();
      return {
        as: staff.admin,
        send: call("PUT", "/api/v1/settings/mail", {
          ...view,
          supportAddresses: ["soporte@proveedor.example"],
          imap: null,
        }),
      };
    },
  },
  "POST /api/v1/settings/mail/imap-test": {
    action: "settings.mail_imap_tested",
    prepare: async () => ({ as: staff.admin, send: call("POST", "/api/v1/settings/mail/imap-test") }),
  },

  /* ---------- support center ---------- */
  "POST /api/v1/support-center/articles": {
    action: "article.created",
    prepare: async () => ({
      as: staff.specialist,
      send: call("POST", "/api/v1/support-center/articles", {
        kind: "tip",
        title: "Cómo reindexar",
        body: "Ejecute **reindex**.",
        productId,
      }),
    }),
  },
  "PATCH /api/v1/support-center/articles/{id}": {
    action: "article.updated",
    prepare: async () => {
      const article = await newArticle();
      return {
        as: staff.specialist,
        send: call("PATCH", `/api/v1/support-center/articles/${article.id}`, {
          title: "Otro título",
          version: article.version,
        }),
      };
    },
  },
  "POST /api/v1/support-center/articles/{id}/status": {
    action: "article.published",
    prepare: async () => {
      const article = await newArticle();
      return {
        as: staff.specialist,
        send: call("POST", `/api/v1/support-center/articles/${article.id}/status`, {
          status: "published",
          version: article.version,
        }),
      };
    },
  },
  "POST /api/v1/support-center/articles/{id}/read": {
    action: "article.read",
    prepare: async () => {
      const article = await newArticle();
      await s().articles.changeStatus(SYSTEM_ACTOR, article.id, {
        status: "published",
        version: article.version,
      });
      return { as: main.contact, send: call("POST", `/api/v1/support-center/articles/${article.id}/read`) };
    },
  },
  "POST /api/v1/support-center/preview": {
    action: null,
    why: "renders Markdown to HTML and answers it: nothing is stored, so there is no change to record",
    prepare: async () => ({
      as: staff.specialist,
      send: call("POST", "/api/v1/support-center/preview", { markdown: "**Hola**" }),
    }),
  },
  "POST /api/v1/support-center/articles/{id}/files": {
    action: "article.file_added",
    prepare: async () => {
      const article = await newArticle();
      return {
        as: staff.specialist,
        send: (as) =>
          upload(`/api/v1/support-center/articles/${article.id}/files`, as, {
            name: "pantalla.png",
            type: "image/png",
            content: PNG,
          }),
      };
    },
  },
  "DELETE /api/v1/support-center/articles/{id}/files/{fileId}": {
    action: "article.file_removed",
    prepare: async () => {
      const article = await newArticle();
      const file = await s().articles.addFile(SYSTEM_ACTOR, article.id, {
        filename: "pantalla.png",
        contentType: "image/png",
        content: PNG,
      });
      return {
        as: staff.specialist,
        send: call("DELETE", `/api/v1/support-center/articles/${article.id}/files/${file.id}`),
      };
    },
  },
  "PUT /api/v1/support-center/subscriptions": {
    action: "support_subscriptions.updated",
    prepare: async () => ({
      as: main.contact,
      send: call("PUT", "/api/v1/support-center/subscriptions", {
        items: [{ productId, kind: "alert", digest: false }],
      }),
    }),
  },
  "POST /api/v1/support-center/feature-requests": {
    action: "feature_request.submitted",
    prepare: async () => ({
      as: main.contact,
      send: call("POST", "/api/v1/support-center/feature-requests", {
        productId,
        title: "Tablero de oficios",
      }),
    }),
  },
  "POST /api/v1/support-center/feature-requests/{id}/status": {
    action: "feature_request.status_changed",
    prepare: async () => {
      const asked = await newRequest();
      return {
        as: staff.manager,
        send: call("POST", `/api/v1/support-center/feature-requests/${asked.id}/status`, {
          status: "under_review",
          version: asked.version,
        }),
      };
    },
  },
  "POST /api/v1/support-center/feature-requests/{id}/merge": {
    action: "feature_request.merged",
    prepare: async () => {
      const duplicate = await newRequest();
      const target = await newRequest();
      return {
        as: staff.manager,
        send: call("POST", `/api/v1/support-center/feature-requests/${duplicate.id}/merge`, {
          targetId: target.id,
        }),
      };
    },
  },
  "POST /api/v1/support-center/feature-requests/{id}/votes": {
    action: "feature_request.voted",
    prepare: async () => {
      const asked = await newRequest();
      return {
        as: main.contact,
        send: call("POST", `/api/v1/support-center/feature-requests/${asked.id}/votes`),
      };
    },
  },
  "DELETE /api/v1/support-center/feature-requests/{id}/votes/mine": {
    action: "feature_request.vote_withdrawn",
    prepare: async () => {
      const asked = await newRequest();
      ok(
        await request("POST", `/api/v1/support-center/feature-requests/${asked.id}/votes`, {
          session: main.contact,
        }),
        "vote",
      );
      return {
        as: main.contact,
        send: call("DELETE", `/api/v1/support-center/feature-requests/${asked.id}/votes/mine`),
      };
    },
  },
  "PUT /api/v1/support-center/feature-requests/{id}/follow": {
    action: "feature_request.followed",
    prepare: async () => {
      const asked = await newRequest();
      return {
        as: staff.manager,
        send: call("PUT", `/api/v1/support-center/feature-requests/${asked.id}/follow`),
      };
    },
  },
  "DELETE /api/v1/support-center/feature-requests/{id}/follow": {
    action: "feature_request.unfollowed",
    prepare: async () => {
      // who asks follows the answer
      const asked = await newRequest();
      return {
        as: main.contact,
        send: call("DELETE", `/api/v1/support-center/feature-requests/${asked.id}/follow`),
      };
    },
  },

  /* ---------- optional services ---------- */
  "POST /api/v1/hour-banks/packages": {
    action: "hour_bank.package_sold",
    prepare: async () => ({
      as: staff.account_executive,
      send: call("POST", "/api/v1/hour-banks/packages", {
        organizationId: main.organizationId,
        hours: 80,
        purchasedOn: "2026-11-27",
        purchaseOrder: "OC-HORAS",
        priceCents: 960_000_00,
      }),
    }),
  },
  "POST /api/v1/hour-banks/entries": {
    action: "hour_bank.entry_logged",
    prepare: async () => {
      const customer = await newCustomer(ctx.app, { productId });
      await s().hourBanks.sellPackage(SYSTEM_ACTOR, {
        organizationId: customer.organizationId,
        hours: 80,
        purchasedOn: "2026-11-02",
        purchaseOrder: "OC-HORAS",
        priceCents: 0,
        currency: "USD",
      });
      return {
        as: staff.specialist,
        send: call("POST", "/api/v1/hour-banks/entries", {
          organizationId: customer.organizationId,
          workedOn: "2026-11-26",
          hours: 1.5,
          kind: "tuning",
          description: "Afinación de índices",
        }),
      };
    },
  },
  "POST /api/v1/services/sts": {
    action: "sts_service.created",
    prepare: async () => {
      const customer = await newCustomer(ctx.app, { productId });
      return {
        as: staff.account_executive,
        send: call("POST", "/api/v1/services/sts", {
          organizationId: customer.organizationId,
          engineerId: staff.technical_staff.userId,
          startDate: "2026-12-01",
          purchaseOrder: "OC-STS",
          priceCents: 45_000_00,
        }),
      };
    },
  },
  "POST /api/v1/services/sts/visits/{id}/hold": {
    action: "sts_visit.held",
    prepare: async () => ({
      as: staff.technical_staff,
      send: call("POST", `/api/v1/services/sts/visits/${await newVisit()}/hold`, {
        heldOn: "2026-11-27",
        minutes: "Revisión de negocio sin pendientes",
      }),
    }),
  },
  "POST /api/v1/services/sts/visits/{id}/reschedule": {
    action: "sts_visit.rescheduled",
    prepare: async () => ({
      as: staff.technical_staff,
      send: call("POST", `/api/v1/services/sts/visits/${await newVisit()}/reschedule`, {
        date: "2027-03-02",
      }),
    }),
  },
  "POST /api/v1/out-of-hours/windows": {
    action: "out_of_hours.requested",
    prepare: async () => ({
      as: main.contact,
      send: call("POST", "/api/v1/out-of-hours/windows", {
        startsAt: "2026-12-19T08:00",
        endsAt: "2026-12-19T20:00",
        maintenance: "Migración de base de datos",
      }),
    }),
  },
  "POST /api/v1/out-of-hours/windows/{id}/confirm": {
    action: "out_of_hours.confirmed",
    prepare: async () => ({
      as: staff.manager,
      send: call("POST", `/api/v1/out-of-hours/windows/${await newWindow()}/confirm`),
    }),
  },
  "POST /api/v1/out-of-hours/windows/{id}/decline": {
    action: "out_of_hours.declined",
    prepare: async () => ({
      as: staff.manager,
      send: call("POST", `/api/v1/out-of-hours/windows/${await newWindow()}/decline`, {
        reason: "Sin personal",
      }),
    }),
  },
  "POST /api/v1/out-of-hours/windows/{id}/cancel": {
    action: "out_of_hours.cancelled",
    prepare: async () => ({
      as: staff.manager,
      send: call("POST", `/api/v1/out-of-hours/windows/${await newWindow()}/cancel`, {
        reason: "Se pospone",
      }),
    }),
  },
  /* ---------- webhooks ---------- */
  "POST /api/v1/webhooks": {
    action: "webhook.created",
    prepare: async () => ({
      as: staff.admin,
      send: call("POST", "/api/v1/webhooks", {
        url: "https://hooks.example.com/crm",
        events: ["case.created"],
      }),
    }),
  },
  "PATCH /api/v1/webhooks/{id}": {
    action: "webhook.updated",
    prepare: async () => {
      const hook = await newWebhook();
      return {
        as: staff.admin,
        send: call("PATCH", `/api/v1/webhooks/${hook.id}`, { version: hook.version, active: false }),
      };
    },
  },
  "DELETE /api/v1/webhooks/{id}": {
    action: "webhook.deleted",
    prepare: async () => ({
      as: staff.admin,
      send: call("DELETE", `/api/v1/webhooks/${(await newWebhook()).id}`),
    }),
  },
  "POST /api/v1/webhooks/{id}/secret": {
    action: "webhook.secret_rotated",
    prepare: async () => ({
      as: staff.admin,
      send: call("POST", `/api/v1/webhooks/${(await newWebhook()).id}/secret`, { overlapHours: 2 }),
    }),
  },
  "POST /api/v1/webhooks/{id}/deliveries/{deliveryId}/redeliver": {
    action: "webhook.redelivered",
    prepare: async () => {
      const hook = await newWebhook(main.organizationId);
      await openCase();
      const [delivery] = (await s().webhooks.deliveries(SYSTEM_ACTOR, hook.id, { limit: 1 })).items;
      await s().webhooks.update(SYSTEM_ACTOR, hook.id, { version: hook.version, active: false });
      return {
        as: staff.admin,
        send: call("POST", `/api/v1/webhooks/${hook.id}/deliveries/${delivery!.id}/redeliver`),
      };
    },
  },
  "PATCH /api/v1/settings/out-of-hours": {
    action: "settings.out_of_hours_updated",
    prepare: async () => ({
      as: staff.admin,
      send: call("PATCH", "/api/v1/settings/out-of-hours", { noticeBusinessDays: 5 }),
    }),
  },
};

let writeOperations: string[];

beforeAll(async () => {
  for (const role of ["admin", "manager", "specialist", "technical_staff", "account_executive"] as const) {
    staff[role] = await signIn(role);
  }
  productId = (
    await s().catalog.createProduct(SYSTEM_ACTOR, { name: uniq("SIGAP"), description: "", modules: [] })
  ).id;
  const customer = await customerWithContact("extendido");
  main = { ...customer, contact: await login(customer.email, PASSWORD, nextIp()) };
  const doc = (await request("GET", "/api/v1/openapi.json")).json() as {
    paths: Record<string, Record<string, unknown>>;
  };
  writeOperations = Object.entries(doc.paths).flatMap(([path, operations]) =>
    Object.keys(operations)
      .filter((method) => ["post", "put", "patch", "delete"].includes(method))
      .map((method) => `${method.toUpperCase()} ${path}`),
  );
});

const lastAuditId = async () =>
  Number(
    (await sql<{ id: number | null }>`SELECT max(id) AS id FROM audit_log`.execute(ctx.db.db)).rows[0]?.id ??
      0,
  );

describe("every write route audits", () => {
  it("has a recipe for exactly the write operations of the OpenAPI document", () => {
    expect(writeOperations.length).toBeGreaterThan(70);
    expect(Object.keys(RECIPES).sort()).toEqual([...writeOperations].sort());
    // the few that write no entry say why
    for (const [operation, recipe] of Object.entries(RECIPES)) {
      if (recipe.action === null) expect(recipe.why?.length ?? 0, operation).toBeGreaterThan(20);
    }
  });

  it.each(Object.keys(RECIPES))("%s", async (operation) => {
    const recipe = RECIPES[operation]!;
    const { as, send } = await recipe.prepare();
    const before = await lastAuditId();
    const res = await send(as);
    expect(res.statusCode, `${operation}: ${res.body}`).toBeGreaterThanOrEqual(200);
    expect(res.statusCode, `${operation}: ${res.body}`).toBeLessThan(300);
    const written = await ctx.db.db
      .selectFrom("audit_log")
      .select(["action", "entity", "actor_id", "via"])
      .where("id", ">", before)
      .orderBy("id")
      .execute();
    if (recipe.action === null) {
      expect(written, operation).toEqual([]);
      return;
    }
    expect(
      written.map((w) => w.action),
      operation,
    ).toContain(recipe.action);
    const entry = written.find((w) => w.action === recipe.action)!;
    expect(entry.actor_id, `${operation}: by the caller`).toBe(as.userId);
    expect(entry.via, operation).toBe("session");
    for (const w of written) {
      // the filters offer the entity, and the console words the action
      expect(AUDIT_ENTITIES, `${operation}: ${w.action}`).toContain(w.entity);
      expect(Object.keys(AUDIT_ACTION_KEYS), `${operation}: words for ${w.action}`).toContain(w.action);
    }
  });
});
