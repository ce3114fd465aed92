import { CHECKLIST_ITEMS } from "../../src/api/cases";
import type { Services } from "../../src/server/services";

type App = { services: Services };

import { SYSTEM_ACTOR } from "../../src/server/platform/actor";
import { type setupTestApp, uniq } from "./test-app";

export const CHECKLIST = Object.fromEntries(CHECKLIST_ITEMS.map((item) => [item, true]));

/** An organization with one production system (of a new product, unless given) under a contract of the plan. */
export const newCustomer = async (
  app: App,
  options: { planId?: string; accountExecutiveId?: string; startDate?: string; productId?: string } = {},
) => {
  const organization = await app.services.organizations.createOrganization(SYSTEM_ACTOR, {
    name: uniq("Municipio"),
    emailDomains: [],
    timeZone: "America/Mexico_City",
    ...(options.accountExecutiveId ? { accountExecutiveId: options.accountExecutiveId } : {}),
  });
  const productId =
    options.productId ??
    (
      await app.services.catalog.createProduct(SYSTEM_ACTOR, {
        name: uniq("SIGAP"),
        description: "",
        modules: [],
      })
    ).id;
  const system = await app.services.catalog.createSystem(SYSTEM_ACTOR, {
    organizationId: organization.id,
    productId,
    name: uniq("SIGAP producción"),
    moduleIds: [],
    installedVersion: "5.1.0",
    environment: "production",
  });
  const contract = await app.services.contracts.createContract(SYSTEM_ACTOR, {
    systemId: system.id,
    planId: options.planId ?? "estandar",
    startDate: options.startDate ?? "2026-01-02",
    salePriceCents: 0,
    notes: "",
  });
  return { organizationId: organization.id, systemId: system.id, contractId: contract.id, contract };
};

/** A trained contact authorized on the contract; returns the person's id and email. */
export const newAuthorizedContact = async (
  app: App,
  customer: { organizationId: string; contractId: string },
  options: { password: string; language?: "es-MX" | "en"; name?: string },
) => {
  const email = `${uniq("contacto").replace(" ", ".")}@test.example`;
  const contact = await app.services.organizations.createContact(SYSTEM_ACTOR, customer.organizationId, {
    name: options.name ?? uniq("Contacto"),
    email,
    preferredLanguage: options.language ?? "es-MX",
    password: options.password,
  });
  await app.services.authorizedContacts.addTraining(SYSTEM_ACTOR, contact.id, {
    course: "Administración de SIGAP",
    completedOn: "2026-01-15",
  });
  await app.services.authorizedContacts.authorizeContact(SYSTEM_ACTOR, customer.contractId, contact.id);
  return { id: contact.id, email };
};

/** A production-down report: the system suggests P1. */
export const p1Report = (systemId: string, overrides: Record<string, unknown> = {}) => ({
  systemId,
  subject: "No se puede acceder a SIGAP",
  description: "Error fatal al iniciar sesión para todos los usuarios.",
  affectedPercent: 100,
  canKeepWorking: false,
  checklist: CHECKLIST,
  ...overrides,
});

/** A new customer whose signed-in contact opened one P1 case per subject through the API. */
export const newContactWithCases = async (
  harness: Pick<ReturnType<typeof setupTestApp>, "ctx" | "request" | "login" | "PASSWORD">,
  subjects: string[],
) => {
  const { ctx, request, login, PASSWORD } = harness;
  const customer = await newCustomer(ctx.app);
  const person = await newAuthorizedContact(ctx.app, customer, { password: PASSWORD });
  const contact = await login(person.email, PASSWORD);
  const caseIds: string[] = [];
  for (const subject of subjects) {
    const opened = await request("POST", "/api/v1/cases", {
      session: contact,
      body: p1Report(customer.systemId, { subject }),
    });
    if (opened.statusCode !== 201) throw new Error(`open case: ${opened.statusCode} ${opened.body}`);
    caseIds.push(opened.json().id);
  }
  return { customer, contact, caseIds };
};
