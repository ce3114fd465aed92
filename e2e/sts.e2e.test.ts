import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addDays, localDateOf } from "../src/domain/contracts/local-date";
import { type Journey, screenshot, startJourney, ZONE } from "./support";

/**
 * The on-site engineer (STS): Ricardo Torres, Monte Claro's engineer in the demo data, finds the next business
 * review on his agenda, is refused a Sunday with the next business day offered, takes it, and records the
 * review held with its minutes; Patricia Salas sees her engineer and the service's visits in "Mis servicios";
 * the account executive is refused a service for Villa Esperanza, which has no contract.
 * Screenshots: test-results/sts-*.png.
 */

const ENGINEER = "ricardo.torres@soporte.example";
const CUSTOMER = "psalas@utmc.edu.mx";
const EXECUTIVE = "daniela.ruiz@soporte.example";
const ORGANIZATION = "Universidad Tecnológica de Monte Claro";

/** The first Sunday at least a week away (its Monday is not a holiday in the weeks this runs, or is moved). */
const nextSunday = () => {
  let day = addDays(localDateOf(Date.now(), ZONE), 7);
  while (new Date(`${day}T00:00:00Z`).getUTCDay() !== 0) day = addDays(day, 1);
  return day;
};

describe("STS journey (Chromium)", () => {
  let journey: Journey;
  let page: Page;
  let pageErrors: string[] = [];
  const shot = (target: Page, name: string) => screenshot(target, `sts-${name}.png`);

  beforeAll(async () => {
    journey = await startJourney({ logName: "server-sts.log" });
    ({ page, errors: pageErrors } = await journey.open());
  });

  afterAll(async () => {
    await journey?.stop();
  });

  it("shows the engineer the next business review on his agenda", async () => {
    await journey.signIn(page, journey.user(ENGINEER));
    await page.getByRole("navigation").getByRole("link", { name: "Agenda STS" }).click();
    await page.getByRole("heading", { name: "Agenda STS" }).waitFor();
    const agenda = page.getByRole("table", { name: "Agenda STS" });
    await agenda.getByRole("link", { name: ORGANIZATION }).waitFor();
    await agenda.getByText("Revisión de negocio").waitFor();
    await shot(page, "01-agenda");
  });

  it("refuses a Sunday with the next business day, then moves the review there", async () => {
    await page.getByRole("button", { name: /^Reprogramar: Revisión de negocio 2/ }).click();
    const dialog = page.getByRole("dialog", { name: "Reprogramar visita" });
    await dialog.getByLabel(/^Nueva fecha/).fill(nextSunday());
    await dialog.getByLabel(/^Motivo/).fill("Cierre de semestre en la universidad");
    await dialog.getByRole("button", { name: "Reprogramar", exact: true }).click();
    await dialog.getByText(/No es día hábil; el siguiente es el/).waitFor();
    await shot(page, "02-not-a-business-day");
    await dialog.getByRole("button", { name: /^Usar el / }).click();
    await dialog.getByRole("button", { name: "Reprogramar", exact: true }).click();
    await dialog.waitFor({ state: "hidden" });
    await page
      .getByRole("table", { name: "Agenda STS" })
      .getByText(/^Planeada para el /)
      .waitFor();
  });

  it("records the review held with its minutes on the service's page", async () => {
    await page.getByRole("table", { name: "Agenda STS" }).getByRole("link", { name: ORGANIZATION }).click();
    await page.getByRole("heading", { name: `Servicio STS de ${ORGANIZATION}` }).waitFor();
    const review = page.getByRole("article", { name: "Revisión de negocio 2" });
    await review.getByText("Reprogramaciones").waitFor();
    await review.getByRole("button", { name: "Registrar realizada" }).click();
    const dialog = page.getByRole("dialog", { name: "Registrar visita realizada" });
    await dialog
      .getByLabel(/^Minuta/)
      .fill("Se revisó el avance de la migración a SIGAP 5.x; capacitación de usuarios en enero.");
    await dialog.getByRole("button", { name: "Registrar como realizada" }).click();
    await dialog.waitFor({ state: "hidden" });
    await review.getByText(/avance de la migración a SIGAP 5\.x/).waitFor();
    await shot(page, "03-service");
  });

  it("shows Patricia Salas her engineer and the visits in Mis servicios", async () => {
    const customer = await journey.openSignedIn(journey.user(CUSTOMER));
    try {
      await customer.page.getByRole("navigation").getByRole("link", { name: "Mis servicios" }).click();
      const section = customer.page.getByRole("region", { name: "Ingeniero de soporte en sitio (STS)" });
      await section.getByText("Ricardo Torres Luna", { exact: true }).waitFor();
      await section.getByRole("link", { name: ENGINEER }).waitFor();
      await section.getByRole("link", { name: "+52 55 3683 0774 ext 214" }).waitFor();
      await section.getByRole("article", { name: "Revisión de negocio 1" }).waitFor();
      await shot(customer.page, "04-portal");
      expect(customer.errors).toEqual([]);
    } finally {
      await customer.context.close();
    }
  });

  it("refuses the account executive a service for an organization without a contract", async () => {
    const executive = await journey.openSignedIn(journey.user(EXECUTIVE));
    try {
      const p = executive.page;
      await p.goto("/sts/services/new");
      await p.getByRole("heading", { name: "Vender servicio STS" }).waitFor();
      await p.getByRole("combobox", { name: /^Organización/ }).fill("Villa");
      await p.getByRole("option", { name: "Municipio de Villa Esperanza" }).click();
      await p.getByRole("combobox", { name: /^Ingeniero asignado/ }).click();
      await p.getByRole("option", { name: /^Ricardo Torres Luna/ }).click();
      await p.getByLabel(/^Orden de compra/).fill("OC-VE-STS-1");
      await p.getByLabel(/^Precio/).fill("25,000.00");
      await p.getByRole("button", { name: "Vender y programar visitas" }).click();
      await p.getByText("No tiene póliza vigente.").waitFor();
      await p.getByText(/^La organización no tiene una póliza vigente/).waitFor();
      await shot(p, "05-no-contract");
      expect(executive.errors).toEqual([]);
    } finally {
      await executive.context.close();
    }
    expect(pageErrors).toEqual([]);
  });
});
