import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type ApiCall,
  ensureAuthorizedContact,
  getOrganization,
  getSystem,
  type Journey,
  type OpenedPage,
  randomSuffix,
  resize,
  screenshot,
  startJourney,
  ZONE,
} from "./support";

/**
 * Issue 5's journeys: a customer opens a case with the precondition checklist and sees its due time
 * and how it was computed; a specialist finds it among the untriaged cases, triages it as P2 with a
 * reason and replies; the customer sees the reply and the response target met. Also the phone log
 * refusing a caller who is not an authorized contact, and phone-width pages.
 * Screenshots: test-results/cases-*.png.
 */

const ORGANIZATION = "Municipio de Villa Esperanza";
const SYSTEM = "SIGAP producción";
const EXECUTIVE = "daniela.ruiz@soporte.example";
const CUSTOMER = "ana.lopez@villaesperanza.gob.mx";
const CUSTOMER_NAME = "Ana López Guerrero";
const SPECIALIST = "jorge.ramirez@soporte.example";
const suffix = randomSuffix();
const CALLER = {
  name: `Rodrigo Sánchez Mora ${suffix}`,
  email: `rodrigo.sanchez.${suffix}@villaesperanza.gob.mx`,
};
const SUBJECT = `No se puede acceder a e-oficio ${suffix}`;
const REASON = "Solo falla e-oficio; e-firma y la atención ciudadana siguen funcionando.";
const REPLY = "Buen día. Identificamos el problema en el servicio de sesiones; ya lo reiniciamos.";
const NOTE = "Revisar la bitácora del servidor de aplicaciones antes de cerrar.";
const LOG_FILE = "bitacora-e-oficio.txt";
const CHECKLIST = [
  "Bases de datos",
  "Servidores de aplicaciones",
  "Sistemas operativos",
  "Redes",
  "Infraestructura",
  "Repositorios de administración documental",
];

/**
 * Whatever the seed already holds: a current contract of the organization's production system with
 * Ana trained and authorized, and a contact who is not authorized (the phone caller).
 */
const prepareEntitlements = async (call: ApiCall) => {
  const organization = await getOrganization(call, { search: "Villa Esperanza", name: ORGANIZATION });
  const system = await getSystem(call, organization, SYSTEM);
  await ensureAuthorizedContact(call, {
    organization,
    system,
    contactName: CUSTOMER_NAME,
    purchaseOrder: `OC-VE-${suffix}`,
    training: { course: "Administración de SIGAP 5", certificateId: `ECM-ADM-${suffix}` },
  });
  // a person of the organization who never was an authorized contact
  await call("POST", `/organizations/${organization.id}/contacts`, { ...CALLER, phone: "+52 55 1234 5690" });
};

/** The due instant as the SLA line writes it for a viewer in Mexico City, in Spanish. */
const spanishInstant = (iso: string) =>
  new Intl.DateTimeFormat("es-MX", {
    weekday: "short",
    day: "numeric",
    month: "short",
    hour: "numeric",
    minute: "2-digit",
    timeZone: ZONE,
  }).format(new Date(iso));

interface CaseJson {
  id: string;
  number: string;
  priority: string;
  suggestedPriority: string;
  sla: { dueAt: string; metAt: string | null; breached: boolean; counted: unknown[] };
}

describe("cases journey (Chromium)", () => {
  let journey: Journey;
  let customer: OpenedPage;
  let specialist: OpenedPage;
  let caseUrl = "";
  let caseNumber = "";

  const caseJson = (page: Page) =>
    page.request
      .get(`/api/v1${new URL(caseUrl).pathname}`)
      .then((response) => response.json() as Promise<CaseJson>);

  beforeAll(async () => {
    journey = await startJourney({ logName: "server-cases.log" });
    await prepareEntitlements(await journey.api(journey.user(EXECUTIVE)));
    customer = await journey.open();
    specialist = await journey.open();
  });

  afterAll(async () => {
    await journey?.stop(); // undefined when the start failed
  });

  it("lets the customer open a case with the checklist: P1 suggested, due time and how it is counted", async () => {
    const page = customer.page;
    await journey.signIn(page, journey.user(CUSTOMER));
    await page.getByRole("navigation").getByRole("link", { name: "Abrir caso" }).click();
    await page.getByRole("heading", { name: "Abrir caso" }).waitFor();

    await page.getByRole("radio", { name: SYSTEM }).click();
    for (const item of CHECKLIST) await page.getByRole("checkbox", { name: item }).check();
    await page.getByLabel(/^Asunto/).fill(SUBJECT);
    await page
      .getByLabel(/^Descripción/)
      .fill(
        "Desde las 8:00 todos los usuarios reciben «Error 500» al entrar a e-oficio; nadie puede despachar oficios.",
      );
    await page.getByRole("textbox", { name: /^Usuarios afectados/ }).fill("100");
    await page.getByRole("radio", { name: "No, no pueden trabajar" }).check();
    const suggestion = page.getByLabel("Prioridad sugerida");
    await suggestion.getByText("P1", { exact: true }).waitFor();
    await suggestion.getByText(/sistema productivo caído/).waitFor();
    await page.locator('input[type="file"]').setInputFiles({
      name: LOG_FILE,
      mimeType: "text/plain",
      buffer: Buffer.from("2026-11-27 08:01:12 ERROR e-oficio: 500 Internal Server Error\n".repeat(20)),
    });
    await page.getByText(LOG_FILE).waitFor();
    await screenshot(page, "cases-01-open-form.png");

    await page.getByRole("button", { name: "Abrir caso" }).click();
    await page.getByRole("heading", { name: SUBJECT }).waitFor();
    const notice = page.getByRole("status").filter({ hasText: /Registramos su caso CAS-\d{4}-\d{6}/ });
    await notice.waitFor();
    caseNumber = /CAS-\d{4}-\d{6}/.exec((await notice.textContent()) ?? "")?.[0] ?? "";
    expect(caseNumber).not.toBe("");
    caseUrl = page.url();

    const opened = await caseJson(page);
    expect(opened.number).toBe(caseNumber);
    expect(opened.suggestedPriority).toBe("P1");
    const sla = page.getByRole("region", { name: "Tiempo de respuesta" });
    await sla.getByText(`Respuesta a más tardar el ${spanishInstant(opened.sla.dueAt)}`).waitFor();
    // "así lo calculamos" is unfolded right after opening: the counted business-hour intervals
    await sla.getByText(/El objetivo es de 4 horas hábiles según el calendario CDMX hábil/).waitFor();
    const intervals = sla.getByRole("list", { name: "Intervalos contados" }).getByRole("listitem");
    await expect.poll(() => intervals.count()).toBe(opened.sla.counted.length);
    await sla.getByText(/America\/Mexico_City/).waitFor();
    // the file chosen in the form went up with the case (multipart, with the CSRF token)
    await page
      .getByRole("region", { name: "Archivos adjuntos" })
      .getByRole("link", { name: LOG_FILE })
      .waitFor();
    await screenshot(page, "cases-02-opened.png");
  });

  it("lets the specialist find it untriaged, triage it as P2 with a reason, reply and note", async () => {
    const page = specialist.page;
    await journey.signIn(page, journey.user(SPECIALIST));
    await page.getByRole("navigation").getByRole("link", { name: "Casos", exact: true }).click();
    await page.getByRole("heading", { name: "Casos", exact: true }).waitFor();
    const untriaged = page.getByRole("tab", { name: /^Sin clasificar/ });
    await untriaged.click();
    await expect.poll(() => untriaged.getAttribute("aria-selected")).toBe("true");
    await page.getByText("Casos nuevos que aún esperan el diagnóstico preliminar").waitFor();
    const table = page.getByRole("table", { name: "Casos" });
    const row = table.getByRole("row").filter({ hasText: caseNumber });
    await row.waitFor();
    await row.getByText("P1", { exact: true }).filter({ visible: true }).waitFor();
    await screenshot(page, "cases-03-console.png");

    await row.getByRole("link", { name: caseNumber }).click();
    await page.getByRole("heading", { name: SUBJECT }).waitFor();
    const triage = page.getByRole("region", { name: "Clasificación" });
    await triage.getByText("Sugerida por lo reportado").waitFor();
    await triage.getByText("P2", { exact: true }).click();
    // a priority other than the suggestion needs its reason
    await triage.getByRole("button", { name: "Clasificar como P2" }).click();
    await triage.getByText("Explique por qué la prioridad difiere de la sugerida.").waitFor();
    await triage.getByLabel(/^Motivo/).fill(REASON);
    await triage.getByRole("button", { name: "Clasificar como P2" }).click();
    const history = page.getByRole("region", { name: "Historial" });
    await history.getByText("Prioridad P1 → P2").waitFor();
    await history.getByText(`Motivo: ${REASON}`).waitFor();
    const triaged = await caseJson(page);
    expect(triaged.priority).toBe("P2");
    const slaPanel = page.getByRole("region", { name: "Tiempo de respuesta" });
    await slaPanel.getByText("8 horas hábiles", { exact: true }).waitFor();

    const composer = page.getByRole("region", { name: "Escribir" });
    await composer.getByRole("textbox", { name: "Respuesta" }).fill(REPLY);
    await composer.getByRole("button", { name: "Enviar respuesta" }).click();
    await history.getByText(REPLY).waitFor();
    await history.getByText("Primera respuesta dentro del plazo").waitFor();
    await slaPanel.getByText("Cumplido", { exact: true }).waitFor();

    await composer.getByRole("tab", { name: "Nota interna" }).click();
    await composer.getByRole("textbox", { name: "Nota interna" }).fill(NOTE);
    await composer.getByRole("button", { name: "Guardar nota" }).click();
    const note = history.getByRole("article", { name: /^Nota interna de Jorge/ });
    await note.getByText(NOTE).waitFor();
    await note.getByText("Nota interna", { exact: true }).waitFor();
    await screenshot(page, "cases-04-staff-case.png");

    const answered = await caseJson(page);
    expect(answered.sla.metAt).not.toBeNull();
    expect(answered.sla.breached).toBe(false);
  });

  it("shows the customer the reply and the response target met, without the internal note", async () => {
    const page = customer.page;
    await page.reload();
    await page.getByRole("heading", { name: SUBJECT }).waitFor();
    const history = page.getByRole("region", { name: "Historial" });
    await history.getByText(REPLY).waitFor();
    await history.getByText("Primera respuesta dentro del plazo").waitFor();
    const sla = page.getByRole("region", { name: "Tiempo de respuesta" });
    await sla.getByText(/^Le respondimos el .+, dentro del plazo/).waitFor();
    await page.getByText("P2", { exact: true }).first().waitFor();
    await expect(page.getByText(NOTE).count()).resolves.toBe(0);
    await expect(page.getByText("Nota interna").count()).resolves.toBe(0);
    // the notice of a new case is gone on a later visit, and the explanation opens on demand
    await expect(page.getByText(/Registramos su caso/).count()).resolves.toBe(0);
    const howWeCount = sla.getByRole("button", { name: "así lo calculamos" });
    await expect(howWeCount.getAttribute("aria-expanded")).resolves.toBe("false");
    await howWeCount.click();
    await expect.poll(() => howWeCount.getAttribute("aria-expanded")).toBe("true");
    await sla.getByText(/El objetivo es de 8 horas hábiles/).waitFor();
    await page.waitForTimeout(400); // the unfolding animation
    await screenshot(page, "cases-05-customer-met.png");
  });

  it("refuses, on the phone, a caller who is not an authorized contact, with the text to read out", async () => {
    const page = specialist.page;
    await page.getByRole("navigation").getByRole("link", { name: "Registrar llamada" }).click();
    await page.getByRole("heading", { name: "Registrar llamada" }).waitFor();
    await page.getByRole("combobox", { name: /^Organización/ }).fill("Villa");
    await page.getByRole("option", { name: ORGANIZATION }).click();
    const caller = page.getByRole("radio", { name: CALLER.name });
    await caller.click();
    await caller.getByText("No es contacto autorizado").waitFor();
    await page.getByRole("radio", { name: SYSTEM }).click();
    const script = page.getByRole("alert").filter({ hasText: `Lea a ${CALLER.name}:` });
    await script.getByText(/Solo los contactos autorizados de su organización pueden abrir casos/).waitFor();
    await expect(page.getByRole("button", { name: "Registrar caso" }).count()).resolves.toBe(0);
    await screenshot(page, "cases-06-phone-refusal.png");
  });

  it("logs a call from the authorized contact as a phone case", async () => {
    const page = specialist.page;
    await page.getByRole("radio", { name: CUSTOMER_NAME }).click();
    await page.getByRole("radio", { name: SYSTEM }).click();
    for (const item of CHECKLIST) await page.getByRole("checkbox", { name: item }).check();
    await page.getByLabel(/^Asunto/).fill(`Lentitud en e-memorias ${suffix}`);
    await page.getByLabel(/^Descripción/).fill("Llamada: e-memorias tarda 30 s en abrir cada expediente.");
    await page.getByRole("textbox", { name: /^Usuarios afectados/ }).fill("30");
    await page.getByRole("radio", { name: "Sí, con alguna limitación" }).check();
    await page.getByLabel("Prioridad sugerida").getByText("P3", { exact: true }).waitFor();
    await page.getByRole("button", { name: "Registrar caso" }).click();
    await page.getByRole("heading", { name: `Lentitud en e-memorias ${suffix}` }).waitFor();
    await page.getByRole("region", { name: "Historial" }).getByText("Caso registrado por teléfono").waitFor();
    const summary = page.getByRole("region", { name: "Datos del caso" });
    await summary.getByText("Teléfono", { exact: true }).waitFor();
    await summary.getByText(CUSTOMER_NAME).waitFor();
  });

  it("counts every desk queue of the console with one request", async () => {
    const page = specialist.page;
    const calls: { path: string; queue: string | null }[] = [];
    const record = (request: { url: () => string }) => {
      const url = new URL(request.url());
      if (url.pathname.startsWith("/api/v1/cases"))
        calls.push({ path: url.pathname, queue: url.searchParams.get("queue") });
    };
    page.on("request", record);
    try {
      await page.goto("/cases");
      await page.getByRole("heading", { name: "Casos", exact: true }).waitFor();
      const api = await journey.api(journey.user(SPECIALIST));
      const counts = await api<Record<string, number>>("GET", "/cases/counts");
      const tabs: [string, string][] = [
        ["untriaged", "Sin clasificar"],
        ["escalated", "Escalados"],
        ["mine", "Míos"],
        ["unassigned", "Sin asignar"],
        ["due_soon", "Vencen en 2 h"],
        ["breached", "Vencidos"],
        ["waiting_on_customer", "En espera del cliente"],
      ];
      for (const [queue, name] of tabs) {
        const tab = page.getByRole("tab", { name: new RegExp(`^${name}`) });
        await expect
          .poll(async () => (await tab.textContent())?.replace(name, "").trim())
          .toBe(String(counts[queue]));
      }
      const mine = page.getByRole("tab", { name: /^Míos/ });
      await mine.click();
      await expect.poll(() => mine.getAttribute("aria-selected")).toBe("true");
      await expect.poll(() => calls.filter((c) => c.queue === "mine").length).toBe(1);
      // one request for the seven counts; a list request for the page shown, none to count a queue
      expect(
        calls.filter((c) => c.path === "/api/v1/cases/counts"),
        JSON.stringify(calls),
      ).toHaveLength(1);
      expect(calls.filter((c) => c.path === "/api/v1/cases").map((c) => c.queue)).toEqual([null, "mine"]);
    } finally {
      page.off("request", record);
    }
  });

  it("fits a phone screen", async () => {
    await resize(customer.page, 390, 844);
    await customer.page.goto(caseUrl);
    await customer.page.getByRole("heading", { name: SUBJECT }).waitFor();
    await customer.page.getByRole("region", { name: "Historial" }).getByText(REPLY).waitFor();
    await screenshot(customer.page, "cases-07-customer-case-phone.png");

    const page = specialist.page;
    await resize(page, 390, 844);
    await page.goto("/cases");
    await page.getByRole("heading", { name: "Casos", exact: true }).waitFor();
    await page.getByRole("table", { name: "Casos" }).getByText(caseNumber).waitFor();
    await screenshot(page, "cases-08-console-phone.png");
    await page.getByRole("link", { name: caseNumber }).click();
    await page.getByRole("region", { name: "Clasificación" }).waitFor();
    await screenshot(page, "cases-09-staff-case-phone.png");
  });

  it("raised no error in the pages", () => {
    expect(customer.errors).toEqual([]);
    expect(specialist.errors).toEqual([]);
  });
});
