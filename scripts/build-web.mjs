#!/usr/bin/env node
// Builds the web app (src/web) with Vite into dist/web (or WEB_DIR).
// `--if-stale` skips the build when the built index.html is newer than every source of the web app.
// `soporte serve` calls `ensureWebBuilt` the same way, so a fresh clone serves its pages on the first start.
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
export const DEFAULT_WEB_DIR = join(root, "dist/web");
const sources = ["src/web", "src/api", "vite.config.ts", "package-lock.json"].map((p) => join(root, p));

/** The newest modification time among the files under `path` (a file or a folder). */
const newestMtime = (path) => {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = 0;
  for (const entry of readdirSync(path, { withFileTypes: true })) {
    newest = Math.max(newest, newestMtime(join(path, entry.name)));
  }
  return newest;
};

/** Whether the build in `outDir` is missing or older than a source of the web app. */
export const isWebStale = (outDir = DEFAULT_WEB_DIR) => {
  const index = join(outDir, "index.html");
  return !existsSync(index) || statSync(index).mtimeMs <= Math.max(...sources.map(newestMtime));
};

export const buildWeb = async (outDir = DEFAULT_WEB_DIR) => {
  const started = performance.now();
  const { build } = await import("vite");
  // Vite keeps a NODE_ENV it finds (vitest sets "test"): that would be React's development build, whose
  // strict mode mounts every page twice and sends each of its requests twice
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = "production";
  try {
    await build({
      configFile: join(root, "vite.config.ts"),
      mode: "production",
      logLevel: "warn",
      build: { outDir: resolve(outDir), emptyOutDir: true },
    });
  } finally {
    if (nodeEnv === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = nodeEnv;
  }
  return (performance.now() - started) / 1000;
};

/**
 * Builds the web app when it is missing or stale; several processes starting at once build it once (the
 * others wait for the first one's lock). Returns the seconds it took, or null when it was up to date.
 */
export const ensureWebBuilt = async (outDir = DEFAULT_WEB_DIR) => {
  if (!isWebStale(outDir)) return null;
  const lock = `${resolve(outDir)}.building`;
  mkdirSync(dirname(lock), { recursive: true });
  const deadline = Date.now() + 300_000;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      // another process is building; a lock older than five minutes is a crashed build's
      if (existsSync(lock) && Date.now() - statSync(lock).mtimeMs > 300_000)
        rmSync(lock, { recursive: true, force: true });
      if (Date.now() > deadline) throw new Error(`waited five minutes for ${lock} to go`);
      await sleep(250);
    }
  }
  try {
    return isWebStale(outDir) ? await buildWeb(outDir) : null;
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
};

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const outDir = process.env.WEB_DIR ? resolve(process.env.WEB_DIR) : DEFAULT_WEB_DIR;
  const seconds = process.argv.includes("--if-stale") ? await ensureWebBuilt(outDir) : await buildWeb(outDir);
  console.log(
    seconds === null
      ? `web: up to date (${relative(root, join(outDir, "index.html"))})`
      : `web: built ${relative(root, outDir) || outDir} in ${seconds.toFixed(1)} s`,
  );
}
