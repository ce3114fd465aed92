import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Items, type Journey, screenshot, startJourney } from "./support";

/**
 * Issue 14's hour banks in Chromium: the account executive is refused a bank for an organization without a
 * contract and sells an 80-hour bank to one with a current contract; a consultant logs hours on Monte
 * Claro's demo bank until the low-balance alert mails; a specialist is refused hours beyond the balance
 * and a manager logs them with a reason; Patricia Salas sees the balance and the entries in "Mis
 * servicios". Screenshots: test-results/hour-banks-*.png.
 */

const EXECUTIVE = "daniela.ruiz@soporte.example";
const CONSULTANT = "jorge.ramirez@soporte.example";
const MANAGER = "laura.mendez@soporte.example";
const CUSTOMER = "psalas@utmc.edu.mx";
const NO_CONTRACT = "Municipio de Villa Esperanza";
const WITH_CONTRACT = "Instituto Estatal de Transparencia de Tierra Alta";
/** The demo bank: 80 hours, 17.5 left (src/server/seed/demo-hour-banks.ts). */
const DEMO_BANK = "Universidad Tecnológica de Monte Claro";

describe("hour banks journey (Chromium)", () => {
  let journey: Journey;
  let page: Page;
  /** Each page's errors, collected by openPage. */
  const pageErrors: string[][] = [];
  let demoBankUrl = "";
  const shot = (name: string) => screenshot(page, `hour-banks-${name}.png`);

  beforeAll(async () => {
    journey = await startJourney({ logName: "server-hour-banks.log" });
    await signInAs(EXECUTIVE);
  });

  afterAll(async () => {
    await journey?.stop();
  });

  /** A fresh signed-in page for each person; every page's errors are kept. */
  const signInAs = async (email: string) => {
    const opened = await journey.openSignedIn(journey.user(email));
    page = opened.page;
    pageErrors.push(opened.errors);
  };

  const openBanks = async () => {
    await page.getByRole("navigation").getByRole("link", { name: "Bolsas de horas" }).click();
    await page.getByRole("heading", { name: "Bolsas de horas" }).waitFor();
  };

  const sellTo = async (organization: string, search: string) => {
    await page.getByRole("button", { name: "Vender bolsa de horas" }).first().click();
    const dialog = page.getByRole("dialog", { name: "Vender bolsa de horas" });
    await dialog.getByRole("combobox", { name: /^Organización/ }).fill(search);
    await page.getByRole("option", { name: organization }).click();
    await dialog.getByLabel(/^Orden de compra/).fill("OC-E2E-HORAS-001");
    await dialog.getByLabel(/^Precio/).fill("96,000.00");
    await dialog.getByRole("button", { name: "Vender bolsa" }).click();
    return dialog;
  };

  it("the account executive is refused a bank without a contract and sells 80 hours to Tierra Alta", async () => {
    await openBanks();
    await page
      .getByRole("table", { name: "Bolsas de horas" })
      .getByRole("link", { name: DEMO_BANK })
      .waitFor();
    await shot("01-list");

    const refused = await sellTo(NO_CONTRACT, "Villa");
    await refused
      .getByRole("alert")
      .getByText(/solo a una organización con póliza de soporte vigente/)
      .waitFor();
    await refused.getByRole("button", { name: "Cancelar" }).click();
    await refused.waitFor({ state: "hidden" });

    const dialog = await sellTo(WITH_CONTRACT, "Tierra");
    await dialog.waitFor({ state: "hidden" });
    await page.getByRole("heading", { name: "Bolsa de 80 horas" }).waitFor();
    await page.getByText("Quedan 80 de 80 h").waitFor();
    await page.getByRole("link", { name: WITH_CONTRACT }).waitFor();
    await shot("02-sold");
  });

  it("a consultant logs hours on Monte Claro's bank until the low-balance alert mails", async () => {
    await signInAs(CONSULTANT);
    await openBanks();
    await page.getByRole("table", { name: "Bolsas de horas" }).getByRole("link", { name: DEMO_BANK }).click();
    await page.getByText("Quedan 17.5 de 80 h").waitFor();
    demoBankUrl = page.url();
    await page.getByRole("button", { name: "Registrar horas" }).first().click();
    const dialog = page.getByRole("dialog", { name: `Registrar horas de ${DEMO_BANK}` });
    await dialog.getByLabel(/^Horas/).fill("2");
    await dialog.getByRole("combobox", { name: /^Tipo/ }).click();
    await page.getByRole("option", { name: "Migración" }).click();
    await dialog.getByLabel(/^Actividad/).fill("Migración de expedientes de control escolar, tercera fase.");
    await dialog.getByRole("button", { name: "Registrar horas" }).click();
    await dialog.waitFor({ state: "hidden" });
    await page.getByText("Quedan 15.5 de 80 h").waitFor();
    const alerts = page.getByRole("region", { name: "Avisos enviados" });
    await alerts.getByText("Saldo menor al 20 %").waitFor();
    await page
      .getByRole("table", { name: "Horas registradas" })
      .getByText("Migración de expedientes de control escolar, tercera fase.")
      .waitFor();
    await shot("03-low-balance");

    // the mail is in the outbox for the account executive and Patricia Salas
    const admin = await journey.api(journey.admin);
    await expect
      .poll(async () =>
        (await admin<Items<{ kind: string; to: string }>>("GET", "/outbox?limit=200")).items
          .filter((m) => m.kind === "hour_bank_low_balance")
          .map((m) => m.to)
          .sort(),
      )
      .toEqual([CUSTOMER, EXECUTIVE].sort());
  });

  it("a specialist is refused hours beyond the balance; a manager logs them with a reason", async () => {
    await page.getByRole("button", { name: "Registrar horas" }).first().click();
    let dialog = page.getByRole("dialog", { name: `Registrar horas de ${DEMO_BANK}` });
    await dialog.getByLabel(/^Horas/).fill("20");
    await dialog.getByRole("button", { name: "Registrar horas" }).click();
    await dialog.getByText(/Solo quedan 15.5 horas/).waitFor();
    expect(await dialog.getByLabel(/^Motivo de la autorización/).count()).toBe(0);
    await dialog.getByRole("button", { name: "Cancelar" }).click();

    await signInAs(MANAGER);
    await page.goto(demoBankUrl);
    await page.getByRole("button", { name: "Registrar horas" }).first().click();
    dialog = page.getByRole("dialog", { name: `Registrar horas de ${DEMO_BANK}` });
    await dialog.getByLabel(/^Horas/).fill("20");
    await dialog.getByRole("button", { name: "Registrar horas" }).click();
    const reason = dialog.getByLabel(/^Motivo de la autorización/);
    await reason.waitFor();
    await shot("04-override");
    await reason.fill("Cierre de la migración antes de inscripciones; la nueva bolsa está en compra.");
    await dialog.getByRole("button", { name: "Registrar con autorización" }).click();
    await dialog.waitFor({ state: "hidden" });
    await page.getByText("Quedan 0 de 80 h").waitFor();
    await page
      .getByRole("table", { name: "Horas registradas" })
      .getByText("Autorizado por un gerente")
      .waitFor();
  });

  it("Patricia Salas sees the balance and the entries in Mis servicios", async () => {
    await signInAs(CUSTOMER);
    await page.getByRole("navigation").getByRole("link", { name: "Mis servicios" }).click();
    await page.getByRole("heading", { name: "Mis servicios" }).waitFor();
    const section = page.getByRole("region", { name: "Bolsa de horas de consultor técnico" });
    await section.getByText("Quedan 0 de 80 h").waitFor();
    await section
      .getByRole("table", { name: "Horas registradas" })
      .getByText("Migración de expedientes de control escolar, tercera fase.")
      .waitFor();
    await shot("05-my-services");
    expect(pageErrors.flat()).toEqual([]);
  });
});
