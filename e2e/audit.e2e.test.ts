import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Journey, resize, screenshot, startJourney } from "./support";

/**
 * Issue 15's audit log in Chromium: the support manager opens the Bitácora, sees her own sign-in, narrows it
 * to the settings an admin just changed and reads the change's before and after side by side; a reversed
 * period is said before anything is asked; the page reads at phone width; a specialist has no Bitácora; a
 * read-only API token made on the profile reads and may not write.
 * Screenshots: test-results/audit-*.png.
 */

const MANAGER = "laura.mendez@soporte.example";
const SPECIALIST = "jorge.ramirez@soporte.example";

describe("audit log journey (Chromium)", () => {
  let journey: Journey;
  let page: Page;
  const pageErrors: string[][] = [];
  const shot = (name: string, fullPage = true) =>
    screenshot(page, `audit-${name}.png`, { settle: true, fullPage });
  const table = () => page.getByRole("table", { name: "Entradas de la bitácora" });

  beforeAll(async () => {
    journey = await startJourney({ logName: "server-audit.log" });
  });

  afterAll(async () => {
    await journey?.stop();
  });

  const signInAs = async (email: string) => {
    const opened = await journey.openSignedIn(journey.user(email));
    page = opened.page;
    pageErrors.push(opened.errors);
  };

  it("the manager opens the Bitácora from the navigation and finds her own sign-in first", async () => {
    await signInAs(MANAGER);
    await page.getByRole("navigation").getByRole("link", { name: "Bitácora" }).click();
    await page.getByRole("heading", { name: "Bitácora" }).waitFor();
    const first = table().getByRole("row").nth(1);
    await first.getByText("Inició sesión").waitFor();
    await expect(first.getByText("Laura Méndez Ortiz").first().isVisible()).resolves.toBe(true);
    await shot("01-list");
  });

  it("narrows to the settings an admin changed and shows the change's before and after", async () => {
    const admin = await journey.api(journey.admin);
    await admin("PATCH", "/settings/contracts", { penaltyRateBps: 1500 });

    await page.getByRole("combobox", { name: "Acción" }).click();
    await page.getByRole("combobox", { name: "Acción" }).fill("Ajustes");
    await page.getByRole("option", { name: "Ajustes: todo" }).click();
    await page.waitForURL(/action=settings\./);
    const row = table().getByRole("row").filter({ hasText: "Cambió los ajustes de pólizas" });
    await row.waitFor();
    await expect(table().getByRole("row").filter({ hasText: "Inició sesión" }).count()).resolves.toBe(0);

    await row.getByRole("button", { name: /^Ver el detalle de «Cambió los ajustes de pólizas»/ }).click();
    const dialog = page.getByRole("dialog");
    await dialog.getByRole("table", { name: "Cambios" }).waitFor();
    const change = dialog.getByRole("row").filter({ hasText: "penaltyRateBps" });
    await expect(change.getByRole("cell").allInnerTexts()).resolves.toEqual([
      "penaltyRateBps",
      "1000",
      "1500",
    ]);
    await shot("02-detail");
    await page.keyboard.press("Escape");
    await dialog.waitFor({ state: "hidden" });
  });

  it("says a reversed period before asking the server", async () => {
    await page.getByLabel("Desde").fill("2026-12-10");
    await page.getByLabel("Hasta").fill("2026-12-01");
    await page.getByText("«Hasta» no puede ser anterior a «Desde».").waitFor();
    await page.getByText("Corrija el periodo para ver la bitácora.").waitFor();
    await page.getByRole("button", { name: "Quitar filtros" }).click();
    await table().getByRole("row").filter({ hasText: "Inició sesión" }).first().waitFor();
  });

  it("reads at phone width: the person, the thing and the organization fold under the action", async () => {
    await resize(page, 390, 844);
    // a filtered list is a link
    await page.goto("/audit?action=settings.");
    await table().getByRole("row").filter({ hasText: "Cambió los ajustes de pólizas" }).waitFor();
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    expect(overflow).toBeLessThanOrEqual(0);
    await shot("03-phone", false);
    await table()
      .getByRole("row")
      .filter({ hasText: "Cambió los ajustes de pólizas" })
      .getByRole("button", { name: /^Ver el detalle/ })
      .click();
    await page.getByRole("dialog").getByRole("table", { name: "Cambios" }).waitFor();
    await shot("04-phone-detail");
    await page.keyboard.press("Escape");
  });

  it("a specialist has no Bitácora: not in the navigation, and its address leads home", async () => {
    await signInAs(SPECIALIST);
    await expect(page.getByRole("navigation").getByRole("link", { name: "Bitácora" }).count()).resolves.toBe(
      0,
    );
    await page.goto("/audit");
    await page.waitForURL(`${journey.baseUrl}/`);
    await page.getByRole("heading", { name: /^Hola, / }).waitFor();
  });

  it("the manager makes a read-only API token on her profile: it reads and may not write", async () => {
    await signInAs(MANAGER);
    await resize(page, 1280, 900);
    await page.goto("/profile");
    const form = page.getByRole("form", { name: "Crear token" });
    await form.getByLabel("Nombre del token").fill("Tablero de reportes");
    await form.getByRole("checkbox", { name: "Solo lectura" }).check();
    await form.getByRole("button", { name: "Crear token" }).click();
    const secret = ((await page.getByLabel("Token secreto").textContent()) ?? "").trim();
    expect(secret).toMatch(/^sop_/);
    const row = page.getByRole("table", { name: "Tokens personales de la API" }).getByRole("row", {
      name: /Tablero de reportes/,
    });
    await row.getByText("Solo lectura").waitFor();
    await shot("05-read-only-token");

    const call = (method: string, path: string, body?: unknown) =>
      fetch(`${journey.baseUrl}/api/v1${path}`, {
        method,
        headers: {
          authorization: `Bearer ${secret}`,
          ...(body ? { "content-type": "application/json" } : {}),
        },
        ...(body ? { body: JSON.stringify(body) } : {}),
      });
    expect((await call("GET", "/cases?limit=1")).status).toBe(200);
    const refused = await call("POST", "/organizations", { name: "Escrita con un token de lectura" });
    expect(refused.status).toBe(403);
    expect(await refused.json()).toMatchObject({ code: "forbidden", reason: "token_read_only" });
    expect(pageErrors.flat()).toEqual([]);
  });
});
