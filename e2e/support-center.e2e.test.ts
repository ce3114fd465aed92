import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addDays, localDateOf } from "../src/domain/contracts/local-date";
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
  resize,
  screenshot,
  startJourney,
  ZONE,
} from "./support";

/**
 * Issue 13's journey: a manager publishes a critical technical alert for SIGAP 3.x; Ana, an authorized
 * contact whose organization runs SIGAP 3.2.1, sees it on her portal home and finds it by searching
 * "migracion" without the accent; she follows and votes for a feature request, which the manager marks
 * planned, and the mail reaches her once; an admin attaches the installer of a new patch, which Ana
 * downloads under her current contract (the same sha256 as shown), while the same release on a system
 * whose contract lapsed says it needs a current contract. Screenshots: test-results/support-*.png.
 */

const ORGANIZATION = "Municipio de Villa Esperanza";
const ANA = "ana.lopez@villaesperanza.gob.mx";
const ANA_NAME = "Ana López Guerrero";
const MANAGER = "laura.mendez@soporte.example";
const EXECUTIVE = "daniela.ruiz@soporte.example";
const LAPSED_SYSTEM = "SIGAP pruebas";
const suffix = randomSuffix();
const ARCHIVE_SYSTEM = `SIGAP histórico ${suffix}`;
const ALERT_TITLE = `La migración de firmas a SIGAP 5 deja oficios sin sello (${suffix})`;
/** The demo's request still "recibida" (src/server/seed/demo-support-center.ts). */
const REQUEST = "Avisar por correo al ciudadano cuando cambie su solicitud";
const PATCH = "3.2.2";
const INSTALLER = `sigap-${PATCH}-parche-${suffix}.zip`;
const INSTALLER_BYTES = Buffer.from(`PK\u0003\u0004 parche ${PATCH} de SIGAP ${suffix}\n`.repeat(2000));

/**
 * Ana becomes an authorized contact of a current contract of a new SIGAP 3.2.1 system of her organization,
 * and of a contract of the test system that ended a year ago; SIGAP gets the patch 3.2.2, dated today.
 */
const prepare = async (executive: ApiCall, admin: ApiCall) => {
  const organization = await getOrganization(executive, { search: "Villa Esperanza", name: ORGANIZATION });
  const products = await admin<Items<Named>>("GET", "/products?q=SIGAP");
  const sigap = products.items.find((p) => p.name === "SIGAP");
  if (!sigap) throw new Error("the seed has no SIGAP");
  const archive = await executive<Named>("POST", "/systems", {
    organizationId: organization.id,
    productId: sigap.id,
    name: ARCHIVE_SYSTEM,
    moduleIds: [],
    installedVersion: "3.2.1",
    environment: "production",
  });
  await ensureAuthorizedContact(executive, {
    organization,
    system: archive,
    contactName: ANA_NAME,
    purchaseOrder: `OC-VE-${suffix}`,
    training: { course: "Administración de SIGAP 3", certificateId: `ECM-ADM-${suffix}` },
  });
  const today = localDateOf(Date.now(), ZONE);
  const lapsedSystem = await getSystem(executive, organization, LAPSED_SYSTEM);
  const plans = await executive<Items<Named>>("GET", "/plans");
  const lapsed = await executive<Named>("POST", "/contracts", {
    systemId: lapsedSystem.id,
    planId: plans.items.find((p) => p.name === "Estándar")!.id,
    startDate: addDays(today, -730),
    salePriceCents: 9_000_000,
    purchaseOrder: `OC-VE-PRUEBAS-${suffix}`,
  });
  const contacts = await executive<Items<Named>>(
    "GET",
    `/organizations/${organization.id}/contacts?limit=100`,
  );
  const ana = contacts.items.find((c) => c.name === ANA_NAME)!;
  await executive("POST", `/contracts/${lapsed.id}/authorized-contacts`, { contactId: ana.id });
  await admin("POST", `/products/${sigap.id}/releases`, {
    version: PATCH,
    releaseDate: today,
    notes: "Corrige la migración de firmas de e-oficio.",
  });
};

describe("support center journey (Chromium)", () => {
  let journey: Journey;
  let manager: OpenedPage;
  let customer: OpenedPage;
  let adminApi: ApiCall;

  beforeAll(async () => {
    journey = await startJourney({ logName: "server-support-center.log" });
    adminApi = await journey.api(journey.admin);
    await prepare(await journey.api(journey.user(EXECUTIVE)), adminApi);
    manager = await journey.openSignedIn(journey.user(MANAGER));
    customer = await journey.openSignedIn(journey.user(ANA));
  });

  afterAll(async () => {
    await journey?.stop();
  });

  it("lets a manager write a critical alert for SIGAP 3.x, preview it and publish it", async () => {
    const page = manager.page;
    await page.getByRole("navigation").getByRole("link", { name: "Centro de soporte" }).click();
    await page.getByRole("heading", { name: "Centro de soporte" }).waitFor();
    await page.getByRole("button", { name: "Nuevo artículo" }).click();
    await page.getByRole("menuitem", { name: "Alerta técnica" }).click();
    await page.getByRole("heading", { name: "Nueva alerta técnica" }).waitFor();

    await page.getByLabel(/^Título/).fill(ALERT_TITLE);
    await page
      .getByRole("textbox", { name: "Texto" })
      .fill(
        "Al ejecutar la **migración** de firmas de e-oficio hacia SIGAP 5, los oficios firmados con la FIEL quedan sin sello de tiempo.\n\n- Revise la bitácora `migracion.log`\n- <script>alert('x')</script> no se ejecuta",
      );
    await page
      .getByRole("textbox", { name: "Solución temporal" })
      .fill("Migre las firmas por lotes de 100 oficios.");
    await page.getByRole("combobox", { name: /^Producto/ }).click();
    await page.getByRole("option", { name: "SIGAP" }).click();
    await page.getByRole("combobox", { name: /^Severidad/ }).click();
    await page.getByRole("option", { name: "Crítica" }).click();
    await page.getByLabel("Afecta desde").fill("3.0.0");
    await page.getByLabel("Afecta hasta").fill("3.2.1");

    // the preview is the server's inert rendering: the script is text, the Markdown is HTML
    await page.getByRole("tab", { name: "Vista previa" }).first().click();
    const preview = page.getByRole("tabpanel").locator(".article-body").first();
    await preview.locator("strong", { hasText: "migración" }).waitFor();
    await expect(preview.innerHTML()).resolves.not.toContain("<script");
    await expect(preview.textContent()).resolves.toContain("<script>alert('x')</script>");
    await screenshot(page, "support-01-alert-preview.png");

    await page.getByRole("button", { name: "Guardar borrador" }).click();
    await page.getByRole("heading", { name: ALERT_TITLE }).waitFor();
    await page.getByText("Borrador", { exact: true }).waitFor();
    await page.getByRole("button", { name: "Publicar" }).click();
    await page.getByText(/^Artículo publicado\./).waitFor();
    await page.getByText("Publicado", { exact: true }).waitFor();
    await expect(page.getByText("Borrador", { exact: true }).count()).resolves.toBe(0);
    await expect(page.getByText("Fecha de publicación").count()).resolves.toBe(1);
    await screenshot(page, "support-02-alert-published.png");
  });

  it("shows Ana the alert on her portal home, for her SIGAP 3.2.1", async () => {
    const page = customer.page;
    await page.goto("/");
    const alerts = page.getByRole("region", { name: /alerta/ });
    const alert = alerts.getByRole("listitem").filter({ has: page.getByRole("link", { name: ALERT_TITLE }) });
    await alert.getByText(new RegExp(`^Afecta a su versión 3\\.2\\.1 \\(${ARCHIVE_SYSTEM}\\)`)).waitFor();
    await alert.getByText("Crítica").waitFor();
    await screenshot(page, "support-03-portal-home.png");
  });

  it("finds the alert by searching «migracion» without the accent, the match marked", async () => {
    const page = customer.page;
    await page.getByRole("navigation").getByRole("link", { name: "Centro de soporte" }).click();
    await page.getByRole("heading", { name: "Centro de soporte" }).waitFor();
    await page.getByRole("textbox", { name: "Buscar en el centro de soporte" }).fill("migracion");
    const results = page.getByRole("list", { name: "Resultados de la búsqueda" });
    const hit = results.getByRole("link", { name: ALERT_TITLE });
    await hit.waitFor();
    await expect(hit.locator("mark").first().textContent()).resolves.toBe("migración");
    await screenshot(page, "support-04-search.png");

    await hit.click();
    await page.getByRole("heading", { name: ALERT_TITLE }).waitFor();
    await page.getByText("Esta alerta afecta a sus sistemas").waitFor();
    // opening it reads it: the home no longer lists it
    await expect
      .poll(async () => {
        const unread = await page.request.get("/api/v1/support-center/alerts/unread");
        return ((await unread.json()) as Items<Named & { title: string }>).items.map((a) => a.title);
      })
      .not.toContain(ALERT_TITLE);
    await screenshot(page, "support-05-alert.png");
  });

  it("opens Ana's subscriptions from the link in a mail's footer and saves them", async () => {
    const page = customer.page;
    await page.goto("/support-center/subscriptions");
    const dialog = page.getByRole("dialog", { name: "Suscripciones por correo" });
    await dialog.getByRole("checkbox", { name: "Alertas de SIGAP" }).check();
    await dialog.getByRole("radio", { name: "Un resumen cada hora" }).check();
    await screenshot(page, "support-06-subscriptions.png", { settle: true });
    await dialog.getByRole("button", { name: "Guardar cambios" }).click();
    await dialog.waitFor({ state: "hidden" });
    const saved = await page.request.get("/api/v1/support-center/subscriptions");
    expect(((await saved.json()) as { items: { kind: string; digest: boolean }[] }).items).toEqual([
      expect.objectContaining({ kind: "alert", digest: true }),
    ]);
  });

  it("lets Ana follow a feature request and vote for it once", async () => {
    const page = customer.page;
    await page.goto("/support-center?tab=requests");
    await page.getByRole("link", { name: REQUEST }).click();
    await page.getByRole("heading", { name: new RegExp(REQUEST) }).waitFor();
    await page.getByRole("button", { name: "Seguir" }).click();
    await page.getByRole("button", { name: "Dejar de seguir" }).waitFor();
    const vote = page.getByRole("button", { name: `Votar por «${REQUEST}»` });
    await vote.click();
    const withdraw = page.getByRole("button", { name: `Retirar su voto de «${REQUEST}»` });
    await withdraw.waitFor();
    await expect(withdraw.getAttribute("aria-pressed")).resolves.toBe("true");
    await expect(withdraw.textContent()).resolves.toContain("2");
    await screenshot(page, "support-07-request-followed.png");
  });

  it("mails Ana once when the manager marks the request planned", async () => {
    const page = manager.page;
    await page.goto("/support-center?tab=requests");
    await page.getByRole("link", { name: REQUEST }).click();
    await page.getByRole("heading", { name: new RegExp(REQUEST) }).waitFor();
    await page.getByRole("button", { name: "Cambiar estado" }).click();
    const dialog = page.getByRole("dialog", { name: "Cambiar estado" });
    await dialog.getByRole("combobox", { name: "Estado" }).click();
    await page.getByRole("option", { name: "Planeada" }).click();
    await dialog.getByRole("textbox", { name: /^Nota para los seguidores/ }).fill("Llegará en SIGAP 5.2.");
    await dialog.getByRole("button", { name: "Guardar estado" }).click();
    await dialog.waitFor({ state: "hidden" });
    await page.getByText("Planeada").first().waitFor();
    await screenshot(page, "support-08-request-planned.png");

    type Mail = { id: string; to: string; subject: string };
    const toAna = async () =>
      (await adminApi<{ items: Mail[] }>("GET", "/dev-mail")).items.filter(
        (m) => m.to.includes(ANA) && m.subject.includes(REQUEST),
      );
    await expect.poll(async () => (await toAna()).length, { timeout: 30_000 }).toBe(1);
    const [mail] = await toAna();
    expect(mail!.subject).toMatch(/^Solicitud de funcionalidad #\d+ planeada: /);
    const full = await adminApi<{ text: string }>("GET", `/dev-mail/${mail!.id}`);
    expect(full.text).toContain("cambió de «recibida» a «planeada»");
    expect(full.text).toContain("Llegará en SIGAP 5.2.");
    // its link opens the request in the portal
    const link = /https?:\/\/\S+(\/support-center\/feature-requests\/[0-9a-f-]+)/.exec(full.text);
    expect(link).not.toBeNull();
    await customer.page.goto(link![1]!);
    await customer.page.getByRole("heading", { name: new RegExp(REQUEST) }).waitFor();
    await customer.page.getByText("Planeada").first().waitFor();
    // the same change is not told twice
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    expect(await toAna()).toHaveLength(1);
  });

  it("lets an admin attach the patch's installer, its sha256 shown", async () => {
    const admin = await journey.openSignedIn(journey.admin);
    const page = admin.page;
    await page.getByRole("navigation").getByRole("link", { name: "Catálogo" }).click();
    await page.getByRole("link", { name: "SIGAP" }).first().click();
    await page.getByRole("button", { name: `Archivos de la versión ${PATCH}` }).click();
    const dialog = page.getByRole("dialog", { name: `Archivos de la versión ${PATCH}` });
    await dialog.locator('input[type="file"]').setInputFiles({
      name: INSTALLER,
      mimeType: "application/zip",
      buffer: INSTALLER_BYTES,
    });
    await dialog.getByRole("link", { name: INSTALLER }).waitFor();
    await dialog.getByText(createHash("sha256").update(INSTALLER_BYTES).digest("hex")).waitFor();
    await screenshot(page, "support-09-release-file.png", { settle: true });
    await admin.context.close();
  });

  it("lets Ana download the patch under her current contract; on the lapsed system it needs a current contract", async () => {
    const page = customer.page;
    await page.getByRole("navigation").getByRole("link", { name: "Versiones" }).click();
    await page.getByRole("heading", { name: "Versiones", exact: true }).waitFor();

    const archive = page.getByRole("region", { name: ARCHIVE_SYSTEM });
    const patchRow = archive.getByRole("row").filter({ hasText: PATCH });
    const link = patchRow.getByRole("link", { name: INSTALLER });
    await link.waitFor();
    const sha = createHash("sha256").update(INSTALLER_BYTES).digest("hex");
    await patchRow.getByText(sha).waitFor();
    const [download] = await Promise.all([page.waitForEvent("download"), link.click()]);
    expect(download.suggestedFilename()).toBe(INSTALLER);
    const saved = await readFile((await download.path())!);
    expect(createHash("sha256").update(saved).digest("hex")).toBe(sha);

    const lapsed = page.getByRole("region", { name: LAPSED_SYSTEM });
    const locked = lapsed.getByRole("row").filter({ hasText: PATCH });
    await locked.getByText("Requiere póliza vigente").waitFor();
    await expect(locked.getByRole("link").count()).resolves.toBe(0);
    await screenshot(page, "support-10-versions.png");

    // every download is logged: who, what, when
    const sigap = (await adminApi<Items<Named>>("GET", "/products?q=SIGAP")).items.find(
      (p) => p.name === "SIGAP",
    )!;
    const releases = await adminApi<Items<Named & { version: string }>>(
      "GET",
      `/releases?productId=${sigap.id}&limit=100`,
    );
    const patch = releases.items.find((r) => r.version === PATCH)!;
    const log = await adminApi<Items<{ filename: string; user: { name: string } | null }>>(
      "GET",
      `/releases/${patch.id}/downloads`,
    );
    expect(log.items.map((d) => [d.filename, d.user?.name])).toEqual([[INSTALLER, ANA_NAME]]);
  });

  it("reads well at phone width", async () => {
    const page = customer.page;
    await resize(page, 390, 844);
    await page.goto("/support-center?tab=requests");
    await page.getByRole("link", { name: REQUEST }).waitFor();
    await screenshot(page, "support-11-phone-requests.png");
    await page.goto("/versions");
    await page.getByRole("region", { name: ARCHIVE_SYSTEM }).waitFor();
    await screenshot(page, "support-12-phone-versions.png");
  });
});
