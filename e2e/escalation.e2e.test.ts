import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type ApiCall,
  getOrganization,
  getSystem,
  type Items,
  type Journey,
  type OpenedPage,
  randomSuffix,
  screenshot,
  startJourney,
} from "./support";

/**
 * Escalation journey: the admin gives P1 cases of the Extendido plan their own escalation plan (warning at
 * half the target, level 1 at the target, both to the director) and saves it; a customer opens a P1 case;
 * the acknowledgement shows in the outbox and in the captured mail (HTML in a sandboxed frame); the
 * warning and the escalation reach the admin's bell, the case's header and its timeline.
 * To keep the wait short, the setup gives Extendido's P1 a one-minute response target.
 * Screenshots: test-results/escalation-*.png.
 */

const CUSTOMER = "mfrios@transparencia.tierraalta.gob.mx";
const ORGANIZATION = "Instituto Estatal de Transparencia de Tierra Alta";
const SYSTEM = "ECM Oficina Digital";
const PLAN_ID = "extendido";
const suffix = randomSuffix();
const SUBJECT = `ECM Oficina Digital no responde ${suffix}`;
const CHECKLIST = {
  databases: true,
  applicationServers: true,
  operatingSystems: true,
  networks: true,
  infrastructure: true,
  documentRepositories: true,
};

interface Step {
  level: number;
  percent: number;
  audiences: string[];
}
interface Notification {
  kind: string;
  caseId: string | null;
  readAt: string | null;
}

describe("escalation journey (Chromium)", () => {
  let journey: Journey;
  let admin: OpenedPage;
  let adminApi: ApiCall;
  let caseId = "";
  let caseNumber = "";

  beforeAll(async () => {
    journey = await startJourney({ logName: "server-escalation.log" });
    adminApi = await journey.api(journey.admin);
    // P1 of Extendido runs on 24×7; a one-minute target lets the steps fire within the journey
    await adminApi("PATCH", `/plans/${PLAN_ID}`, {
      responseClocks: { P1: { calendarId: "24x7", targetMinutes: 1 } },
      applyToCurrentContracts: true,
    });
    admin = await journey.openSignedIn(journey.admin);
  });

  afterAll(async () => {
    await journey?.stop(); // undefined when the start failed
  });

  it("lets the admin give Extendido's P1 cases their own escalation plan, checked field by field", async () => {
    const page = admin.page;
    await page.getByRole("navigation").getByRole("link", { name: "Escalamiento" }).click();
    await page.getByRole("heading", { name: "Plan de escalamiento" }).waitFor();
    await page
      .getByText(/Cada porcentaje es una parte del objetivo de respuesta \(o de resolución\)/)
      .waitFor();
    const defaults = page.getByRole("table", { name: "Plan predeterminado" });
    await defaults.getByText("Aviso previo").waitFor();
    await expect(defaults.getByLabel("Porcentaje del objetivo del paso 1").inputValue()).resolves.toBe("75");
    await screenshot(page, "escalation-01-plan.png");

    await page
      .getByRole("textbox", { name: "Plan de servicio" })
      .or(page.getByRole("combobox", { name: "Plan de servicio" }))
      .click();
    await page.getByRole("option", { name: "Extendido" }).click();
    await page
      .getByRole("textbox", { name: "Prioridad" })
      .or(page.getByRole("combobox", { name: "Prioridad" }))
      .click();
    await page.getByRole("option", { name: /^P1 · / }).click();
    await page.getByRole("button", { name: "Agregar", exact: true }).click();
    const override = page.getByRole("region", { name: "Extendido · P1" });
    await override.waitFor();

    // a copy of the default: drop level 2, warn at half the target, escalate at the target
    await override.getByRole("button", { name: "Quitar Escalamiento nivel 2" }).click();
    const warnAt = override.getByLabel("Porcentaje del objetivo del paso 1");
    await warnAt.fill("0");
    for (const step of [1, 2]) {
      // the pills' box above the input takes the click, as it does for a person
      await override.getByLabel(`A quién avisar en el paso ${step}`).click({ force: true });
      await page.getByRole("option", { name: "Dirección (administradores)" }).click();
      await page.keyboard.press("Escape");
    }
    await page.getByRole("button", { name: "Guardar cambios" }).click();
    // the browser checks what the server would refuse, next to the field
    await override.getByText("Un número entero de 1 a 1000.").waitFor();
    await page.getByRole("alert").filter({ hasText: "Revise los campos marcados en rojo." }).waitFor();
    // what a person sees: the error by its field, the sticky bar with the summary at the bottom of the window
    await override.getByLabel("A quién avisar en el paso 1").scrollIntoViewIfNeeded();
    await screenshot(page, "escalation-02-field-error.png", { fullPage: false });

    await warnAt.fill("50");
    await expect(override.getByText("Un número entero de 1 a 1000.").count()).resolves.toBe(0);
    await page.getByRole("button", { name: "Guardar cambios" }).click();
    await page.getByText("Plan de escalamiento guardado. Los casos abiertos se reprogramaron.").waitFor();
    await page.getByText("Sin cambios pendientes.").waitFor();

    const saved = await adminApi<{ byPlan: Record<string, Record<string, Step[]>> }>(
      "GET",
      "/settings/escalation",
    );
    expect(saved.byPlan[PLAN_ID]?.P1).toEqual([
      { level: 0, percent: 50, audiences: ["assignee", "queue", "director"] },
      { level: 1, percent: 100, audiences: ["manager", "technical_staff", "director"] },
    ]);
    await screenshot(page, "escalation-03-saved.png");
  });

  it("shows the customer's acknowledgement in the outbox and in the captured mail", async () => {
    const organization = await getOrganization(adminApi, { search: "Tierra Alta", name: ORGANIZATION });
    const system = await getSystem(adminApi, organization, SYSTEM);
    const customerApi = await journey.api(journey.user(CUSTOMER));
    const opened = await customerApi<{ id: string; number: string; priority: string }>("POST", "/cases", {
      systemId: system.id,
      subject: SUBJECT,
      description: "Nadie puede entrar a ECM Oficina Digital desde las 9:00; el servidor no responde.",
      affectedPercent: 100,
      canKeepWorking: false,
      checklist: CHECKLIST,
    });
    expect(opened.priority).toBe("P1");
    caseId = opened.id;
    caseNumber = opened.number;

    const page = admin.page;
    await page.getByRole("navigation").getByRole("link", { name: "Correo saliente" }).click();
    await page.getByRole("heading", { name: "Correo saliente" }).waitFor();
    const table = page.getByRole("table", { name: "Correo saliente" });
    const row = table.getByRole("row").filter({ hasText: caseNumber }).filter({ hasText: "Acuse de recibo" });
    await row.waitFor();
    await row.getByText(`Para: ${CUSTOMER}`).waitFor();
    // the sender works every second; the page refreshes itself
    await row.getByText("Enviado", { exact: true }).waitFor({ timeout: 30_000 });
    await page.getByRole("tab", { name: /^Enviados/ }).waitFor();
    await screenshot(page, "escalation-04-outbox.png");

    await page.getByRole("navigation").getByRole("link", { name: "Correo capturado" }).click();
    await page.getByRole("heading", { name: "Correo capturado" }).waitFor();
    const mail = page
      .getByRole("table", { name: "Correo capturado" })
      .getByRole("link", { name: new RegExp(caseNumber) })
      .first();
    await mail.waitFor();
    await screenshot(page, "escalation-05-captured-list.png");

    await mail.click();
    await page.getByRole("heading", { name: new RegExp(caseNumber) }).waitFor();
    await page.getByText(CUSTOMER).first().waitFor();
    // the HTML stays inert: a sandboxed frame fed by srcdoc, not part of this page
    const frame = page.locator("iframe");
    await expect(frame.getAttribute("sandbox")).resolves.toBe("");
    await expect(frame.getAttribute("srcdoc")).resolves.toContain(caseNumber);
    await page.frameLocator("iframe").getByText(new RegExp(caseNumber)).first().waitFor();
    await screenshot(page, "escalation-06-captured-mail.png");
    await page.getByRole("tab", { name: "Encabezados" }).click();
    await page.getByRole("table", { name: "Encabezados" }).getByText("message-id", { exact: true }).waitFor();
  });

  it("brings the warning and the escalation to the admin's bell, the case header and its timeline", async () => {
    const page = admin.page;
    // half a minute to the warning, one to the escalation (timers on pg-boss)
    await expect
      .poll(
        async () =>
          (await adminApi<Items<Notification>>("GET", "/notifications?limit=50")).items
            .filter((n) => n.caseId === caseId)
            .map((n) => n.kind)
            .sort(),
        { timeout: 120_000, interval: 2_000 },
      )
      .toEqual(["escalation", "warning"]);

    // the console's queue tabs count in one request, not one per queue
    const caseRequests: string[] = [];
    const onRequest = (request: { url: () => string }) => {
      const url = new URL(request.url());
      if (url.pathname.startsWith("/api/v1/cases")) caseRequests.push(`${url.pathname}${url.search}`);
    };
    page.on("request", onRequest);
    await page.goto("/cases");
    await page.getByRole("heading", { name: "Casos", exact: true }).waitFor();
    await page.getByRole("tab", { name: /^Escalados\s*\d+$/ }).waitFor();
    page.off("request", onRequest);
    expect(caseRequests.filter((url) => url === "/api/v1/cases/counts")).toHaveLength(1);
    expect(caseRequests.filter((url) => url.includes("queue="))).toEqual([]);
    const bell = page.getByRole("button", { name: /^Notificaciones: \d+ sin leer$/ });
    await bell.waitFor();
    await bell.click();
    const popover = page.getByRole("dialog", { name: "Notificaciones" });
    const escalation = popover.getByRole("button", {
      name: `${caseNumber}: escalamiento nivel 1 — tiempo de respuesta vencido`,
    });
    await escalation.waitFor();
    await popover
      .getByRole("button", { name: `${caseNumber}: aviso — tiempo de respuesta al 50 %` })
      .waitFor();
    await screenshot(page, "escalation-07-bell.png", { fullPage: false });

    await escalation.click();
    await page.waitForURL(`${journey.baseUrl}/cases/${caseId}`);
    await page.getByRole("heading", { name: SUBJECT }).waitFor();
    await page.getByText("Escalado 1", { exact: true }).waitFor();
    const history = page.getByRole("region", { name: "Historial" });
    await history.getByText("Aviso previo: tiempo de respuesta al 50 %").waitFor();
    await history.getByText("Escalamiento nivel 1: tiempo de respuesta vencido").waitFor();
    await history
      .getByText(/^Se avisó a: .*Administrador/)
      .first()
      .waitFor();
    await history
      .getByText("Para: Gerentes de soporte, Personal técnico, Dirección (administradores)")
      .waitFor();
    await screenshot(page, "escalation-08-case.png");

    // opening it marked the escalation read
    const after = await adminApi<Items<Notification>>("GET", "/notifications?limit=50");
    expect(after.items.find((n) => n.caseId === caseId && n.kind === "escalation")?.readAt).not.toBeNull();

    await page.goto("/cases?queue=escalated");
    const row = page.getByRole("table", { name: "Casos" }).getByRole("row").filter({ hasText: caseNumber });
    await row.getByText("Escalado 1", { exact: true }).waitFor();
    await screenshot(page, "escalation-09-escalated-queue.png");
  });

  it("lists every notification on its page, with an unread filter and mark-all-read", async () => {
    const page = admin.page;
    await page.goto("/notifications");
    await page.getByRole("heading", { name: "Notificaciones" }).waitFor();
    const list = page.getByRole("list", { name: "Notificaciones" });
    await list.getByText(`${caseNumber}: aviso — tiempo de respuesta al 50 %`).waitFor();
    await page
      .locator("label")
      .filter({ hasText: /^Sin leer/ })
      .click();
    await page.waitForURL(/filter=unread/);
    await list.getByText(`${caseNumber}: aviso — tiempo de respuesta al 50 %`).waitFor();
    // the escalation was read when its case was opened from the bell
    await expect
      .poll(() => list.getByText(`${caseNumber}: escalamiento nivel 1 — tiempo de respuesta vencido`).count())
      .toBe(0);
    await screenshot(page, "escalation-10-notifications.png");
    await page.getByRole("button", { name: "Marcar todas como leídas" }).click();
    await page.getByText("No tiene notificaciones sin leer").waitFor();
    await page.getByRole("button", { name: "Notificaciones", exact: true }).waitFor();
  });

  it("keeps the staff's choice of hourly warning digests in the profile", async () => {
    const page = admin.page;
    await page.goto("/profile");
    await page.getByRole("heading", { name: "Mi perfil" }).waitFor();
    await page.getByRole("radio", { name: /^Resumen cada hora/ }).check();
    await page.getByText("Preferencia guardada.").waitFor();
    await expect(
      adminApi<{ warningDelivery: string }>("GET", "/notification-preferences").then(
        (p) => p.warningDelivery,
      ),
    ).resolves.toBe("digest");
    await screenshot(page, "escalation-11-profile.png");
  });

  it("raised no error in the pages", () => {
    expect(admin.errors).toEqual([]);
  });
});
