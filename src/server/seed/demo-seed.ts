import { randomBytes } from "node:crypto";
import { Temporal } from "temporal-polyfill";
import { CHECKLIST_ITEMS, type ChecklistItem } from "../../api/cases";
import type { Environment } from "../../api/catalog";
import type { StaffRole } from "../../api/roles";
import { addDays, localDateOf } from "../../domain/contracts/local-date";
import { SYSTEM_ACTOR } from "../platform/actor";
import { AppError } from "../platform/errors";
import type { Services } from "../services";
import { seedHourBanks } from "./demo-hour-banks";
import { seedOutOfHours } from "./demo-out-of-hours";
import { seedSts } from "./demo-sts";
import { seedSupportCenter } from "./demo-support-center";

const USD = 100;
const VENDOR_ZONE = "America/Mexico_City";

/** The vendor's default catalog (SPEC §2), with a few releases each. */
const PRODUCTS = [
  {
    name: "SIGAP",
    description: "Sistema Integral de Gestión Administrativa y de Automatización de Procesos",
    modules: ["e-oficio", "e-memorias", "e-firma", "Atención a solicitudes ciudadanas"],
    releases: [
      { version: "3.0.0", releaseDate: "2020-02-03", notes: "Módulo de atención a solicitudes ciudadanas." },
      { version: "3.2.0", releaseDate: "2021-08-02", notes: "e-firma con certificados de la FIEL." },
      { version: "3.2.1", releaseDate: "2022-01-10", notes: "Correcciones en la búsqueda de oficios." },
      { version: "4.0.0", releaseDate: "2023-02-13", notes: "Nueva bandeja de e-oficio y firma por lotes." },
      { version: "4.2.0", releaseDate: "2023-10-02", notes: "Reportes de atención ciudadana." },
      { version: "5.0.0", releaseDate: "2025-03-03", notes: "Nueva interfaz web y motor de flujos." },
      { version: "5.1.0", releaseDate: "2025-11-10", notes: "e-memorias: plantillas anuales." },
      { version: "5.1.2", releaseDate: "2026-06-22", notes: "Correcciones de seguridad en e-firma." },
    ],
  },
  {
    name: "ECM Framework",
    description: "Plataforma de gestión de contenidos empresariales",
    modules: ["Oficina Digital", "Firma Electrónica Avanzada y Sellos de tiempo", "ECM Loader"],
    releases: [
      { version: "1.4.0", releaseDate: "2020-05-04", notes: "Oficina Digital: bandejas por área." },
      { version: "2.0.0", releaseDate: "2022-08-01", notes: "Sellos de tiempo RFC 3161." },
      { version: "3.0.0", releaseDate: "2024-09-16", notes: "ECM Loader: carga masiva en paralelo." },
      { version: "3.1.0", releaseDate: "2025-07-07", notes: "Oficina Digital: expedientes compartidos." },
      { version: "3.1.1", releaseDate: "2026-02-09", notes: "Correcciones en la firma de PDF/A." },
    ],
  },
] as const;

const STAFF: { name: string; email: string; role: StaffRole }[] = [
  { name: "Laura Méndez Ortiz", email: "laura.mendez@soporte.example", role: "manager" },
  { name: "Jorge Ramírez Soto", email: "jorge.ramirez@soporte.example", role: "specialist" },
  { name: "Sofía Hernández Vega", email: "sofia.hernandez@soporte.example", role: "specialist" },
  { name: "Ricardo Torres Luna", email: "ricardo.torres@soporte.example", role: "technical_staff" },
  { name: "Daniela Ruiz Campos", email: "daniela.ruiz@soporte.example", role: "account_executive" },
];

/** Fictional customers: a municipality, a state agency and a university. */
const ORGANIZATIONS: {
  name: string;
  rfc: string;
  domain: string;
  contacts: { name: string; email: string; phone: string }[];
  systems: { name: string; product: string; modules: string[]; version: string; environment: Environment }[];
}[] = [
  {
    name: "Municipio de Villa Esperanza",
    rfc: "MVE850101AB1",
    domain: "villaesperanza.gob.mx",
    contacts: [
      { name: "Ana López Guerrero", email: "ana.lopez@villaesperanza.gob.mx", phone: "+52 55 1234 5678" },
      { name: "Carlos Pérez Núñez", email: "carlos.perez@villaesperanza.gob.mx", phone: "+52 55 1234 5679" },
    ],
    systems: [
      {
        name: "SIGAP producción",
        product: "SIGAP",
        modules: ["e-oficio", "e-firma"],
        version: "5.1.0",
        environment: "production",
      },
      {
        name: "SIGAP pruebas",
        product: "SIGAP",
        modules: ["e-oficio", "e-firma"],
        version: "5.1.2",
        environment: "test",
      },
    ],
  },
  {
    name: "Instituto Estatal de Transparencia de Tierra Alta",
    rfc: "IET091215QX3",
    domain: "transparencia.tierraalta.gob.mx",
    contacts: [
      {
        name: "María Fernanda Ríos",
        email: "mfrios@transparencia.tierraalta.gob.mx",
        phone: "+52 33 2345 6789",
      },
      {
        name: "Luis Alberto Cano",
        email: "lcano@transparencia.tierraalta.gob.mx",
        phone: "+52 33 2345 6790",
      },
    ],
    systems: [
      {
        name: "ECM Oficina Digital",
        product: "ECM Framework",
        modules: ["Oficina Digital", "ECM Loader"],
        version: "3.1.1",
        environment: "production",
      },
    ],
  },
  {
    name: "Universidad Tecnológica de Monte Claro",
    rfc: "UTM000301LM7",
    domain: "utmc.edu.mx",
    contacts: [
      { name: "Patricia Salas Medina", email: "psalas@utmc.edu.mx", phone: "+52 222 345 6789" },
      { name: "Héctor Juárez Díaz", email: "hjuarez@utmc.edu.mx", phone: "+52 222 345 6790" },
    ],
    systems: [
      {
        name: "SIGAP atención ciudadana",
        product: "SIGAP",
        modules: ["Atención a solicitudes ciudadanas", "e-oficio"],
        version: "4.2.0",
        environment: "production",
      },
      {
        name: "SIGAP archivo histórico",
        product: "SIGAP",
        modules: ["e-oficio"],
        version: "3.2.1",
        environment: "production",
      },
      {
        name: "ECM firma avanzada",
        product: "ECM Framework",
        modules: ["Firma Electrónica Avanzada y Sellos de tiempo"],
        version: "3.0.0",
        environment: "production",
      },
    ],
  },
];

const ignoreConflict = async <T>(work: () => Promise<T>): Promise<T | null> => {
  try {
    return await work();
  } catch (error) {
    if (
      error instanceof AppError &&
      ["conflict", "contract_overlap", "already_authorized"].includes(error.code)
    ) {
      return null;
    }
    throw error;
  }
};

export type DemoSignIn = {
  name: string;
  email: string;
  role: string;
  password: string;
  /** Customer contacts: the current contracts they may open cases on ("system (plan) until date"). */
  authorizedOn?: string[];
};

/**
 * Idempotent: what exists (matched by name or email) is left as it is.
 * Returns the sign-ins it created, each with a generated password.
 */
export const seedDemo = async (services: Services, now: Date): Promise<DemoSignIn[]> => {
  const actor = SYSTEM_ACTOR;
  const created: DemoSignIn[] = [];
  const newPassword = () => randomBytes(12).toString("base64url");

  const productIds = new Map<string, { id: string; modules: Map<string, string> }>();
  for (const p of PRODUCTS) {
    const existing = (await services.catalog.listProducts(actor, { q: p.name, limit: 50 })).items.find(
      (x) => x.name === p.name,
    );
    const product =
      existing ??
      (await services.catalog.createProduct(actor, {
        name: p.name,
        description: p.description,
        modules: [...p.modules],
      }));
    productIds.set(p.name, { id: product.id, modules: new Map(product.modules.map((m) => [m.name, m.id])) });
    for (const r of p.releases) {
      await ignoreConflict(() => services.catalog.createRelease(actor, product.id, { ...r }));
    }
  }

  const staffIds = new Map<StaffRole, string>();
  for (const s of STAFF) {
    const password = newPassword();
    const user = await ignoreConflict(() =>
      services.users.createStaffUser(actor, { ...s, phone: null, preferredLanguage: "es-MX", password }),
    );
    if (user) {
      created.push({ name: s.name, email: s.email, role: s.role, password });
      staffIds.set(s.role, user.id);
    } else {
      const found = (await services.users.listStaffUsers(actor, { q: s.email, limit: 1 })).items[0];
      if (found) staffIds.set(s.role, found.id);
    }
  }

  for (const o of ORGANIZATIONS) {
    const existing = (
      await services.organizations.listOrganizations(actor, { q: o.name, limit: 50 })
    ).items.find((x) => x.name === o.name);
    const org =
      existing ??
      (await services.organizations.createOrganization(actor, {
        name: o.name,
        rfc: o.rfc,
        emailDomains: [o.domain],
        timeZone: "America/Mexico_City",
        accountExecutiveId: staffIds.get("account_executive") ?? null,
      }));
    for (const c of o.contacts) {
      const password = newPassword();
      const contact = await ignoreConflict(() =>
        services.organizations.createContact(actor, org.id, { ...c, preferredLanguage: "es-MX", password }),
      );
      if (contact) created.push({ name: c.name, email: c.email, role: "customer_contact", password });
    }
    for (const s of o.systems) {
      const product = productIds.get(s.product)!;
      await ignoreConflict(() =>
        services.catalog.createSystem(actor, {
          organizationId: org.id,
          productId: product.id,
          name: s.name,
          moduleIds: s.modules.map((m) => product.modules.get(m)!),
          installedVersion: s.version,
          environment: s.environment,
        }),
      );
    }
  }
  await seedContractsAndCases(services, now);
  await seedSupportCenter(services);
  await seedOutOfHours(services);
  await seedSts(services, now);
  await seedHourBanks(services, now);
  return withAuthorizations(services, created);
};

/** What a newcomer needs to know of each customer sign-in: on which current contract it may open cases. */
const withAuthorizations = async (services: Services, created: DemoSignIn[]): Promise<DemoSignIn[]> => {
  const contracts = (await services.contracts.listContracts(SYSTEM_ACTOR, { limit: 200 })).items;
  const current = contracts.filter((c) => c.status === "current");
  return created.map((signIn) =>
    signIn.role === "customer_contact"
      ? {
          ...signIn,
          authorizedOn: current
            .filter((c) => c.authorizedContacts.some((a) => a.email === signIn.email))
            .map((c) => `${c.number} ${c.systemName} (${c.planName}) until ${c.endDate}`),
        }
      : signIn,
  );
};

/**
 * Contracts, trained and authorized contacts and a few cases, dated relative to today so the renewal
 * pipeline and a lapsed system always have something to show. Villa Esperanza is left without contracts:
 * a customer still to be signed.
 */
const seedContractsAndCases = async (services: Services, now: Date) => {
  const actor = SYSTEM_ACTOR;
  const today = localDateOf(now.getTime(), VENDOR_ZONE);
  const monthsAgo = (months: number) => Temporal.PlainDate.from(today).subtract({ months }).toString();
  const systemsOf = async (organization: string) => {
    const org = (
      await services.organizations.listOrganizations(actor, { q: organization, limit: 5 })
    ).items.find((o) => o.name === organization);
    if (!org) return null;
    const systems = (await services.catalog.listSystems(actor, { organizationId: org.id, limit: 50 })).items;
    const contacts = (await services.organizations.listOrganizationContacts(actor, org.id, { limit: 50 }))
      .items;
    return { org, systems, contacts };
  };

  const plan = [
    {
      organization: "Instituto Estatal de Transparencia de Tierra Alta",
      system: "ECM Oficina Digital",
      planId: "extendido",
      startDate: monthsAgo(3),
      salePriceCents: 180_000 * USD,
      purchaseOrder: "OC-IET-2026-031",
      authorize: ["mfrios@transparencia.tierraalta.gob.mx", "lcano@transparencia.tierraalta.gob.mx"],
    },
    {
      organization: "Universidad Tecnológica de Monte Claro",
      system: "SIGAP atención ciudadana",
      planId: "estandar",
      startDate: addDays(monthsAgo(12), 20),
      salePriceCents: 45_000 * USD,
      purchaseOrder: "OC-UTMC-118",
      authorize: ["psalas@utmc.edu.mx"],
    },
    {
      organization: "Universidad Tecnológica de Monte Claro",
      system: "SIGAP archivo histórico",
      planId: "estandar",
      startDate: monthsAgo(5),
      salePriceCents: 30_000 * USD,
      purchaseOrder: "OC-UTMC-131",
      authorize: ["psalas@utmc.edu.mx"],
    },
    {
      organization: "Universidad Tecnológica de Monte Claro",
      system: "ECM firma avanzada",
      planId: "estandar",
      startDate: monthsAgo(26),
      salePriceCents: 60_000 * USD,
      purchaseOrder: "OC-UTMC-077",
      authorize: ["psalas@utmc.edu.mx", "hjuarez@utmc.edu.mx"],
    },
  ];

  for (const p of plan) {
    const found = await systemsOf(p.organization);
    const system = found?.systems.find((s) => s.name === p.system);
    if (!found || !system) continue;
    const existing = (await services.contracts.listContracts(actor, { systemId: system.id, limit: 1 }))
      .items[0];
    const contract =
      existing ??
      (await services.contracts.createContract(actor, {
        systemId: system.id,
        planId: p.planId,
        startDate: p.startDate,
        salePriceCents: p.salePriceCents,
        purchaseOrder: p.purchaseOrder,
        notes: "",
      }));
    for (const email of p.authorize) {
      const contact = found.contacts.find((c) => c.email === email);
      if (!contact) continue;
      const training = await services.authorizedContacts.listTraining(actor, contact.id);
      if (training.length === 0) {
        await services.authorizedContacts.addTraining(actor, contact.id, {
          course: `Administración de ${system.productName}`,
          completedOn: monthsAgo(30),
          certificateId: `ECM-CERT-${contact.id.slice(0, 6).toUpperCase()}`,
        });
      }
      await ignoreConflict(() =>
        services.authorizedContacts.authorizeContact(actor, contract.id, contact.id),
      );
    }
  }

  // SIGAP 3.x is on its way out: its end announced with eight months' notice (the archive system runs it)
  const sigap = (await services.catalog.listProducts(actor, { q: "SIGAP", limit: 5 })).items.find(
    (p) => p.name === "SIGAP",
  );
  if (sigap) {
    const endOfSupportOn = Temporal.PlainDate.from(today)
      .add({ months: 8 })
      .with({ day: 1 })
      .add({ months: 1 })
      .subtract({ days: 1 })
      .toString();
    await ignoreConflict(() =>
      services.catalog.announceEndOfSupport(actor, sigap.id, {
        major: 3,
        endOfSupportOn,
        note: "Le recomendamos actualizar a SIGAP 5.x; su ejecutivo de cuenta le ayudará a planear la migración.",
      }),
    );
  }

  const cases = [
    {
      organization: "Instituto Estatal de Transparencia de Tierra Alta",
      system: "ECM Oficina Digital",
      requester: "mfrios@transparencia.tierraalta.gob.mx",
      subject: "La carga masiva de ECM Loader se detiene en 60 %",
      description:
        "Desde la actualización de anoche, las cargas de más de 500 expedientes se detienen sin mensaje de error.",
      affectedPercent: 60,
      canKeepWorking: true,
    },
    {
      organization: "Universidad Tecnológica de Monte Claro",
      system: "SIGAP atención ciudadana",
      requester: "psalas@utmc.edu.mx",
      subject: "Error al adjuntar PDF firmados en solicitudes ciudadanas",
      description:
        "Algunos usuarios del área de servicios escolares no pueden adjuntar archivos PDF mayores a 5 MB.",
      affectedPercent: 15,
      canKeepWorking: true,
    },
  ];
  for (const c of cases) {
    const found = await systemsOf(c.organization);
    const system = found?.systems.find((s) => s.name === c.system);
    const requester = found?.contacts.find((x) => x.email === c.requester);
    if (!found || !system || !requester) continue;
    const already = await services.cases.listCases(actor, { organizationId: found.org.id, limit: 1 });
    if (already.items.length > 0) continue;
    await services.cases.openCase(
      actor,
      {
        systemId: system.id,
        requesterId: requester.id,
        subject: c.subject,
        description: c.description,
        affectedPercent: c.affectedPercent,
        canKeepWorking: c.canKeepWorking,
        checklist: Object.fromEntries(CHECKLIST_ITEMS.map((item) => [item, true])) as Record<
          ChecklistItem,
          true
        >,
      },
      "portal",
    );
  }
};
