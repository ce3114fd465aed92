import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addDays, addYears, localDateOf, termEnd } from "../src/domain/contracts/local-date";
import { nextBusinessDay } from "../src/domain/contracts/renewal";
import { compileCalendar } from "../src/domain/sla/compiled-calendar";
import { CDMX_HABIL_CALENDAR } from "../src/domain/sla/sla-clock";
import { type Journey, randomSuffix, resize, screenshot, startJourney, ZONE } from "./support";

/**
 * Issue 4's journey: an account executive records the training of three contacts, creates a contract,
 * authorizes two contacts, is refused a third (the plan's limit), and renews the contract, which starts
 * on the next business day after the end. Then the renewal pipeline on the home page, and "Mis pólizas"
 * as a customer contact of that organization. Screenshots: test-results/contracts-*.png.
 */

const ORGANIZATION = "Municipio de Villa Esperanza";
/** The demo data's contract that ends within 30 days (see src/server/seed/demo-seed.ts). */
const DUE_SOON = "Universidad Tecnológica de Monte Claro";
const SYSTEM = "SIGAP producción";
const EXECUTIVE = "daniela.ruiz@soporte.example";
const CUSTOMER = "ana.lopez@villaesperanza.gob.mx";
const suffix = randomSuffix();
const THIRD = {
  name: `Beatriz Soto Ramírez ${suffix}`,
  email: `beatriz.soto.${suffix}@villaesperanza.gob.mx`,
};
const CONTACTS = ["Ana López Guerrero", "Carlos Pérez Núñez", THIRD.name];

/** A contract that is current today and ends on the first Friday at least 35 days away (31–60 bucket). */
const contractDates = () => {
  const today = localDateOf(Date.now(), ZONE);
  let end = addDays(today, 35);
  while (new Date(`${end}T00:00:00Z`).getUTCDay() !== 5) end = addDays(end, 1);
  const start = addYears(addDays(end, 1), -1);
  if (termEnd(start) !== end) throw new Error(`cannot make a one-year term ending ${end}`);
  const renewalStart = nextBusinessDay(compileCalendar(CDMX_HABIL_CALENDAR), end);
  return { today, start, end, renewalStart };
};

/** The test system's old contract: 1 July 2023 – 30 June 2024. */
const LAPSED = { start: "2023-07-01", end: "2024-06-30" };

const longDate = (date: string) =>
  new Intl.DateTimeFormat("es-MX", { dateStyle: "full", timeZone: "UTC" }).format(
    new Date(`${date}T00:00:00Z`),
  );

describe("contracts journey (Chromium)", () => {
  let journey: Journey;
  let page: Page;
  let pageErrors: string[] = [];
  let contractUrl = "";
  const dates = contractDates();
  const shot = (name: string, fullPage = true) => screenshot(page, `contracts-${name}.png`, { fullPage });

  beforeAll(async () => {
    journey = await startJourney({ logName: "server-contracts.log" });
    ({ page, errors: pageErrors } = await journey.open());
  });

  afterAll(async () => {
    await journey?.stop(); // undefined when the start failed
  });

  it("signs in as the account executive and sees the demo contract due for renewal", async () => {
    await journey.signIn(page, journey.user(EXECUTIVE));
    const pipeline = page.getByRole("region", { name: "Renovaciones próximas" });
    await pipeline.waitFor();
    await pipeline
      .getByRole("region", { name: "Próximos 30 días" })
      .getByRole("link", { name: DUE_SOON })
      .waitFor();
    await expect.poll(() => pipeline.getByText("Ninguna póliza vence en este periodo.").count()).toBe(2);
    await page.getByRole("navigation").getByRole("link", { name: "Pólizas" }).waitFor();
  });

  it("adds a third contact to the organization", async () => {
    await page.getByRole("navigation").getByRole("link", { name: "Organizaciones" }).click();
    await page.getByRole("link", { name: ORGANIZATION }).click();
    await page.getByRole("heading", { name: ORGANIZATION }).waitFor();
    await page.getByRole("button", { name: "Agregar contacto" }).click();
    const dialog = page.getByRole("dialog", { name: "Nuevo contacto" });
    await dialog.getByLabel(/^Nombre/).fill(THIRD.name);
    await dialog.getByLabel(/^Correo electrónico/).fill(THIRD.email);
    await dialog.getByRole("button", { name: "Agregar contacto" }).click();
    await dialog.waitFor({ state: "hidden" });
    await page.getByRole("table", { name: "Contactos" }).getByRole("link", { name: THIRD.name }).waitFor();
  });

  it("records the formal training of three contacts", async () => {
    for (const [index, name] of CONTACTS.entries()) {
      await page.getByRole("table", { name: "Contactos" }).getByRole("link", { name }).click();
      await page.getByRole("heading", { name }).waitFor();
      const training = page.getByRole("region", { name: "Capacitación" });
      await training.getByRole("button", { name: "Registrar capacitación" }).click();
      const dialog = page.getByRole("dialog", { name: `Registrar capacitación de ${name}` });
      await dialog.getByLabel(/^Curso/).fill("Administración de SIGAP 5");
      await dialog.getByLabel(/^Folio del certificado/).fill(`ECM-ADM-2026-01${index}`);
      await dialog.getByRole("button", { name: "Registrar", exact: true }).click();
      await dialog.waitFor({ state: "hidden" });
      await training.getByRole("cell", { name: "Vigente" }).waitFor();
      if (index === 0) await shot("01-training");
      await page.goBack();
      await page.getByRole("heading", { name: ORGANIZATION }).waitFor();
    }
  });

  it("creates an Estándar contract for one of the organization's systems", async () => {
    await page.getByRole("navigation").getByRole("link", { name: "Pólizas" }).click();
    await page.getByRole("heading", { name: "Pólizas" }).waitFor();
    await page.getByRole("link", { name: "Nueva póliza" }).first().click();
    await page.getByRole("heading", { name: "Nueva póliza" }).waitFor();

    await page.getByRole("combobox", { name: /^Organización/ }).fill("Villa");
    await page.getByRole("option", { name: ORGANIZATION }).click();
    await page.getByRole("combobox", { name: /^Sistema/ }).click();
    await page.getByRole("option", { name: new RegExp(`^${SYSTEM}`) }).click();
    await page.getByRole("combobox", { name: /^Plan/ }).click();
    await page.getByRole("option", { name: "Estándar" }).click();
    await page.getByLabel(/^Inicio/).fill(dates.start);
    await page.getByLabel(/^Precio de venta/).fill("150,000");
    await page.getByLabel(/^Orden de compra/).fill("OC-VE-2025-118");
    // 18 % of 150,000 USD is above the 10,000 USD minimum
    await page
      .getByLabel("Cuota anual (vista previa)")
      .getByText(/27,000\.00/)
      .waitFor();
    await shot("02-create");

    await page.getByRole("button", { name: "Crear póliza" }).click();
    await page.getByRole("heading", { name: /^Póliza POL-/ }).waitFor();
    await page.getByText("Vigente", { exact: true }).first().waitFor();
    contractUrl = page.url();
  });

  it("authorizes two contacts and is refused a third, naming the plan's limit", async () => {
    await page.getByRole("button", { name: "Autorizar contacto" }).click();
    const dialog = page.getByRole("dialog", { name: /^Autorizar contacto en POL-/ });
    for (const [index, name] of CONTACTS.slice(0, 2).entries()) {
      await dialog.getByRole("button", { name: `Autorizar a ${name}` }).click();
      await dialog.getByText(`${index + 1} de 2 contactos autorizados`).waitFor();
    }
    await dialog.getByRole("button", { name: `Autorizar a ${THIRD.name}` }).click();
    const refusal = dialog.getByRole("alert");
    await refusal.waitFor();
    await expect(refusal.textContent()).resolves.toContain(
      "El plan Estándar permite 2 contactos autorizados y todos los lugares están ocupados",
    );
    await shot("03-seat-limit", false);

    await page.keyboard.press("Escape");
    await dialog.waitFor({ state: "hidden" });
    const contacts = page.getByRole("table", { name: "Contactos autorizados" });
    for (const name of CONTACTS.slice(0, 2)) await contacts.getByRole("link", { name }).waitFor();
    await expect(contacts.getByRole("link", { name: THIRD.name }).count()).resolves.toBe(0);
    // the history names both authorizations
    const history = page.getByRole("region", { name: "Historial" });
    await expect.poll(() => history.getByText("Contacto autorizado", { exact: true }).count()).toBe(2);
    await shot("04-detail");
  });

  it("renews the contract: the new one starts on the next business day after the end", async () => {
    await page.getByRole("button", { name: "Renovar", exact: true }).click();
    const dialog = page.getByRole("dialog", { name: /^Renovar POL-/ });
    await dialog.getByText("día hábil siguiente al vencimiento").waitFor();
    await dialog.getByRole("button", { name: "Renovar póliza" }).click();
    const start = dialog.getByTestId("renewal-start");
    await start.waitFor();
    await expect(start.textContent()).resolves.toBe(longDate(dates.renewalStart));
    await dialog.getByText(`Día hábil siguiente al vencimiento (${longDate(dates.end)}).`).waitFor();
    await shot("05-renewed", false);

    await dialog.getByRole("link", { name: /^Ver POL-/ }).click();
    await page.getByRole("heading", { name: /^Póliza POL-/ }).waitFor();
    await page.getByText("Próxima", { exact: true }).first().waitFor();
    await page.getByText("Renovación", { exact: true }).first().waitFor();
    // the authorized contacts carry over
    await page.getByText("2 de 2 contactos autorizados").first().waitFor();
  });

  it("shows the renewal pipeline on the home page without the renewed contract", async () => {
    await page.getByRole("navigation").getByRole("link", { name: "Inicio" }).click();
    const pipeline = page.getByRole("region", { name: "Renovaciones próximas" });
    await pipeline
      .getByRole("region", { name: "Próximos 30 días" })
      .getByRole("link", { name: DUE_SOON })
      .waitFor();
    const bucket = pipeline.getByRole("region", { name: "De 31 a 60 días" });
    await bucket.getByText("Ninguna póliza vence en este periodo.").waitFor();
    expect(await bucket.getByRole("link", { name: ORGANIZATION }).count()).toBe(0);
    await shot("06-pipeline");
  });

  it("fits a phone screen", async () => {
    await resize(page, 390, 844);
    await page
      .getByRole("region", { name: "Renovaciones próximas" })
      .getByRole("link", { name: DUE_SOON })
      .waitFor();
    await shot("07-pipeline-phone");
    await page.goto(contractUrl);
    await page.getByRole("heading", { name: /^Póliza POL-/ }).waitFor();
    await page.getByRole("table", { name: "Contactos autorizados" }).waitFor();
    await shot("08-detail-phone");
    await page.getByRole("button", { name: "Abrir menú" }).click();
    await page.getByRole("navigation").getByRole("link", { name: "Pólizas" }).click();
    await page.getByRole("table", { name: "Pólizas" }).waitFor();
    await shot("09-list-phone");
    await resize(page, 1280, 800);
    await shot("10-list");
  });

  it("shows 'Mis pólizas' to a customer contact of the organization", async () => {
    const customer = await journey.open();
    try {
      await journey.signIn(customer.page, journey.user(CUSTOMER));
      await customer.page.getByRole("navigation").getByRole("link", { name: "Mis pólizas" }).click();
      await customer.page.getByRole("heading", { name: "Mis pólizas" }).waitFor();
      const cards = customer.page.getByRole("article");
      await expect.poll(() => cards.count()).toBe(2);
      await cards.first().getByText("Vigente", { exact: true }).waitFor();
      for (const name of CONTACTS.slice(0, 2)) await cards.first().getByText(name).waitFor();
      // customers get neither prices nor buttons to change anything
      await expect(customer.page.getByText(/USD/).count()).resolves.toBe(0);
      await expect(customer.page.getByRole("button", { name: "Renovar" }).count()).resolves.toBe(0);
      await screenshot(customer.page, "contracts-11-mis-polizas.png");
      await resize(customer.page, 390, 844);
      await screenshot(customer.page, "contracts-12-mis-polizas-phone.png");
      expect(customer.errors).toEqual([]);
    } finally {
      await customer.context.close();
    }
  });

  it("shows the plans (read only for an account executive) and the held requests", async () => {
    await page.getByRole("navigation").getByRole("link", { name: "Planes" }).click();
    await page.getByRole("heading", { name: "Planes" }).waitFor();
    await page.getByRole("table", { name: "Tiempos de respuesta del plan Extendido" }).waitFor();
    await page.getByText("Solo un administrador puede cambiar los planes.").waitFor();
    await expect(page.getByRole("button", { name: /^Editar el plan/ }).count()).resolves.toBe(0);
    await shot("13-plans");
    await page.getByRole("navigation").getByRole("link", { name: "Solicitudes retenidas" }).click();
    await page.getByRole("heading", { name: "Solicitudes retenidas" }).waitFor();
    await page.getByText("No hay solicitudes retenidas").waitFor();
    await shot("14-held-requests");
  });

  it("reinstates a lapsed system from the organization's systems, with the itemised quote", async () => {
    // a contract of the test system that ended over two years ago: the penalty applies
    await page.goto("/contracts/new");
    await page.getByRole("combobox", { name: /^Organización/ }).fill("Villa");
    await page.getByRole("option", { name: ORGANIZATION }).click();
    await page.getByRole("combobox", { name: /^Sistema/ }).click();
    await page.getByRole("option", { name: /^SIGAP pruebas/ }).click();
    await page.getByRole("combobox", { name: /^Plan/ }).click();
    await page.getByRole("option", { name: "Estándar" }).click();
    await page.getByLabel(/^Inicio/).fill(LAPSED.start);
    await page.getByLabel(/^Precio de venta/).fill("40000");
    // 18 % of 40,000 is 7,200: the 10,000 USD minimum applies
    await page.getByLabel("Cuota anual (vista previa)").getByText("USD 10,000.00", { exact: true }).waitFor();
    await page.getByRole("button", { name: "Crear póliza" }).click();
    await page.getByRole("heading", { name: /^Póliza POL-/ }).waitFor();
    await page.getByText("Vencida", { exact: true }).first().waitFor();

    await page.getByRole("link", { name: ORGANIZATION }).first().click();
    await page.getByRole("tab", { name: "Sistemas" }).click();
    const systems = page.getByRole("table", { name: "Sistemas" });
    await systems.getByText("Vencida", { exact: true }).waitFor();
    await shot("15-systems");
    await systems.getByRole("button", { name: "Re-contratar" }).click();
    const dialog = page.getByRole("dialog", { name: "Re-contratación de SIGAP pruebas" });
    const quote = dialog.getByRole("table", { name: "Cotización de re-contratación" });
    await quote.waitFor();
    for (const line of [
      "Año vencido",
      "Periodo vencido (proporcional)",
      "Penalización por años vencidos",
      "Nuevo año de soporte",
    ]) {
      await quote.getByText(line, { exact: true }).first().waitFor();
    }
    await dialog.getByLabel(/^Orden de compra/).fill("OC-VE-2026-204");
    await shot("16-reinstatement", false);
    await dialog.getByRole("button", { name: /^Aceptar por USD/ }).click();
    await page.getByRole("heading", { name: /^Póliza POL-/ }).waitFor();
    await page.getByText("Re-contratación", { exact: true }).first().waitFor();
    await page.getByText("Vigente", { exact: true }).first().waitFor();
  });

  it("reads the contract and its history in English", async () => {
    await page.goto(contractUrl);
    await page.getByRole("heading", { name: /^Póliza POL-/ }).waitFor();
    await page.getByText("EN", { exact: true }).click();
    await page.getByRole("heading", { name: /^Contract POL-/ }).waitFor();
    const history = page.getByRole("region", { name: "History" });
    await history.getByText("Contact authorized", { exact: true }).first().waitFor();
    await page.getByText("Renewed as contract").waitFor();
    await shot("17-detail-en");
    await page.getByText("ES", { exact: true }).click();
    await page.getByRole("heading", { name: /^Póliza POL-/ }).waitFor();
  });

  it("lets an admin edit a plan, the penalty rate and the reopen window", async () => {
    const admin = await journey.open();
    try {
      await journey.signIn(admin.page, journey.admin);
      await admin.page.goto("/plans");
      await admin.page.getByRole("button", { name: "Editar el plan Extendido" }).click();
      const dialog = admin.page.getByRole("dialog", { name: "Editar plan Extendido" });
      await dialog.getByLabel(/^Objetivo P4/).fill("40");
      await screenshot(admin.page, "contracts-18-plan-edit.png", { fullPage: false });
      await dialog.getByRole("button", { name: "Guardar cambios" }).click();
      await dialog.waitFor({ state: "hidden" });
      await admin.page
        .getByText("Plan guardado. Se aplicará a las pólizas que se creen a partir de ahora.")
        .waitFor();
      const targets = admin.page.getByRole("table", { name: "Tiempos de respuesta del plan Extendido" });
      await targets.getByRole("cell", { name: "40 h", exact: true }).waitFor();
      const penalty = admin.page.getByRole("form", { name: "Re-contratación" });
      await penalty.getByLabel(/^Penalización por año vencido/).fill("12.5");
      await penalty.getByRole("button", { name: "Guardar cambios" }).click();
      await admin.page.getByText("Cambios guardados.").waitFor();
      const reopen = admin.page.getByRole("form", { name: "Reapertura de casos" });
      await reopen.getByLabel(/^Días para reabrir/).fill("10");
      await reopen.getByRole("button", { name: "Guardar cambios" }).click();
      await expect
        .poll(async () => (await admin.page.request.get(`${journey.baseUrl}/api/v1/settings/cases`)).json())
        .toEqual({ reopenWindowDays: 10 });
      await screenshot(admin.page, "contracts-19-plans-admin.png");
      expect(admin.errors).toEqual([]);
    } finally {
      await admin.context.close();
    }
  });

  it("raised no error in the page", () => {
    expect(pageErrors).toEqual([]);
  });
});
