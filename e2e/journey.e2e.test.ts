import { join } from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Journey, RESULTS, randomSuffix, startJourney } from "./support";

/**
 * The foundation journey: an admin signs in, creates an organization, finds it in the list and
 * switches the language. Runs the real server on the embedded database in a fresh data folder,
 * in Debian's Chromium; screenshots go to test-results/.
 */

const randomRfcTail = () =>
  Array.from({ length: 3 }, () => "ABCDEFGHJKLMNPQRSTUVWXYZ0123456789"[Math.floor(Math.random() * 34)]).join(
    "",
  );

describe("foundation journey (Chromium)", () => {
  let journey: Journey;
  let page: Page;
  let pageErrors: string[] = [];
  const suffix = randomSuffix();
  const organization = {
    name: `Municipio de Prueba ${suffix}`,
    rfc: `MPR240101${randomRfcTail()}`,
    domain: `prueba-${suffix}.gob.mx`,
  };
  const screenshot = (name: string) => page.screenshot({ path: join(RESULTS, name), fullPage: true });

  beforeAll(async () => {
    journey = await startJourney({ logName: "server.log" });
    ({ page, errors: pageErrors } = await journey.open());
  });

  afterAll(async () => {
    await journey?.stop(); // undefined when the start failed
  });

  it("shows the sign-in page in Spanish", async () => {
    await page.goto("/");
    await page.waitForURL("**/sign-in");
    await page.getByRole("heading", { name: "Iniciar sesión" }).waitFor();
    await expect(page.locator("html").getAttribute("lang")).resolves.toBe("es-MX");
    await screenshot("01-sign-in.png");
  });

  it("signs in as the generated admin", async () => {
    const admin = journey.admin;
    await page.getByLabel("Correo electrónico").fill(admin.email);
    await page.getByLabel(/^Contraseña/).fill(admin.password);
    await page.getByRole("button", { name: "Iniciar sesión" }).click();
    await page.waitForURL(`${journey.baseUrl}/`);
    await page.getByRole("heading", { name: /^Hola, / }).waitFor();
    await page.getByRole("navigation").getByRole("link", { name: "Organizaciones" }).waitFor();
    await screenshot("02-home.png");
  });

  it("creates an organization", async () => {
    await page.getByRole("navigation").getByRole("link", { name: "Organizaciones" }).click();
    await page.getByRole("heading", { name: "Organizaciones" }).waitFor();
    await page.getByRole("link", { name: "Nueva organización" }).click();
    await page.getByRole("heading", { name: "Nueva organización" }).waitFor();

    await page.getByLabel(/^Nombre/).fill(organization.name);
    await page.getByLabel("RFC", { exact: true }).fill(organization.rfc);
    const domains = page.getByRole("combobox", { name: "Dominios de correo" });
    await domains.fill(organization.domain);
    await domains.press("Enter");
    await page.getByText(organization.domain, { exact: true }).waitFor();
    await screenshot("03-create-org.png");

    await page.getByRole("button", { name: "Crear organización" }).click();
    await page.getByRole("heading", { name: organization.name }).waitFor();
    await page.getByText(organization.rfc).first().waitFor();
  });

  it("finds the organization by searching the list", async () => {
    await page.getByRole("navigation").getByRole("link", { name: "Organizaciones" }).click();
    await page.getByLabel("Buscar organizaciones").fill(suffix);
    const table = page.getByRole("table", { name: "Organizaciones" });
    await table.getByRole("link", { name: organization.name }).waitFor();
    await page.waitForURL(`**/organizations?q=${suffix}`);
    // the unfiltered list stays on screen until the search answers: wait for the one match
    await expect.poll(() => table.getByRole("row").count(), { timeout: 15_000 }).toBe(2);
    await table.getByRole("cell", { name: organization.rfc, exact: true }).waitFor();
    await screenshot("04-org-list.png");
  });

  it("switches the language to English", async () => {
    await page.getByText("EN", { exact: true }).click();
    await page.getByRole("navigation").getByRole("link", { name: "Organizations" }).waitFor();
    await page.getByRole("heading", { name: "Organizations" }).waitFor();
    await page.getByRole("columnheader", { name: "Account executive" }).waitFor();
    await expect(page.locator("html").getAttribute("lang")).resolves.toBe("en");
    // the switch dismisses messages shown in Spanish; let them slide out
    await expect.poll(() => page.getByRole("alert").count(), { timeout: 5_000 }).toBe(0);
    await screenshot("05-english.png");

    // the choice survives a reload
    await page.reload();
    await page.getByRole("navigation").getByRole("link", { name: "Organizations" }).waitFor();
  });

  it("fits a phone screen", async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page
      .getByRole("table", { name: "Organizations" })
      .getByRole("link", { name: organization.name })
      .waitFor();
    await screenshot("06-phone.png");

    await page.getByRole("button", { name: "Open menu" }).click();
    await page.getByRole("navigation").getByRole("link", { name: "Catalog" }).waitFor();
    await page.waitForTimeout(400); // let the menu finish sliding in
    await page.screenshot({ path: join(RESULTS, "07-phone-menu.png") });
  });

  it("raised no error in the page", () => {
    expect(pageErrors).toEqual([]);
  });
});
