import { readFile } from "node:fs/promises";
import type { Download, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { localDateOf } from "../src/domain/contracts/local-date";
import {
  type ApiCall,
  getOrganization,
  getSystem,
  type Items,
  type Journey,
  type Named,
  type OpenedPage,
  randomSuffix,
  resize,
  screenshot,
  startJourney,
  ZONE,
} from "./support";

/**
 * Issue 15's journey: the manager Laura Méndez sees this month's compliance on her home page, opens the
 * compliance report, filters it to Tierra Alta and reads the chart and its table, downloads the CSV for
 * Excel (UTF-8 with BOM, accents intact, only that organization) and the case list's CSV; Patricia Salas of
 * Monte Claro reads her organization's service level only, even when the address names another
 * organization. Screenshots: test-results/reports-*.png.
 */

const MANAGER = "laura.mendez@soporte.example";
const PATRICIA = "psalas@utmc.edu.mx";
const TIERRA_ALTA = "Instituto Estatal de Transparencia de Tierra Alta";
const MONTE_CLARO = "Universidad Tecnológica de Monte Claro";
const TIERRA_ALTA_SYSTEM = "ECM Oficina Digital";
const TIERRA_ALTA_CONTACT = "María Fernanda Ríos";
const MONTE_CLARO_SYSTEM = "SIGAP atención ciudadana";
const MONTE_CLARO_CONTACT = "Patricia Salas Medina";
const suffix = randomSuffix();
const TIERRA_ALTA_SUBJECT = `Atención: la firma de oficios tarda más de un minuto (${suffix})`;
const MONTE_CLARO_SUBJECT = `Las solicitudes ciudadanas no guardan el acuse (${suffix})`;
const CHECKLIST = {
  databases: true,
  applicationServers: true,
  operatingSystems: true,
  networks: true,
  infrastructure: true,
  documentRepositories: true,
};
const BOM = [0xef, 0xbb, 0xbf];

interface Counts {
  met: number;
  breached: number;
  openOnTime: number;
  openBreached: number;
  total: number;
}
interface Compliance {
  total: Counts;
  byOrganization: (Counts & { organizationName: string })[];
}

/** Reads a download made by the page, as bytes. */
const bytesOf = async (download: Download) => readFile((await download.path())!);

/** Clicks one of the "Descargar CSV" menu's links and waits for the file. */
const downloadCsv = async (page: Page, button: string, item: string) => {
  await page.getByRole("button", { name: button }).click();
  const link = page.getByRole("menuitem", { name: item });
  const [download] = await Promise.all([page.waitForEvent("download"), link.click()]);
  return download;
};

describe("reports journey (Chromium)", () => {
  let journey: Journey;
  let managerApi: ApiCall;
  let tierraAlta: Named;
  let monteClaro: Named;
  /** The compliance of this month's cases, as the API counts it, per organization. */
  let expected: { tierraAlta: Counts; monteClaro: Counts };
  /** Monte Claro's cases answered this month (the response-times report's count). */
  let monteClaroAnswered = 0;
  const opened: OpenedPage[] = [];

  const openAs = async (email: string) => {
    const page = await journey.openSignedIn(journey.user(email));
    opened.push(page);
    return page;
  };
  const shot = (page: Page, name: string) => screenshot(page, `reports-${name}.png`);

  beforeAll(async () => {
    journey = await startJourney({ logName: "server-reports.log" });
    managerApi = await journey.api(journey.user(MANAGER));
    tierraAlta = await getOrganization(managerApi, { search: "Tierra Alta", name: TIERRA_ALTA });
    monteClaro = await getOrganization(managerApi, { search: "Monte Claro", name: MONTE_CLARO });

    // one more case each, logged by phone and answered at once: a met case beside each seed's open one
    const answeredCase = async (
      organization: Named,
      systemName: string,
      contactName: string,
      subject: string,
    ) => {
      const system = await getSystem(managerApi, organization, systemName);
      const contacts = await managerApi<Items<Named>>(
        "GET",
        `/organizations/${organization.id}/contacts?limit=50`,
      );
      const requester = contacts.items.find((contact) => contact.name === contactName);
      if (!requester) throw new Error(`the seed has no ${contactName}`);
      const created = await managerApi<{ id: string }>("POST", "/cases", {
        systemId: system.id,
        requesterId: requester.id,
        subject,
        description: "Desde el lunes la operación tarda más de un minuto.",
        affectedPercent: 40,
        canKeepWorking: true,
        checklist: CHECKLIST,
      });
      await managerApi("POST", `/cases/${created.id}/replies`, {
        body: "Recibimos su reporte; lo revisamos.",
      });
    };
    await answeredCase(tierraAlta, TIERRA_ALTA_SYSTEM, TIERRA_ALTA_CONTACT, TIERRA_ALTA_SUBJECT);
    await answeredCase(monteClaro, MONTE_CLARO_SYSTEM, MONTE_CLARO_CONTACT, MONTE_CLARO_SUBJECT);

    const compliance = async (organization: Named) => {
      const today = localDateOf(Date.now(), ZONE);
      const report = await managerApi<Compliance>(
        "GET",
        `/reports/compliance?from=${today.slice(0, 8)}01&to=${today}&organizationId=${organization.id}`,
      );
      return report.total;
    };
    expected = { tierraAlta: await compliance(tierraAlta), monteClaro: await compliance(monteClaro) };
    expect(expected.tierraAlta.met).toBeGreaterThanOrEqual(1);
    expect(expected.monteClaro.met).toBeGreaterThanOrEqual(1);
    const today = localDateOf(Date.now(), ZONE);
    const times = await managerApi<{ total: { count: number } }>(
      "GET",
      `/reports/response-times?from=${today.slice(0, 8)}01&to=${today}&organizationId=${monteClaro.id}`,
    );
    monteClaroAnswered = times.total.count;
  });

  afterAll(async () => {
    await journey?.stop(); // undefined when the start failed
  });

  it("the manager's home shows this month's compliance per priority, linking to the reports", async () => {
    const { page } = await openAs(MANAGER);
    const block = page.getByRole("region", { name: "Cumplimiento de este mes" });
    await block.waitFor();
    for (const priority of ["P1", "P2", "P3", "P4"])
      await block.getByRole("region", { name: priority }).waitFor();
    await block.getByText(/de cumplimiento en \d+ casos? registrados? este mes/).waitFor();
    await shot(page, "01-manager-home");

    await block.getByRole("link", { name: "Ver reportes" }).click();
    await page.getByRole("heading", { name: "Reportes", level: 2 }).waitFor();
    expect(new URL(page.url()).searchParams.get("period")).toBe("thisMonth");
  });

  it("filters the compliance report by organization: the chart, its table and the address follow", async () => {
    const { page } = opened[0]!;
    await page.getByRole("tab", { name: "Cumplimiento" }).and(page.locator("[aria-selected=true]")).waitFor();
    await page.getByRole("combobox", { name: /^Organización/ }).fill("Tierra");
    await page.getByRole("option", { name: TIERRA_ALTA }).click();
    await page.waitForURL((url) => url.searchParams.get("organizationId") === tierraAlta.id);

    // the chart is drawn (a bar per outcome of each priority) and the same numbers are in its table
    const chart = page.getByRole("img", { name: /^Gráfica: Cumplimiento por prioridad\./ });
    await chart.locator(".recharts-bar-rectangle path").first().waitFor();
    const table = page.getByRole("table", { name: "Cumplimiento por prioridad" });
    const total = table.getByRole("row").filter({ hasText: /^Total/ });
    const { met, breached, openOnTime, openBreached, total: cases } = expected.tierraAlta;
    await expect
      .poll(async () => (await total.getByRole("cell").allInnerTexts()).map((text) => text.trim()))
      .toEqual([
        "Total",
        ...[met, breached, openOnTime, openBreached, cases].map(String),
        expect.any(String),
      ]);
    // only Tierra Alta in the table by organization
    const byOrganization = page.getByRole("table", { name: "Cumplimiento por organización" });
    await byOrganization.getByRole("cell", { name: TIERRA_ALTA }).waitFor();
    expect(await byOrganization.getByRole("cell", { name: MONTE_CLARO }).count()).toBe(0);
    await page.getByRole("img", { name: /^Gráfica: Tendencia mensual del cumplimiento\./ }).waitFor();
    await shot(page, "02-compliance-tierra-alta");

    await resize(page, 390, 844);
    await chart.locator(".recharts-bar-rectangle path").first().waitFor();
    // the chart shrinks to the phone; the table scrolls sideways inside its card instead of widening the page
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(width).toBeLessThanOrEqual(390);
    await shot(page, "03-compliance-phone");
    await resize(page, 1280, 800);
  });

  it("downloads the report for Excel: UTF-8 with BOM, semicolons, accents intact, that organization only", async () => {
    const { page } = opened[0]!;
    const download = await downloadCsv(page, "Descargar CSV", "Excel (separado por ;)");
    expect(download.suggestedFilename()).toMatch(/^compliance-\d{4}-\d{2}-\d{2}-\d{4}-\d{2}-\d{2}\.csv$/);
    const bytes = await bytesOf(download);
    expect([...bytes.subarray(0, 3)]).toEqual(BOM);
    const text = bytes.subarray(3).toString("utf8");
    const [header, ...rows] = text.split(/\r?\n/).filter(Boolean);
    expect(header).toContain("Agrupación;Valor;Prioridad;Cumplidos;Incumplidos");
    const organizationRow = rows.find((row) => row.startsWith("organización;"));
    expect(organizationRow).toBe(
      `organización;${TIERRA_ALTA};;${[
        expected.tierraAlta.met,
        expected.tierraAlta.breached,
        expected.tierraAlta.openOnTime,
        expected.tierraAlta.openBreached,
        expected.tierraAlta.total,
      ].join(";")};${organizationRow?.split(";").at(-1)}`,
    );
    expect(text).not.toContain(MONTE_CLARO);

    // the comma-separated file has the same rows
    const comma = (await bytesOf(await downloadCsv(page, "Descargar CSV", "CSV (separado por ,)")))
      .subarray(3)
      .toString("utf8");
    expect(comma.split(/\r?\n/)[0]).toContain("Agrupación,Valor,Prioridad,Cumplidos,Incumplidos");
  });

  it("the other reports open from their tabs with the same filters; the case list exports its CSV", async () => {
    const { page } = opened[0]!;
    await page.getByRole("tab", { name: "Tiempos de respuesta" }).click();
    await page.getByRole("img", { name: /^Gráfica: Distribución del tiempo de respuesta\./ }).waitFor();
    await page.getByRole("table", { name: "Tiempo de primera respuesta por prioridad" }).waitFor();
    expect(new URL(page.url()).searchParams.get("organizationId")).toBe(tierraAlta.id);
    await shot(page, "04-response-times");

    await page.getByRole("tab", { name: "Cartera abierta" }).click();
    const oldest = page.getByRole("table", { name: "Casos abiertos más antiguos" });
    await oldest.getByRole("link", { name: /^CAS-/ }).first().waitFor();
    expect(await oldest.getByRole("cell", { name: MONTE_CLARO }).count()).toBe(0);
    await shot(page, "05-backlog");

    await page.getByRole("navigation").getByRole("link", { name: "Casos" }).click();
    await page.getByRole("heading", { name: "Casos", level: 2 }).waitFor();
    const download = await downloadCsv(page, "Exportar CSV", "Excel (separado por ;)");
    const bytes = await bytesOf(download);
    expect([...bytes.subarray(0, 3)]).toEqual(BOM);
    const text = bytes.subarray(3).toString("utf8");
    expect(text.split(/\r?\n/)[0]).toMatch(/^Caso;Asunto;Organización;/);
    expect(text).toContain(MONTE_CLARO);
    expect(text).toContain(TIERRA_ALTA_SUBJECT);
    expect(text).toContain(MONTE_CLARO_SUBJECT);
  });

  it("Patricia reads her organization's service level only, whatever the address says", async () => {
    const { page } = await openAs(PATRICIA);
    await page.getByRole("navigation").getByRole("link", { name: "Nivel de servicio" }).click();
    await page.getByRole("heading", { name: "Nivel de servicio", level: 2 }).waitFor();
    // her two reports, no organization to pick, no table by organization
    expect(await page.getByRole("tab").allInnerTexts()).toEqual(["Cumplimiento", "Tiempos de respuesta"]);
    expect(await page.getByRole("combobox", { name: /^Organización/ }).count()).toBe(0);

    // an address naming Tierra Alta still shows Monte Claro's figures
    await page.goto(`/service-level?period=thisMonth&organizationId=${tierraAlta.id}`);
    const table = page.getByRole("table", { name: "Cumplimiento por prioridad" });
    const total = table.getByRole("row").filter({ hasText: /^Total/ });
    await expect
      .poll(async () => (await total.getByRole("cell").allInnerTexts())[5]?.trim())
      .toBe(String(expected.monteClaro.total));
    await page.getByRole("img", { name: /^Gráfica: Cumplimiento por prioridad\./ }).waitFor();
    expect(await page.getByRole("table", { name: "Cumplimiento por organización" }).count()).toBe(0);
    await shot(page, "06-portal-service-level");

    const bytes = await bytesOf(await downloadCsv(page, "Descargar CSV", "Excel (separado por ;)"));
    const text = bytes.subarray(3).toString("utf8");
    expect(text).toContain(`organización;${MONTE_CLARO};`);
    expect(text).not.toContain(TIERRA_ALTA);

    await page.getByRole("tab", { name: "Tiempos de respuesta" }).click();
    await page.getByRole("img", { name: /^Gráfica: Distribución del tiempo de respuesta\./ }).waitFor();
    const answered = page.getByRole("region", { name: "Casos respondidos" });
    await answered.getByText(String(monteClaroAnswered), { exact: true }).waitFor();
    await resize(page, 390, 844);
    await shot(page, "07-portal-phone");

    // the staff's reports page sends her to her own
    await page.goto("/reports");
    await page.getByRole("heading", { name: "Nivel de servicio", level: 2 }).waitFor();
  });

  it("shows no page errors", () => {
    expect(opened.flatMap((page) => page.errors)).toEqual([]);
  });
});
