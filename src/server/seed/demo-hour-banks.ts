import { Temporal } from "temporal-polyfill";
import { localDateOf } from "../../domain/contracts/local-date";
import type { TimeEntryKind } from "../../domain/services/hour-bank";
import { type Actor, SYSTEM_ACTOR } from "../platform/actor";
import type { Services } from "../services";

const ORGANIZATION = "Universidad Tecnológica de Monte Claro";

/** What the consultants logged on Monte Claro's bank: 62.5 of 80 hours, so 17.5 (21.9 %) are left. */
const ENTRIES: {
  daysAgo: number;
  hours: number;
  kind: TimeEntryKind;
  consultant: string;
  description: string;
  /** Linked to the organization's demo case, when it has one. */
  withCase?: boolean;
}[] = [
  {
    daysAgo: 112,
    hours: 16,
    kind: "installation",
    consultant: "jorge.ramirez@soporte.example",
    description: "Instalación de SIGAP 5.1 en el servidor de pruebas y configuración de e-oficio.",
  },
  {
    daysAgo: 84,
    hours: 24,
    kind: "migration",
    consultant: "sofia.hernandez@soporte.example",
    description:
      "Migración de expedientes del archivo histórico (3.2.1) a la base de pruebas de 5.1, primera fase.",
  },
  {
    daysAgo: 56,
    hours: 12,
    kind: "migration",
    consultant: "sofia.hernandez@soporte.example",
    description: "Segunda fase de la migración: validación de firmas y anexos migrados.",
    withCase: true,
  },
  {
    daysAgo: 30,
    hours: 6.5,
    kind: "tuning",
    consultant: "ricardo.torres@soporte.example",
    description: "Afinación de índices y de la memoria del servidor de aplicaciones antes de inscripciones.",
  },
  {
    daysAgo: 12,
    hours: 4,
    kind: "other",
    consultant: "jorge.ramirez@soporte.example",
    description: "Capacitación de usuarios de servicios escolares en la nueva bandeja de e-oficio.",
  },
];

/**
 * Monte Claro (Patricia Salas) bought an 80-hour consulting bank four months ago on its current contract;
 * the consultants' entries leave it just above the 20 % low-balance alert, so logging a couple more hours
 * mails it. Skipped when the organization already has a package or no current contract then.
 */
export const seedHourBanks = async (services: Services, now: Date) => {
  const admin = SYSTEM_ACTOR;
  const org = (
    await services.organizations.listOrganizations(admin, { q: ORGANIZATION, limit: 5 })
  ).items.find((o) => o.name === ORGANIZATION);
  if (!org) return;
  if ((await services.hourBanks.listPackages(admin, { organizationId: org.id, limit: 1 })).items.length)
    return;

  const today = Temporal.PlainDate.from(localDateOf(now.getTime(), "America/Mexico_City"));
  const daysAgo = (days: number) => today.subtract({ days }).toString();
  const executive = (
    await services.users.listStaffUsers(admin, { q: "daniela.ruiz@soporte.example", limit: 1 })
  ).items[0];
  // sold by the account executive, as if signed in
  const seller: Actor = executive
    ? {
        ...admin,
        userId: executive.id,
        email: executive.email,
        name: executive.name,
        role: executive.role,
        via: "session",
      }
    : admin;
  const sold = await services.hourBanks
    .sellPackage(seller, {
      organizationId: org.id,
      hours: 80,
      purchasedOn: today.subtract({ months: 4 }).toString(),
      purchaseOrder: "OC-UTMC-HORAS-022",
      priceCents: 80 * 1_200 * 100,
      currency: "USD",
    })
    .catch(() => null);
  if (!sold) return;

  const [caseOfOrganization] = (await services.cases.listCases(admin, { organizationId: org.id, limit: 1 }))
    .items;
  for (const entry of ENTRIES) {
    const consultant = (await services.users.listStaffUsers(admin, { q: entry.consultant, limit: 1 }))
      .items[0];
    if (!consultant) continue;
    await services.hourBanks.logEntry(admin, {
      organizationId: org.id,
      workedOn: daysAgo(entry.daysAgo),
      hours: entry.hours,
      kind: entry.kind,
      description: entry.description,
      caseId: entry.withCase ? (caseOfOrganization?.id ?? null) : null,
      consultantId: consultant.id,
    });
  }
};
