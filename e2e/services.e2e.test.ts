import { setTimeout as sleep } from "node:timers/promises";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addDays, localDateOf } from "../src/domain/contracts/local-date";
import { localOfInstant } from "../src/domain/services/out-of-hours";
import {
  type ApiCall,
  ensureAuthorizedContact,
  getOrganization,
  getSystem,
  type Items,
  type Journey,
  type Named,
  type OpenedPage,
  randomSuffix,
  screenshot,
  startJourney,
  ZONE,
} from "./support";

/**
 * Issue 14's journey: an admin adds a holiday to the CDMX hábil calendar; Ana López books an out-of-hours
 * window that starts within two minutes and the manager confirms it; the account executive sells Villa
 * Esperanza an 80-hour bank and a consultant logs 24 + 24 + 17 hours until the low-balance alert is mailed
 * (read in the captured mail); Ana's request on a system without a contract is held and, once the system has
 * a contract and the purchase order is recorded, becomes a case; a P3 Ana opens inside the window is due in
 * 24 hours on the 24×7 clock. Screenshots: test-results/services-*.png.
 */

const ORGANIZATION = "Municipio de Villa Esperanza";
const PRODUCTION = "SIGAP producción";
const TEST_SYSTEM = "SIGAP pruebas";
const ANA = "ana.lopez@villaesperanza.gob.mx";
const ANA_NAME = "Ana López Guerrero";
const EXECUTIVE = "daniela.ruiz@soporte.example";
const CONSULTANT = "jorge.ramirez@soporte.example";
const MANAGER = "laura.mendez@soporte.example";
const CALENDAR = "CDMX hábil";
const suffix = randomSuffix();
const BANK_PO = `OC-VE-HORAS-${suffix}`;
const HELD_SUBJECT = `Las pruebas de e-firma rechazan los certificados nuevos (${suffix})`;
const HELD_PO = `OC-VE-PRUEBAS-${suffix}`;
const WINDOW_SUBJECT = `Lentitud en e-oficio durante el mantenimiento (${suffix})`;
const MAINTENANCE = `Actualización de SIGAP a 5.1.2 y reinicio de los servidores de aplicaciones (${suffix})`;
const CHECKLIST = [
  "Bases de datos",
  "Servidores de aplicaciones",
  "Sistemas operativos",
  "Redes",
  "Infraestructura",
  "Repositorios de administración documental",
];
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

const isWeekend = (date: string) => [0, 6].includes(new Date(`${date}T00:00:00Z`).getUTCDay());

const longDate = (date: string) =>
  new Intl.DateTimeFormat("es-MX", { dateStyle: "full", timeZone: "UTC" }).format(
    new Date(`${date}T00:00:00Z`),
  );

/**
 * What the journey takes for granted: a current Extendido contract of Villa Esperanza's production system
 * (the demo leaves the organization without contracts) with Ana trained and authorized, and bookings that
 * need no notice, so that a window can start within two minutes on the real clock.
 */
const prepare = async (executive: ApiCall, admin: ApiCall) => {
  const organization = await getOrganization(executive, { search: "Villa Esperanza", name: ORGANIZATION });
  const production = await getSystem(executive, organization, PRODUCTION);
  const plans = await executive<Items<Named>>("GET", "/plans");
  const extendido = plans.items.find((plan) => plan.name === "Extendido");
  if (!extendido) throw new Error("no Extendido plan");
  const today = localDateOf(Date.now(), ZONE);
  await executive("POST", "/contracts", {
    systemId: production.id,
    planId: extendido.id,
    startDate: addDays(today, -30),
    salePriceCents: 18_000_000,
    purchaseOrder: `OC-VE-EXT-${suffix}`,
  });
  await ensureAuthorizedContact(executive, {
    organization,
    system: production,
    contactName: ANA_NAME,
    purchaseOrder: `OC-VE-${suffix}`,
    training: { course: "Administración de SIGAP 5", certificateId: `ECM-ADM-${suffix}` },
  });
  await admin("PATCH", "/settings/out-of-hours", { noticeBusinessDays: 0 });
  return organization;
};

/** The first weekday at least two weeks away that the calendar does not already have as a holiday. */
const freeWeekday = async (admin: ApiCall) => {
  let date = addDays(localDateOf(Date.now(), ZONE), 14);
  const holidays = new Set<string>();
  for (const year of new Set([date.slice(0, 4), addDays(date, 30).slice(0, 4)])) {
    const days = await admin<{ days: { date: string }[] }>("GET", `/calendars/cdmx-habil/year?year=${year}`);
    for (const day of days.days) holidays.add(day.date);
  }
  while (isWeekend(date) || holidays.has(date)) date = addDays(date, 1);
  return date;
};

interface Mail {
  id: string;
  to: string;
  subject: string;
}

interface CaseJson {
  number: string;
  priority: string;
  registeredAt: string;
  sla: { dueAt: string; calendarId: string; targetMinutes: number };
}

describe("optional services journey (Chromium)", () => {
  let journey: Journey;
  let adminApi: ApiCall;
  let executiveApi: ApiCall;
  let organization: Named;
  /** Ana's portal page, kept for the whole journey. */
  let ana: OpenedPage;
  const opened: OpenedPage[] = [];
  /** The window Ana books: its start and end (epoch ms). */
  let windowStart = 0;
  let windowEnd = 0;

  const openAs = async (email: string | "admin") => {
    const page = await journey.openSignedIn(email === "admin" ? journey.admin : journey.user(email));
    opened.push(page);
    return page;
  };
  const shot = (page: Page, name: string, fullPage = true) =>
    screenshot(page, `services-${name}.png`, { fullPage, settle: !fullPage });

  beforeAll(async () => {
    journey = await startJourney({ logName: "server-services.log" });
    adminApi = await journey.api(journey.admin);
    executiveApi = await journey.api(journey.user(EXECUTIVE));
    organization = await prepare(executiveApi, adminApi);
    ana = await openAs(ANA);
  });

  afterAll(async () => {
    await journey?.stop(); // undefined when the start failed
  });

  it("an admin adds a holiday to the CDMX hábil calendar; the year view marks it added", async () => {
    const holiday = await freeWeekday(adminApi);
    const { page } = await openAs("admin");
    await page.getByRole("navigation").getByRole("link", { name: "Calendarios" }).click();
    await page.getByRole("heading", { name: "Calendarios" }).waitFor();
    await page
      .getByRole("table", { name: "Calendarios" })
      .getByRole("link", { name: CALENDAR, exact: true })
      .click();
    await page.getByRole("heading", { name: CALENDAR }).waitFor();

    const add = page.getByRole("form", { name: "Agregar un día festivo" });
    await add.getByLabel("Fecha del día festivo").fill(holiday);
    await add.getByRole("button", { name: "Agregar día festivo" }).click();
    await page.getByText(`El ${longDate(holiday)} es día festivo.`).waitFor();

    const monthName = new Intl.DateTimeFormat("es-MX", { month: "long", timeZone: "UTC" }).format(
      new Date(`${holiday}T00:00:00Z`),
    );
    const month = page.getByRole("region", {
      name: `${monthName.charAt(0).toUpperCase()}${monthName.slice(1)} ${holiday.slice(0, 4)}`,
    });
    const day = month.locator(`[data-holiday="${holiday}"]`);
    await day.getByText("Agregada", { exact: true }).waitFor();
    await day.getByText("Fecha suelta", { exact: true }).waitFor();
    await day.getByRole("button", { name: `Quitar el día festivo del ${longDate(holiday)}` }).waitFor();
    // the running cases on the calendar get their due times again, in the background
    await page
      .getByRole("status")
      .filter({ hasText: /^Vencimientos recalculados tras el último cambio/ })
      .waitFor({ timeout: 30_000 });
    await shot(page, "01-holiday-added");
    const calendar = await adminApi<{ holidays: string[] }>("GET", "/calendars/cdmx-habil");
    expect(calendar.holidays).toContain(holiday);
  });

  it("Ana books an out-of-hours window starting within two minutes; the manager confirms it", async () => {
    const page = ana.page;
    await page.getByRole("navigation").getByRole("link", { name: "Mis servicios" }).click();
    await page.getByRole("heading", { name: "Mis servicios" }).waitFor();
    const section = page.getByRole("region", { name: "Días fuera de horario" });
    await section.getByText("Le quedan 2 días").waitFor();
    await section.getByRole("button", { name: "Reservar un día fuera de horario" }).click();
    const dialog = page.getByRole("dialog", { name: "Reservar un día fuera de horario" });
    await dialog.getByText(/\(0 días hábiles de anticipación\)/).waitFor();

    // the next whole minute at least 30 s away (the form is sent before it), for three hours (Mexico City time)
    windowStart = Math.ceil((Date.now() + 30_000) / MINUTE) * MINUTE;
    windowEnd = windowStart + 3 * HOUR;
    const start = localOfInstant(ZONE, windowStart);
    const end = localOfInstant(ZONE, windowEnd);
    await dialog.getByLabel(/^Fecha/).fill(start.slice(0, 10));
    await dialog.getByLabel(/^Hora de inicio/).fill(start.slice(11));
    await dialog.getByLabel(/^Hora de fin/).fill(end.slice(11));
    if (end.slice(0, 10) !== start.slice(0, 10))
      await dialog.getByRole("checkbox", { name: "Termina al día siguiente" }).check();
    await dialog.getByLabel(/^Mantenimiento planeado/).fill(MAINTENANCE);
    await shot(page, "02-booking-form", false);
    await dialog.getByRole("button", { name: "Reservar un día fuera de horario" }).click();
    await dialog.waitFor({ state: "hidden" });
    const windows = section.getByRole("table", { name: "Ventanas de su organización" });
    const row = windows.getByRole("row").filter({ hasText: MAINTENANCE });
    await row.getByText("Solicitada", { exact: true }).waitFor();
    await section.getByText("Le queda 1 día").waitFor();

    const manager = await openAs(MANAGER);
    await manager.page
      .getByRole("navigation")
      .getByRole("link", { name: "Ventanas fuera de horario" })
      .click();
    await manager.page.getByRole("heading", { name: "Ventanas fuera de horario" }).waitFor();
    const requested = manager.page.getByRole("table", { name: "Ventanas fuera de horario" });
    await requested.getByRole("row").filter({ hasText: MAINTENANCE }).waitFor();
    await shot(manager.page, "03-window-requested");
    await requested.getByRole("button", { name: `Confirmar la ventana de ${ORGANIZATION}` }).click();
    await manager.page.getByText(`Ventana de ${ORGANIZATION} confirmada.`).waitFor();
    await manager.page.getByRole("tab", { name: "Confirmadas" }).click();
    const confirmed = requested.getByRole("row").filter({ hasText: MAINTENANCE });
    await confirmed.getByText("Confirmada", { exact: true }).waitFor();
    await shot(manager.page, "04-window-confirmed");
    await manager.context.close();

    await page.reload();
    await row.getByText("Confirmada", { exact: true }).waitFor();
  });

  it("the account executive sells Villa Esperanza an 80-hour bank", async () => {
    const { page, context } = await openAs(EXECUTIVE);
    await page.getByRole("navigation").getByRole("link", { name: "Bolsas de horas" }).click();
    await page.getByRole("heading", { name: "Bolsas de horas" }).waitFor();
    await page.getByRole("button", { name: "Vender bolsa de horas" }).first().click();
    const dialog = page.getByRole("dialog", { name: "Vender bolsa de horas" });
    await dialog.getByRole("combobox", { name: /^Organización/ }).fill("Villa");
    await page.getByRole("option", { name: ORGANIZATION }).click();
    await expect(dialog.getByLabel(/^Horas/).inputValue()).resolves.toBe("80");
    await dialog.getByLabel(/^Orden de compra/).fill(BANK_PO);
    await dialog.getByLabel(/^Precio/).fill("96,000.00");
    await shot(page, "05-sell", false);
    await dialog.getByRole("button", { name: "Vender bolsa" }).click();
    await dialog.waitFor({ state: "hidden" });
    await page.getByRole("heading", { name: "Bolsa de 80 horas" }).waitFor();
    await page.getByText("Quedan 80 de 80 h").waitFor();
    await page.getByRole("link", { name: ORGANIZATION }).first().waitFor();
    await context.close();
  });

  it("a consultant logs 24 + 24 + 17 hours and the low-balance alert is mailed", async () => {
    const { page, context } = await openAs(CONSULTANT);
    await page.getByRole("navigation").getByRole("link", { name: "Bolsas de horas" }).click();
    const banks = page.getByRole("table", { name: "Bolsas de horas" });
    await banks.getByRole("link", { name: ORGANIZATION }).waitFor();
    await shot(page, "06-banks");
    await banks.getByRole("link", { name: ORGANIZATION }).click();
    await page.getByText("Quedan 80 de 80 h").waitFor();

    const entries: [string, string, string, string][] = [
      ["24", "Instalación", "Instalación de SIGAP 5.1.2 en el nuevo servidor de aplicaciones.", "56"],
      ["24", "Migración", "Migración de los expedientes de e-oficio de 2019 a 2024.", "32"],
      ["17", "Afinación", "Afinación de la base de datos y de los índices de búsqueda.", "15"],
    ];
    const alerts = page.getByRole("region", { name: "Avisos enviados" });
    for (const [hours, kind, activity, left] of entries) {
      await page.getByRole("button", { name: "Registrar horas" }).first().click();
      const dialog = page.getByRole("dialog", { name: `Registrar horas de ${ORGANIZATION}` });
      await dialog.getByLabel(/^Horas/).fill(hours);
      await dialog.getByRole("combobox", { name: /^Tipo/ }).click();
      await page.getByRole("option", { name: kind }).click();
      await dialog.getByLabel(/^Actividad/).fill(activity);
      await dialog.getByRole("button", { name: "Registrar horas" }).click();
      await dialog.waitFor({ state: "hidden" });
      await page.getByText(`Quedan ${left} de 80 h`).waitFor();
      await page.getByRole("table", { name: "Horas registradas" }).getByText(activity).waitFor();
      // 32 of 80 left is 40 %: no alert yet; 15 is under 20 %
      if (left === "32") await alerts.getByText("Aún no se ha enviado ningún aviso.").waitFor();
    }
    await alerts.getByText("Saldo menor al 20 %").waitFor();
    await shot(page, "07-low-balance");
    await context.close();

    // the mail reaches Ana (an authorized contact) and the account executive, once each
    const subject = `Bolsa de horas de ${ORGANIZATION}: quedan 15 de 80 horas`;
    const lowBalance = async () =>
      (await adminApi<Items<Mail>>("GET", "/dev-mail")).items.filter((mail) => mail.subject === subject);
    await expect
      .poll(async () => (await lowBalance()).map((mail) => mail.to).sort(), { timeout: 30_000 })
      .toEqual([ANA, EXECUTIVE].sort());

    const admin = await openAs("admin");
    await admin.page.getByRole("navigation").getByRole("link", { name: "Correo capturado" }).click();
    const mails = admin.page.getByRole("table", { name: "Correo capturado" });
    await mails.getByRole("row").filter({ hasText: ANA }).getByRole("link", { name: subject }).click();
    await admin.page.getByRole("heading", { name: subject }).waitFor();
    await admin.page.getByRole("tab", { name: "Texto" }).click();
    const body = admin.page.getByRole("tabpanel");
    await body.getByText(/le quedan 15 de sus 80 horas, menos del 20 %/).waitFor();
    await body.getByText(new RegExp(`orden de compra ${BANK_PO}`)).waitFor();
    await shot(admin.page, "08-low-balance-mail");
    await admin.context.close();
  });

  it("Ana sees the bank's balance and the confirmed window in Mis servicios", async () => {
    const page = ana.page;
    await page.reload();
    await page.getByRole("heading", { name: "Mis servicios" }).waitFor();
    const bank = page.getByRole("region", { name: "Bolsa de horas de consultor técnico" });
    await bank.getByRole("article", { name: BANK_PO }).getByText("Quedan 15 de 80 h").waitFor();
    await bank
      .getByRole("table", { name: "Horas registradas" })
      .getByText("Afinación de la base de datos y de los índices de búsqueda.")
      .waitFor();
    const windows = page
      .getByRole("region", { name: "Días fuera de horario" })
      .getByRole("table", { name: "Ventanas de su organización" });
    await windows.getByRole("row").filter({ hasText: MAINTENANCE }).getByText("Confirmada").waitFor();
    await shot(page, "09-my-services");
  });

  it("Ana's request on a system without a contract is held; released with a purchase order it becomes a case", async () => {
    const page = ana.page;
    await page.getByRole("navigation").getByRole("link", { name: "Abrir caso" }).click();
    await page.getByRole("heading", { name: "Abrir caso" }).waitFor();
    await page.getByRole("radio", { name: TEST_SYSTEM }).click();
    await page.getByText(/Este sistema no tiene póliza vigente: su solicitud quedará retenida/).waitFor();
    for (const item of CHECKLIST) await page.getByRole("checkbox", { name: item }).check();
    await page.getByLabel(/^Asunto/).fill(HELD_SUBJECT);
    await page
      .getByLabel(/^Descripción/)
      .fill("En el ambiente de pruebas, e-firma rechaza los certificados de la FIEL emitidos este mes.");
    await page.getByRole("textbox", { name: /^Usuarios afectados/ }).fill("30");
    await page.getByRole("radio", { name: "Sí, con alguna limitación" }).check();
    await page.getByRole("button", { name: "Abrir caso" }).click();
    const held = page.getByRole("status").filter({
      hasText: "Solicitud retenida hasta recibir una orden de compra",
    });
    await held.getByText(/SIGAP pruebas no tiene una póliza de soporte vigente/).waitFor();
    await shot(page, "10-held");

    // the purchase order bought a contract of the test system, with Ana authorized on it (set up through the API)
    const testSystem = await getSystem(executiveApi, organization, TEST_SYSTEM);
    await ensureAuthorizedContact(executiveApi, {
      organization,
      system: testSystem,
      contactName: ANA_NAME,
      purchaseOrder: HELD_PO,
      training: { course: "Administración de SIGAP 5", certificateId: `ECM-ADM-${suffix}` },
    });

    const executive = await openAs(EXECUTIVE);
    const desk = executive.page;
    await desk.getByRole("navigation").getByRole("link", { name: "Solicitudes retenidas" }).click();
    await desk.getByRole("heading", { name: "Solicitudes retenidas" }).waitFor();
    const table = desk.getByRole("table", { name: "Solicitudes retenidas" });
    const row = table.getByRole("row").filter({ hasText: HELD_SUBJECT });
    await row.getByText(ANA_NAME).waitFor();
    await shot(desk, "11-held-requests");
    await row.getByRole("button", { name: `Liberar «${HELD_SUBJECT}»` }).click();
    const dialog = desk.getByRole("dialog", { name: "Liberar solicitud" });
    await dialog.getByLabel(/^Orden de compra/).fill(HELD_PO);
    await shot(desk, "12-release", false);
    await dialog.getByRole("button", { name: "Liberar" }).click();
    await dialog.waitFor({ state: "hidden" });
    const notice = desk.getByText(`«${HELD_SUBJECT}» es ahora el caso CAS-`);
    await notice.waitFor();
    const number = /CAS-\d{4}-\d{6}/.exec((await notice.textContent()) ?? "")?.[0] ?? "";
    expect(number).not.toBe("");

    await desk.getByText("Liberadas", { exact: true }).click();
    const released = table.getByRole("row").filter({ hasText: HELD_SUBJECT });
    await released.getByText(HELD_PO).waitFor();
    await shot(desk, "13-released");
    await released.getByRole("link", { name: `Caso ${number}` }).click();
    await desk.getByRole("heading", { name: HELD_SUBJECT }).waitFor();
    await desk.getByText(number, { exact: true }).first().waitFor();
    await desk
      .getByText(/En el ambiente de pruebas, e-firma rechaza los certificados/)
      .first()
      .waitFor();
    await shot(desk, "14-case-from-held");
    await executive.context.close();

    // Ana is told by mail that her case is registered
    await expect
      .poll(
        async () =>
          (await adminApi<Items<Mail>>("GET", "/dev-mail")).items.filter(
            (mail) => mail.to === ANA && mail.subject.startsWith(`[${number}] Recibimos su caso`),
          ).length,
        { timeout: 30_000 },
      )
      .toBe(1);
  });

  it("a P3 Ana opens inside the confirmed window is due in 24 hours on the 24×7 clock", async () => {
    // the only wait on the clock: the window must have started
    const wait = windowStart + 1_000 - Date.now();
    if (wait > 0) await sleep(wait);
    expect(Date.now()).toBeLessThan(windowEnd);

    const page = ana.page;
    await page.getByRole("navigation").getByRole("link", { name: "Abrir caso" }).click();
    await page.getByRole("heading", { name: "Abrir caso" }).waitFor();
    await page.getByRole("radio", { name: PRODUCTION }).click();
    for (const item of CHECKLIST) await page.getByRole("checkbox", { name: item }).check();
    await page.getByLabel(/^Asunto/).fill(WINDOW_SUBJECT);
    await page
      .getByLabel(/^Descripción/)
      .fill("Tras reiniciar los servidores, abrir un oficio en e-oficio tarda unos 40 segundos.");
    await page.getByRole("textbox", { name: /^Usuarios afectados/ }).fill("20");
    await page.getByRole("radio", { name: "Sí, con alguna limitación" }).check();
    await page.getByLabel("Prioridad sugerida").getByText("P3", { exact: true }).waitFor();
    await page.getByRole("button", { name: "Abrir caso" }).click();
    await page.getByRole("heading", { name: WINDOW_SUBJECT }).waitFor();

    const sla = page.getByRole("region", { name: "Tiempo de respuesta" });
    await sla.getByText(/^Registrado durante la ventana fuera de horario reservada \(/).waitFor();
    await sla.getByText(/El objetivo es de 24 horas \(24×7\) según el calendario 24×7×365/).waitFor();
    await shot(page, "15-p3-in-window");

    const kase = (await (
      await page.request.get(`/api/v1${new URL(page.url()).pathname}`)
    ).json()) as CaseJson;
    expect(kase.priority).toBe("P3");
    expect(kase.sla.calendarId).toBe("24x7");
    expect(new Date(kase.registeredAt).getTime()).toBeGreaterThanOrEqual(windowStart);
    expect(new Date(kase.sla.dueAt).getTime() - new Date(kase.registeredAt).getTime()).toBe(24 * HOUR);
  });

  it("raised no error in any page", () => {
    expect(opened.flatMap((page) => page.errors)).toEqual([]);
  });
});
