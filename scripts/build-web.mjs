#!/usr/bin/env node
// Builds the web app (src/web) into dist/web with Vite.
// `--if-stale` skips the build when dist/web/index.html is newer than every source of the web app.
import { existsSync, readdirSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const output = join(root, "dist/web/index.html");
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

if (process.argv.includes("--if-stale") && existsSync(output)) {
  const builtAt = statSync(output).mtimeMs;
  const changedAt = Math.max(...sources.map(newestMtime));
  if (builtAt > changedAt) {
    console.log(`web: up to date (${relative(root, output)})`);
    process.exit(0);
  }
}

const started = performance.now();
const { build } = await import("vite");
await build({ configFile: join(root, "vite.config.ts"), logLevel: "warn" });
console.log(`web: built dist/web in ${((performance.now() - started) / 1000).toFixed(1)} s`);
