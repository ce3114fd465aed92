import { Temporal } from "temporal-polyfill";
import { type Actor, SYSTEM_ACTOR } from "../platform/actor";
import type { Services } from "../services";

const ORGANIZATION = "Instituto Estatal de Transparencia de Tierra Alta";
const REQUESTER = "mfrios@transparencia.tierraalta.gob.mx";
const CONFIRMER = "laura.mendez@soporte.example";

/** A demo person acting as if signed in. */
const actorOf = (person: {
  id: string;
  email: string;
  name: string;
  role: Actor["role"];
  organizationId: string | null;
}): Actor => ({
  userId: person.id,
  email: person.email,
  name: person.name,
  role: person.role,
  organizationId: person.organizationId,
  preferredLanguage: "es-MX",
  via: "session",
  sessionId: null,
  csrfToken: null,
});

/**
 * Tierra Alta's Extendido contract has one out-of-hours day booked and confirmed: a Saturday a week past
 * the earliest date, 08:00–20:00, booked by María Fernanda Ríos and confirmed by the manager. The contract
 * year's second day is left for the newcomer to book. Skipped when the organization has any window.
 */
export const seedOutOfHours = async (services: Services) => {
  const admin = SYSTEM_ACTOR;
  const organization = (
    await services.organizations.listOrganizations(admin, { q: ORGANIZATION, limit: 5 })
  ).items.find((o) => o.name === ORGANIZATION);
  if (!organization) return;
  const existing = await services.outOfHours.listWindows(admin, {
    organizationId: organization.id,
    limit: 1,
  });
  if (existing.items.length > 0) return;
  const overview = await services.outOfHours.overview(admin, organization.id);
  if (!overview.contracts.some((c) => (c.current?.left ?? 0) > 0)) return;

  const contact = (await services.organizations.listContacts(admin, { q: REQUESTER, limit: 1 })).items[0];
  const manager = (await services.users.listStaffUsers(admin, { q: CONFIRMER, limit: 1 })).items[0];
  const requester = contact?.email === REQUESTER ? actorOf({ ...contact, role: "customer_contact" }) : null;
  const confirmer =
    manager?.email === CONFIRMER ? actorOf({ ...manager, role: manager.role, organizationId: null }) : admin;
  if (!requester) return;

  // the first Saturday a week past the earliest date the notice allows
  let day = Temporal.PlainDate.from(overview.earliestDate).add({ days: 7 });
  while (day.dayOfWeek !== 6) day = day.add({ days: 1 });
  if (overview.contracts.every((c) => day.toString() > c.endDate)) return;
  const window = await services.outOfHours.bookWindow(requester, {
    startsAt: `${day}T08:00`,
    endsAt: `${day}T20:00`,
    maintenance:
      "Actualización de ECM Framework a 3.1.1 en producción y respaldo completo del repositorio de documentos.",
  });
  await services.outOfHours.confirmWindow(confirmer, window.id);
};
