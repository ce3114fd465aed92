import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { createWriteStream } from "node:fs";
import { mkdir, mkdtemp, readFile, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath } from "node:url";
import { type Browser, type BrowserContext, chromium, type Page } from "playwright-core";

/**
 * What every browser journey needs: the web app built, the real server on the embedded database in a
 * fresh data folder, Debian's Chromium, and the sign-ins the server generated. Screenshots go to
 * test-results/.
 */

export const ROOT = fileURLToPath(new URL("..", import.meta.url));
export const RESULTS = join(ROOT, "test-results");
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

/** A desktop-sized page in Spanish and Mexico City time; page errors are collected in `errors`. */
export const openPage = async (
  browser: Browser,
  baseUrl: string,
): Promise<{ context: BrowserContext; page: Page; errors: string[] }> => {
  const context = await browser.newContext({
    baseURL: baseUrl,
    viewport: { width: 1280, height: 800 },
    locale: "es-MX",
    timezoneId: "America/Mexico_City",
  });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  const errors: string[] = [];
  page.on("pageerror", (error) => errors.push(error.message));
  return { context, page, errors };
};

export const readInitialAdmin = async (dataDir: string) => {
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
export const signIn = async (page: Page, baseUrl: string, user: { email: string; password: string }) => {
  await page.goto("/sign-in");
  await page.getByRole("heading", { name: "Iniciar sesión" }).waitFor();
  await page.getByLabel("Correo electrónico").fill(user.email);
  await page.getByLabel(/^Contraseña/).fill(user.password);
  await page.getByRole("button", { name: "Iniciar sesión" }).click();
  await page.waitForURL(`${baseUrl}/`);
  await page.getByRole("heading", { name: /^Hola, / }).waitFor();
};

export const randomSuffix = () => Math.random().toString(36).slice(2, 7);
