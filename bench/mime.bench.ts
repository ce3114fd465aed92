/**
 * `npm run bench:mime`: what reading broken mail costs before the MIME parser sees it — the nesting cap and
 * the legacy-header repair (`repairMime`) — against the parser alone (mailparser's `simpleParser`, what read
 * every message before the cap).
 *
 * (a) a message nested 10,000 levels deep: the cap refuses it; the parser alone is timed on it and on 900
 *     levels (which it parsed into a case before the cap), each in a fresh process so its memory shows;
 * (b) an ordinary message (a text and a 200 KB attachment) and one with Windows-1252 header bytes: the
 *     repair's cost next to the parse it precedes.
 * Each figure is the median of ROUNDS runs; memory is the peak RSS of the measuring process.
 * Last line: `mime-bench: cap refuses 10,000 levels in T ms (R× faster than parsing them), repair adds P % to a parse`.
 */
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { simpleParser } from "mailparser";
import { repairMime } from "../src/domain/email/mime-repair";
import { generateMessages } from "../test/fixtures/mail/generate.mjs";

const ROUNDS = 15;
const CRLF = "\r\n";

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const time = async (work: () => unknown, rounds = ROUNDS) => {
  const took: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const started = performance.now();
    await work();
    took.push(performance.now() - started);
  }
  return median(took);
};

const nested = (depth: number) => generateMessages({ kind: "deep-nesting", depth })[0]!;

/** One measurement in a fresh process: its time and the peak RSS it reached (ru_maxrss, in MB). */
const inChild = (mode: "cap" | "parse", depth: number) => {
  const run = spawnSync(
    process.execPath,
    ["--import", "tsx", fileURLToPath(import.meta.url), "--child", mode, String(depth)],
    { encoding: "utf8" },
  );
  if (run.status !== 0) throw new Error(run.stderr);
  return JSON.parse(run.stdout.trim().split("\n").at(-1)!) as { ms: number; rssMb: number; outcome: string };
};

if (process.argv[2] === "--child") {
  const [, , , mode, depthText] = process.argv;
  const raw = nested(Number(depthText));
  const base = process.resourceUsage().maxRSS;
  const started = performance.now();
  let outcome: string;
  if (mode === "cap") {
    const repaired = repairMime(raw);
    outcome = repaired.ok ? "read" : `refused (${repaired.reason})`;
  } else {
    outcome = await simpleParser(raw).then(
      (p) => `parsed (${p.text?.includes("profundo") ? "text found" : "no text"})`,
      (e: Error) => `failed (${e.message.slice(0, 40)})`,
    );
  }
  const ms = performance.now() - started;
  console.log(JSON.stringify({ ms, rssMb: (process.resourceUsage().maxRSS - base) / 1024, outcome }));
  process.exit(0);
}

const ordinary = Buffer.from(
  [
    "From: Ana Pérez <ana@municipio.example>",
    "Subject: Bitácora del error",
    "MIME-Version: 1.0",
    'Content-Type: multipart/mixed; boundary="b"',
    "",
    "--b",
    "Content-Type: text/plain; charset=utf-8",
    "",
    "Adjunto la bitácora del servidor de aplicaciones.",
    "--b",
    'Content-Type: application/octet-stream; name="bitacora.log"',
    "Content-Transfer-Encoding: base64",
    "",
    ...(Buffer.alloc(150_000, "2026-12-04 10:00:00 ERROR e-oficio\n")
      .toString("base64")
      .match(/.{1,76}/g) ?? []),
    "--b--",
    "",
  ].join(CRLF),
);
const legacy = Buffer.concat([
  Buffer.from("From: Ana P"),
  Buffer.from([0xe9]),
  Buffer.from("rez <ana@municipio.example>\r\nSubject: Facturaci"),
  Buffer.from([0xf3]),
  Buffer.from("n del a"),
  Buffer.from([0xf1]),
  Buffer.from("o \r\nContent-Type: text/plain; charset=iso-8859-1\r\n\r\nNecesito ayuda.\r\n"),
]);

const deep = nested(10_000);
console.log(`10,000-level message: ${(deep.length / 1024).toFixed(0)} KB`);
const capMs = await time(() => repairMime(deep));
const capChild = inChild("cap", 10_000);
const parseDeep = inChild("parse", 10_000);
const parse900 = inChild("parse", 900);
console.log(
  `(a) cap on 10,000 levels: ${capMs.toFixed(2)} ms (median of ${ROUNDS}), ${capChild.rssMb.toFixed(1)} MB more RSS: ${capChild.outcome}`,
);
console.log(
  `    parser alone, 10,000 levels: ${parseDeep.ms.toFixed(0)} ms, ${parseDeep.rssMb.toFixed(1)} MB more RSS: ${parseDeep.outcome}`,
);
console.log(
  `    parser alone, 900 levels: ${parse900.ms.toFixed(0)} ms, ${parse900.rssMb.toFixed(1)} MB more RSS: ${parse900.outcome}`,
);

const repairOrdinary = await time(() => repairMime(ordinary), 50);
const parseOrdinary = await time(() => simpleParser(ordinary), 50);
const repairLegacy = await time(() => repairMime(legacy), 200);
const parseLegacy = await time(() => simpleParser(legacy), 200);
console.log(
  `(b) ordinary message with a 200 KB attachment: repair ${repairOrdinary.toFixed(3)} ms, parse ${parseOrdinary.toFixed(3)} ms (${((100 * repairOrdinary) / parseOrdinary).toFixed(1)} %)`,
);
console.log(
  `    Windows-1252 headers: repair ${repairLegacy.toFixed(3)} ms, parse ${parseLegacy.toFixed(3)} ms (${((100 * repairLegacy) / parseLegacy).toFixed(1)} %)`,
);
console.log(
  `mime-bench: cap refuses 10,000 levels in ${capMs.toFixed(1)} ms (${(parseDeep.ms / capMs).toFixed(0)}× faster than parsing them), repair adds ${((100 * repairOrdinary) / parseOrdinary).toFixed(1)} % to a parse`,
);
