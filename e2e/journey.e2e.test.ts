import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { createWriteStream } from "node:fs";
import { mkdir, mkdtemp, readFile, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath } from "node:url";
import { type Browser, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

/**
 * The foundation journey: an admin signs in, creates an organization, finds it in the list and
 * switches the language. Runs the real server on the embedded database in a fresh data folder,
 * in Debian's Chromium; screenshots go to test-results/.
 */

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const RESULTS = join(ROOT, "test-results");
const CHROMIUM = "/usr/bin/chromium";
const HEALTH_TIMEOUT_MS = 120_000;

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject()));
    });
  });

const waitForHealth = async (baseUrl: string, server: ChildProcess) => {
  const deadline = Date.now() + HEALTH_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (server.exitCode !== null)
      throw new Error(`the server exited with ${server.exitCode}; see test-results/server.log`);
    try {
      const response = await fetch(`${baseUrl}/api/v1/health`);
      if (response.status === 200) return;
    } catch {
      // not listening yet
    }
    await sleep(500);
  }
  throw new Error(
    `no healthy server at ${baseUrl} after ${HEALTH_TIMEOUT_MS / 1000} s; see test-results/server.log`,
  );
};

const readInitialAdmin = async (dataDir: string) => {
  const text = await readFile(join(dataDir, "initial-admin.txt"), "utf8");
  const field = (name: string) => {
    const value = new RegExp(`^${name}:\\s*(.+)$`, "m").exec(text)?.[1]?.trim();
    if (!value) throw new Error(`initial-admin.txt has no ${name}`);
    return value;
  };
  return { email: field("email"), password: field("password") };
};

const stopServer = async (server: ChildProcess) => {
  if (server.exitCode !== null || server.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => server.once("exit", () => resolve()));
  server.kill("SIGTERM");
  const stopped = await Promise.race([exited.then(() => true), sleep(60_000).then(() => false)]);
  if (!stopped) {
    server.kill("SIGKILL");
    await exited;
  }
};

const randomSuffix = () => Math.random().toString(36).slice(2, 7);
const randomRfcTail = () =>
  Array.from({ length: 3 }, () => "ABCDEFGHJKLMNPQRSTUVWXYZ0123456789"[Math.floor(Math.random() * 34)]).join(
    "",
  );

describe("foundation journey (Chromium)", () => {
  let dataDir = "";
  let server: ChildProcess | undefined;
  let browser: Browser | undefined;
  let page: Page;
  let baseUrl = "";
  const pageErrors: string[] = [];
  const suffix = randomSuffix();
  const organization = {
    name: `Municipio de Prueba ${suffix}`,
    rfc: `MPR240101${randomRfcTail()}`,
    domain: `prueba-${suffix}.gob.mx`,
  };
  const screenshot = (name: string) => page.screenshot({ path: join(RESULTS, name), fullPage: true });

  beforeAll(async () => {
    await mkdir(RESULTS, { recursive: true });
    execFileSync(process.execPath, [join(ROOT, "scripts/build-web.mjs"), "--if-stale"], {
      cwd: ROOT,
      stdio: "inherit",
    });

    dataDir = await mkdtemp(join(tmpdir(), "soporte-e2e-"));
    const port = await freePort();
    baseUrl = `http://127.0.0.1:${port}`;
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      DATA_DIR: dataDir,
      PORT: String(port),
      LOG_LEVEL: "warn",
    };
    delete env.DATABASE_URL; // always the embedded database in the fresh data folder
    delete env.PUBLIC_URL;
    const log = createWriteStream(join(RESULTS, "server.log"));
    server = spawn(process.execPath, [join(ROOT, "bin/soporte.js"), "serve"], {
      cwd: ROOT,
      env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    server.stdout?.pipe(log);
    server.stderr?.pipe(log);
    await waitForHealth(baseUrl, server);

    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-quic",
      ],
    });
    const context = await browser.newContext({
      baseURL: baseUrl,
      viewport: { width: 1280, height: 800 },
      locale: "es-MX",
      timezoneId: "America/Mexico_City",
    });
    page = await context.newPage();
    page.setDefaultTimeout(15_000);
    page.on("pageerror", (error) => pageErrors.push(error.message));
  });

  afterAll(async () => {
    await browser?.close();
    if (server) await stopServer(server);
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it("shows the sign-in page in Spanish", async () => {
    await page.goto("/");
    await page.waitForURL("**/sign-in");
    await page.getByRole("heading", { name: "Iniciar sesión" }).waitFor();
    await expect(page.locator("html").getAttribute("lang")).resolves.toBe("es-MX");
    await screenshot("01-sign-in.png");
  });

  it("signs in as the generated admin", async () => {
    const admin = await readInitialAdmin(dataDir);
    await page.getByLabel("Correo electrónico").fill(admin.email);
    await page.getByLabel(/^Contraseña/).fill(admin.password);
    await page.getByRole("button", { name: "Iniciar sesión" }).click();
    await page.waitForURL(`${baseUrl}/`);
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
