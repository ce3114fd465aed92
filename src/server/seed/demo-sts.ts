import { Temporal } from "temporal-polyfill";
import { localDateOf } from "../../domain/contracts/local-date";
import { type Actor, SYSTEM_ACTOR } from "../platform/actor";
import { AppError } from "../platform/errors";
import type { Services } from "../services";

const ORGANIZATION = "Universidad Tecnológica de Monte Claro";
const ENGINEER = "ricardo.torres@soporte.example";

/**
 * Monte Claro's on-site engineer (STS): Ricardo Torres since seven months ago, the tuning and the first
 * business review held with their minutes, the next review ahead on the agenda and the portal. Skipped when
 * the organization already has a service, or when its contract or the engineer is missing.
 */
export const seedSts = async (services: Services, now: Date) => {
  const admin = SYSTEM_ACTOR;
  const org = (
    await services.organizations.listOrganizations(admin, { q: ORGANIZATION, limit: 5 })
  ).items.find((o) => o.name === ORGANIZATION);
  const engineer = (await services.users.listStaffUsers(admin, { q: ENGINEER, limit: 1 })).items[0];
  if (!org || !engineer?.active) return;
  if ((await services.sts.listServices(admin, { organizationId: org.id, limit: 1 })).items.length) return;

  // the portal shows the organization how to reach its engineer
  if (!engineer.phone) {
    await services.users.updateStaffUser(admin, engineer.id, { phone: "+52 55 3683 0774 ext 214" });
  }
  const today = localDateOf(now.getTime(), "America/Mexico_City");
  const service = await services.sts
    .createService(admin, {
      organizationId: org.id,
      engineerId: engineer.id,
      startDate: Temporal.PlainDate.from(today).subtract({ months: 7 }).toString(),
      purchaseOrder: "OC-UTMC-STS-014",
      priceCents: 38_000 * 100,
      notes: "Ingeniero en sitio para SIGAP y ECM; visitas en el campus central.",
    })
    .catch((error: unknown) => {
      // no current contract, or a service already covering those dates: nothing to add
      if (error instanceof AppError && ["validation_failed", "conflict"].includes(error.code)) return null;
      throw error;
    });
  if (!service) return;

  // the engineer records what was held, as the engineer
  const asEngineer: Actor = {
    userId: engineer.id,
    email: engineer.email,
    name: engineer.name,
    role: engineer.role,
    organizationId: null,
    preferredLanguage: engineer.preferredLanguage,
    via: "session",
    sessionId: null,
    csrfToken: null,
  };
  const minutes: Record<string, string> = {
    tuning: [
      "Afinación anual de SIGAP atención ciudadana:",
      "- Índices de la base de datos reconstruidos; la búsqueda de solicitudes bajó de 9 s a 2 s.",
      "- Depuración de la bitácora de e-oficio (14 GB liberados).",
      "- Pendiente: ampliar la memoria del servidor de aplicaciones antes del periodo de inscripciones.",
    ].join("\n"),
    business_review: [
      "Revisión de negocio semestral con Patricia Salas (servicios escolares) y el área de TI:",
      "- 6 casos en el semestre, todos atendidos dentro del tiempo de respuesta.",
      "- SIGAP archivo histórico sigue en 3.2.1: se acordó planear la migración a 5.x antes del fin de soporte.",
      "- Próxima revisión: avance de la migración y plan de capacitación de usuarios.",
    ].join("\n"),
  };
  for (const visit of service.visits) {
    if (visit.scheduledOn > today || visit.sequence !== 1) continue;
    await services.sts.holdVisit(asEngineer, visit.id, {
      heldOn: visit.scheduledOn,
      minutes: minutes[visit.kind] ?? "",
    });
  }
};
