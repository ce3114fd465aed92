import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { createWriteStream } from "node:fs";
import { mkdir, mkdtemp, readFile, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath } from "node:url";
import { type Browser, type BrowserContext, chromium, type Page } from "playwright-core";
import { expect } from "vitest";
import { addDays, localDateOf } from "../src/domain/contracts/local-date";

/**
 * What every browser journey needs: the web app built, the real server on the embedded database in a
 * fresh data folder, Debian's Chromium, the sign-ins the server generated, an API session for the setup
 * a journey takes for granted, and screenshots in test-results/.
 */

export const ROOT = fileURLToPath(new URL("..", import.meta.url));
export const RESULTS = join(ROOT, "test-results");
/** The zone of the demo organizations and of every page a journey opens. */
export const ZONE = "America/Mexico_City";
const CHROMIUM = "/usr/bin/chromium";
const HEALTH_TIMEOUT_MS = 120_000;

export const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject()));
    });
  });

const waitForHealth = async (baseUrl: string, server: ChildProcess, logName: string) => {
  const deadline = Date.now() + HEALTH_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (server.exitCode !== null)
      throw new Error(`the server exited with ${server.exitCode}; see test-results/${logName}`);
    try {
      const response = await fetch(`${baseUrl}/api/v1/health`);
      if (response.status === 200) return;
    } catch {
      // not listening yet
    }
    await sleep(500);
  }
  throw new Error(
    `no healthy server at ${baseUrl} after ${HEALTH_TIMEOUT_MS / 1000} s; see test-results/${logName}`,
  );
};

const stopProcess = async (server: ChildProcess) => {
  if (server.exitCode !== null || server.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => server.once("exit", () => resolve()));
  server.kill("SIGTERM");
  const stopped = await Promise.race([exited.then(() => true), sleep(60_000).then(() => false)]);
  if (!stopped) {
    server.kill("SIGKILL");
    await exited;
  }
};

export interface RunningServer {
  baseUrl: string;
  dataDir: string;
  stop: () => Promise<void>;
}

/**
 * Builds the web app if stale, then starts `soporte serve` on a free port in a new data folder.
 * `env` adds settings for this server only (e.g. MAIL_INTAKE_PORT for a journey that delivers mail).
 */
export const startServer = async (options: {
  logName: string;
  env?: Record<string, string>;
}): Promise<RunningServer> => {
  await mkdir(RESULTS, { recursive: true });
  execFileSync(process.execPath, [join(ROOT, "scripts/build-web.mjs"), "--if-stale"], {
    cwd: ROOT,
    stdio: "inherit",
  });

  const dataDir = await mkdtemp(join(tmpdir(), "soporte-e2e-"));
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATA_DIR: dataDir,
    PORT: String(port),
    LOG_LEVEL: "warn",
    ...options.env,
  };
  delete env.DATABASE_URL; // always the embedded database in the fresh data folder
  delete env.PUBLIC_URL;
  const log = createWriteStream(join(RESULTS, options.logName));
  const server = spawn(process.execPath, [join(ROOT, "bin/soporte.js"), "serve"], {
    cwd: ROOT,
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  server.stdout?.pipe(log);
  server.stderr?.pipe(log);
  const stop = async () => {
    await stopProcess(server);
    await rm(dataDir, { recursive: true, force: true });
  };
  try {
    await waitForHealth(baseUrl, server, options.logName);
  } catch (error) {
    await stop();
    throw error;
  }
  return { baseUrl, dataDir, stop };
};

export const launchBrowser = (): Promise<Browser> =>
  chromium.launch({
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

export interface OpenedPage {
  context: BrowserContext;
  page: Page;
  errors: string[];
}

/** A desktop-sized page in Spanish and Mexico City time; page errors are collected in `errors`. */
export const openPage = async (browser: Browser, baseUrl: string): Promise<OpenedPage> => {
  const context = await browser.newContext({
    baseURL: baseUrl,
    viewport: { width: 1280, height: 800 },
    locale: "es-MX",
    timezoneId: ZONE,
  });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  const errors: string[] = [];
  page.on("pageerror", (error) => errors.push(error.message));
  return { context, page, errors };
};

export interface Credentials {
  email: string;
  password: string;
}

export const readInitialAdmin = async (dataDir: string): Promise<Credentials> => {
  const text = await readFile(join(dataDir, "initial-admin.txt"), "utf8");
  const field = (name: string) => {
    const value = new RegExp(`^${name}:\\s*(.+)$`, "m").exec(text)?.[1]?.trim();
    if (!value) throw new Error(`initial-admin.txt has no ${name}`);
    return value;
  };
  return { email: field("email"), password: field("password") };
};

export interface DemoSignIn {
  role: string;
  email: string;
  password: string;
  name: string;
}

/** `<DATA_DIR>/demo-users.txt`: one `role email password name…` per line (see writeDemoSignIns). */
export const readDemoUsers = async (dataDir: string): Promise<DemoSignIn[]> => {
  const text = await readFile(join(dataDir, "demo-users.txt"), "utf8");
  return text
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith("#"))
    .map((line) => {
      const [role = "", email = "", password = "", ...name] = line.split(/\s+/);
      return { role, email, password, name: name.join(" ") };
    });
};

export const demoUser = (users: DemoSignIn[], email: string): DemoSignIn => {
  const user = users.find((candidate) => candidate.email === email);
  if (!user) throw new Error(`demo-users.txt has no ${email}`);
  return user;
};

/** Signs in through the sign-in page and waits for the home page. */
export const signIn = async (page: Page, baseUrl: string, user: Credentials) => {
  await page.goto("/sign-in");
  await page.getByRole("heading", { name: "Iniciar sesión" }).waitFor();
  await page.getByLabel("Correo electrónico").fill(user.email);
  await page.getByLabel(/^Contraseña/).fill(user.password);
  await page.getByRole("button", { name: "Iniciar sesión" }).click();
  await page.waitForURL(`${baseUrl}/`);
  await page.getByRole("heading", { name: /^Hola, / }).waitFor();
};

export const randomSuffix = () => Math.random().toString(36).slice(2, 7);

/** A signed-in API client: `call(method, path, body?)` under /api/v1, throwing on any answer but 2xx. */
export type ApiCall = <T>(method: string, path: string, body?: unknown) => Promise<T>;

/** Signs in through the API (cookie + CSRF token), as the browser does. */
export const apiSession = async (baseUrl: string, user: Credentials): Promise<ApiCall> => {
  const login = await fetch(`${baseUrl}/api/v1/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email: user.email, password: user.password }),
  });
  if (!login.ok) throw new Error(`sign-in of ${user.email} answered ${login.status}`);
  const cookie = login.headers
    .getSetCookie()
    .map((value) => value.split(";")[0])
    .join("; ");
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  return async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const response = await fetch(`${baseUrl}/api/v1${path}`, {
      method,
      headers: {
        cookie,
        "x-csrf-token": csrfToken,
        ...(body === undefined ? {} : { "content-type": "application/json" }),
      },
      body: body === undefined ? null : JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${path} answered ${response.status}: ${text}`);
    return (text ? JSON.parse(text) : undefined) as T;
  };
};

export type Items<T> = { items: T[] };
export interface Named {
  id: string;
  name: string;
}

/** The seed's organization called `name`, found by searching the list for `search`. */
export const getOrganization = async (call: ApiCall, options: { search: string; name: string }) => {
  const organization = (
    await call<Items<Named>>("GET", `/organizations?q=${encodeURIComponent(options.search)}`)
  ).items.find((item) => item.name === options.name);
  if (!organization) throw new Error(`the seed has no ${options.name}`);
  return organization;
};

export const getSystem = async (call: ApiCall, organization: Named, name: string) => {
  const system = (
    await call<Items<Named>>("GET", `/systems?organizationId=${organization.id}&limit=200`)
  ).items.find((item) => item.name === name);
  if (!system) throw new Error(`the seed has no ${name}`);
  return system;
};

interface ContractSummary {
  id: string;
  systemId: string;
  status: string;
  authorizedContacts: Named[];
  seats: { used: number; limit: number };
}

/**
 * Makes the contact an authorized contact of a current contract of the system, whatever the seed already
 * holds: an Estándar contract from today when there is none, a training when none is valid today.
 */
export const ensureAuthorizedContact = async (
  call: ApiCall,
  options: {
    organization: Named;
    system: Named;
    contactName: string;
    purchaseOrder: string;
    training: { course: string; certificateId: string };
  },
) => {
  const { organization, system, contactName } = options;
  const today = localDateOf(Date.now(), ZONE);
  const contracts = await call<Items<ContractSummary>>("GET", `/contracts?systemId=${system.id}&limit=200`);
  let contract = contracts.items.find((item) => item.status === "current");
  if (!contract) {
    const plans = await call<Items<Named>>("GET", "/plans");
    const plan = plans.items.find((item) => item.name === "Estándar");
    if (!plan) throw new Error("no Estándar plan");
    contract = await call<ContractSummary>("POST", "/contracts", {
      systemId: system.id,
      planId: plan.id,
      startDate: today,
      salePriceCents: 15_000_000,
      purchaseOrder: options.purchaseOrder,
    });
  }

  const contacts = await call<Items<Named>>("GET", `/organizations/${organization.id}/contacts?limit=100`);
  const contact = contacts.items.find((item) => item.name === contactName);
  if (!contact) throw new Error(`the seed has no ${contactName}`);
  if (contract.authorizedContacts.some((item) => item.id === contact.id)) return;
  const training = await call<Items<{ completedOn: string; expiresOn: string | null }>>(
    "GET",
    `/contacts/${contact.id}/training`,
  );
  const valid = training.items.some(
    (item) => item.completedOn <= today && (item.expiresOn === null || today <= item.expiresOn),
  );
  if (!valid) {
    await call("POST", `/contacts/${contact.id}/training`, {
      ...options.training,
      completedOn: addDays(today, -30),
    });
  }
  if (contract.seats.used >= contract.seats.limit)
    throw new Error(`${system.name}'s contract has no free seat for ${contactName}`);
  await call("POST", `/contracts/${contract.id}/authorized-contacts`, { contactId: contact.id });
};

/** Toasts come and go; dismissed (as a person would) so they do not hide what the screenshot is about. */
export const dismissToasts = async (target: Page) => {
  const toasts = target.locator(".mantine-Notification-root");
  // a toast already closing does not take a click: do not wait on it
  const closeAll = async () => {
    for (const close of await toasts.getByRole("button").all())
      await close.click({ timeout: 500 }).catch(() => undefined);
  };
  const gone = () => expect.poll(() => toasts.count(), { timeout: 2_500 }).toBe(0);
  await closeAll();
  // one that appeared while the others closed gets a second round
  await gone().catch(async () => {
    await closeAll();
    await gone();
  });
};

/** Waits (at most 2 s) for the page's finite animations, e.g. a dialog fading in. */
const finishAnimations = (target: Page) =>
  target.evaluate(() =>
    Promise.race([
      Promise.allSettled(
        document
          .getAnimations()
          .filter((animation) => Number.isFinite(Number(animation.effect?.getComputedTiming().endTime)))
          .map((animation) => animation.finished),
      ),
      new Promise((resolve) => setTimeout(resolve, 2_000)),
    ]),
  );

export interface ScreenshotOptions {
  /** The whole page (the default) or only what the window shows. */
  fullPage?: boolean;
  /** Wait for transitions first, or the shot catches a dialog half transparent. */
  settle?: boolean;
}

/** Saves test-results/<name> without toasts in the way. */
export const screenshot = async (target: Page, name: string, options: ScreenshotOptions = {}) => {
  const { fullPage = true, settle = false } = options;
  await dismissToasts(target);
  if (settle) await finishAnimations(target);
  // a full-page shot of a scrolled page draws the fixed header mid-page
  if (fullPage) await target.evaluate(() => window.scrollTo(0, 0));
  await target.screenshot({ path: join(RESULTS, name), fullPage });
};

/** Resizes and lets the navigation finish sliding to its new layout. */
export const resize = async (target: Page, width: number, height: number) => {
  await target.setViewportSize({ width, height });
  await target.waitForTimeout(500);
};

/** A started journey: its server, its browser and the sign-ins the server generated. */
export interface Journey {
  server: RunningServer;
  baseUrl: string;
  browser: Browser;
  /** The administrator created on the first start (initial-admin.txt). */
  admin: Credentials;
  users: DemoSignIn[];
  /** The demo user with this email (demo-users.txt). */
  user: (email: string) => DemoSignIn;
  api: (user: Credentials) => Promise<ApiCall>;
  open: () => Promise<OpenedPage>;
  signIn: (page: Page, user: Credentials) => Promise<void>;
  openSignedIn: (user: Credentials) => Promise<OpenedPage>;
  stop: () => Promise<void>;
}

/** Starts the server (see startServer) and the browser, for a journey's beforeAll; `stop` in its afterAll. */
export const startJourney = async (options: {
  logName: string;
  env?: Record<string, string>;
}): Promise<Journey> => {
  const server = await startServer(options);
  const { baseUrl } = server;
  let browser: Browser;
  let admin: Credentials;
  let users: DemoSignIn[];
  try {
    admin = await readInitialAdmin(server.dataDir);
    users = await readDemoUsers(server.dataDir);
    browser = await launchBrowser();
  } catch (error) {
    await server.stop();
    throw error;
  }
  const open = () => openPage(browser, baseUrl);
  const signInPage = (page: Page, user: Credentials) => signIn(page, baseUrl, user);
  return {
    server,
    baseUrl,
    browser,
    admin,
    users,
    user: (email) => demoUser(users, email),
    api: (user) => apiSession(baseUrl, user),
    open,
    signIn: signInPage,
    openSignedIn: async (user) => {
      const opened = await open();
      await signInPage(opened.page, user);
      return opened;
    },
    stop: async () => {
      await browser.close();
      await server.stop();
    },
  };
};
