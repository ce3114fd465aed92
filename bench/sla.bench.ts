/**
 * `npm run bench:sla`: the SLA engine against the fastest npm business-time library with holidays
 * found (dayjs-business-time; moment-business-time measured slower), on the CDMX hábil calendar.
 *
 * (a) due = start + 42 business hours, 100,000 random starts over 2026–2030;
 * (b) business time between 100,000 random pairs up to 60 days apart;
 * plus the same with three pauses, the time to build a calendar-year, and a 1,000,000-line
 * `soporte sla batch` run (time, peak memory). The peer is run on the first PEER_CASES of the
 * same cases (it does ~1,500 operations a second; set SLA_BENCH_PEER_CASES=100000 for all) and
 * must agree with Soporte on every one (whole-minute instants; Mexico City has had a fixed
 * offset since 2022, which the peer's UTC-mode arithmetic needs).
 * Last line: `sla-bench: due R1x, elapsed R2x vs <peer>` (ratios of operations per second).
 */
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { Readable } from "node:stream";
import {
  addBusinessTime,
  businessTimeBetween,
  type CalendarDefinition,
  CDMX_HABIL_CALENDAR,
  compileCalendar,
  formatInstant,
  formatInstantInCalendar,
  holidaysOfYear,
  type Pause,
  parseCalendarDefinition,
} from "../src/domain/sla/index";

const require = createRequire(import.meta.url);
const PEER = "dayjs-business-time";
const PEER_VERSION: string = require("dayjs-business-time/package.json").version;
const CASES = 100_000;
const PEER_CASES = Math.min(CASES, Number(process.env.SLA_BENCH_PEER_CASES ?? 10_000));
const BATCH_LINES = Number(process.env.SLA_BENCH_BATCH_LINES ?? 1_000_000);
const ROUNDS = 7;
const MINUTE = 60_000;
const TARGET_SECONDS = 42 * 3600;
const MEXICO_OFFSET_MS = -6 * 3_600_000; // fixed since 2022

let seed = 20_260_306;
const random = (): number => {
  seed = (seed * 16_807) % 2_147_483_647;
  return seed / 2_147_483_647;
};
const fmt = (n: number): string => Math.round(n).toLocaleString("en-US");
const line = (text = ""): void => {
  process.stdout.write(`${text}\n`);
};
const median = (values: number[]): number =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

// ---------------------------------------------------------------- cases
const calendar = compileCalendar(CDMX_HABIL_CALENDAR);
const from2026 = Date.UTC(2026, 0, 1, 6);
const spanMinutes = (Date.UTC(2031, 0, 1, 6) - from2026) / MINUTE;
const starts = new Float64Array(CASES);
const pairFrom = new Float64Array(CASES);
const pairTo = new Float64Array(CASES);
const pauses: Pause[][] = [];
for (let i = 0; i < CASES; i++) {
  starts[i] = from2026 + Math.floor(random() * spanMinutes) * MINUTE;
  pairFrom[i] = from2026 + Math.floor(random() * spanMinutes) * MINUTE;
  pairTo[i] = pairFrom[i]! + Math.floor(random() * 60 * 1440) * MINUTE;
  const three: Pause[] = [];
  for (let k = 0; k < 3; k++) {
    const pauseFrom = starts[i]! + Math.floor(random() * 10 * 1440) * MINUTE;
    three.push({ from: pauseFrom, to: pauseFrom + Math.floor(1 + random() * 2 * 1440) * MINUTE });
  }
  pauses.push(three);
}

/** Runs `work` over all cases ROUNDS times (after a warm-up) and returns the median operations per second. */
function opsPerSecond(work: () => number): number {
  work();
  const rates: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const began = performance.now();
    const count = work();
    rates.push(count / ((performance.now() - began) / 1000));
  }
  return median(rates);
}

let sink = 0;
const soporteDue = opsPerSecond(() => {
  for (let i = 0; i < CASES; i++) sink += addBusinessTime(calendar, starts[i]!, TARGET_SECONDS);
  return CASES;
});
const soporteElapsed = opsPerSecond(() => {
  for (let i = 0; i < CASES; i++) sink += businessTimeBetween(calendar, pairFrom[i]!, pairTo[i]!);
  return CASES;
});
const soporteDuePaused = opsPerSecond(() => {
  for (let i = 0; i < CASES; i++)
    sink += addBusinessTime(calendar, starts[i]!, TARGET_SECONDS, { pauses: pauses[i] });
  return CASES;
});
const soporteElapsedPaused = opsPerSecond(() => {
  for (let i = 0; i < CASES; i++) {
    sink += businessTimeBetween(calendar, pairFrom[i]!, pairTo[i]!, { pauses: pauses[i] });
  }
  return CASES;
});

// ---------------------------------------------------------------- building calendar-years
function yearBuildTimes(definition: CalendarDefinition, years: number): number[] {
  const times: number[] = [];
  for (let year = 2026; year < 2026 + years; year++) {
    const fresh = compileCalendar(definition); // nothing cached: holidays, offsets, intervals
    const began = performance.now();
    fresh.yearTable(year);
    times.push(performance.now() - began);
  }
  return times;
}
const santiagoNights = parseCalendarDefinition({
  name: "Santiago turno noche",
  timeZone: "America/Santiago",
  week: Object.fromEntries(
    ["mon", "tue", "wed", "thu", "fri", "sat", "sun"].map((day) => [
      day,
      [
        ["00:00", "06:00"],
        ["12:00", "13:30"],
        ["22:00", "24:00"],
      ],
    ]),
  ),
  holidayRules: ["mx-lft", "mx-cdmx-customary"],
});
if (!santiagoNights.ok) throw new Error(santiagoNights.errors.join("; "));
const cdmxBuild = yearBuildTimes(CDMX_HABIL_CALENDAR, 20);
const santiagoBuild = yearBuildTimes(santiagoNights.calendar, 20);

// ---------------------------------------------------------------- the peer
const dayjs = require("dayjs");
dayjs.extend(require("dayjs/plugin/utc"));
dayjs.extend(require("dayjs-business-time"));
const workday = [{ start: "09:00:00", end: "18:00:00" }];
dayjs.setBusinessTime({
  sunday: null,
  monday: workday,
  tuesday: workday,
  wednesday: workday,
  thursday: workday,
  friday: workday,
  saturday: null,
});
const peerHolidays: string[] = [];
for (let year = 2025; year <= 2031; year++) {
  for (const holiday of holidaysOfYear(CDMX_HABIL_CALENDAR, year)) peerHolidays.push(holiday.date);
}
dayjs.setHolidays(peerHolidays);
// the peer has no time zones: it works on wall-clock time, represented here as UTC
const toPeer = (instant: number) => dayjs.utc(instant + MEXICO_OFFSET_MS);

let peerDueDisagreements = 0;
let began = performance.now();
for (let i = 0; i < PEER_CASES; i++) {
  const due =
    toPeer(starts[i]!)
      .addBusinessMinutes(TARGET_SECONDS / 60)
      .valueOf() - MEXICO_OFFSET_MS;
  if (due !== addBusinessTime(calendar, starts[i]!, TARGET_SECONDS)) peerDueDisagreements++;
}
const peerDue = PEER_CASES / ((performance.now() - began) / 1000);
let peerElapsedDisagreements = 0;
began = performance.now();
for (let i = 0; i < PEER_CASES; i++) {
  const minutes = toPeer(pairFrom[i]!).businessMinutesDiff(toPeer(pairTo[i]!));
  if (minutes * 60 !== businessTimeBetween(calendar, pairFrom[i]!, pairTo[i]!)) peerElapsedDisagreements++;
}
const peerElapsed = PEER_CASES / ((performance.now() - began) / 1000);

// ---------------------------------------------------------------- report
const dueRatio = soporteDue / peerDue;
const elapsedRatio = soporteElapsed / peerElapsed;
const checks: [string, boolean][] = [];
const check = (label: string, ok: boolean): string => {
  checks.push([label, ok]);
  return ok ? "ok" : "MISSED";
};

line(`SLA engine benchmark — CDMX hábil calendar, ${fmt(CASES)} cases, one core (Node ${process.version})`);
line();
line("operation                              Soporte ops/s     peer ops/s     ratio");
line(
  `(a) due = start + 42 business hours  ${fmt(soporteDue).padStart(14)}  ${fmt(peerDue).padStart(13)}  ${fmt(dueRatio).padStart(7)}x`,
);
line(
  `(b) business time between (≤60 d)    ${fmt(soporteElapsed).padStart(14)}  ${fmt(peerElapsed).padStart(13)}  ${fmt(elapsedRatio).padStart(7)}x`,
);
line(`(a) with three pauses                ${fmt(soporteDuePaused).padStart(14)}`);
line(`(b) with three pauses                ${fmt(soporteElapsedPaused).padStart(14)}`);
line(
  `peer: ${PEER}@${PEER_VERSION} on the first ${fmt(PEER_CASES)} cases; agreement: due ${fmt(PEER_CASES - peerDueDisagreements)}/${fmt(PEER_CASES)}, elapsed ${fmt(PEER_CASES - peerElapsedDisagreements)}/${fmt(PEER_CASES)}`,
);
line();
line(
  `building one calendar-year (fresh calendar each time, 20 years): CDMX hábil median ${median(cdmxBuild).toFixed(2)} ms, max ${Math.max(...cdmxBuild).toFixed(2)} ms; Santiago night shifts (DST) median ${median(santiagoBuild).toFixed(2)} ms, max ${Math.max(...santiagoBuild).toFixed(2)} ms`,
);

// ---------------------------------------------------------------- 1,000,000-line batch
async function runBatch(lines: number): Promise<{ seconds: number; peakRssMb: number | null; ok: boolean }> {
  const root = path.resolve(import.meta.dirname, "..");
  const child = spawn(
    process.execPath,
    [
      path.join(root, "bin/soporte.js"),
      "sla",
      "batch",
      "--calendar",
      path.join(root, "test/cli/fixtures/cdmx-habil.json"),
    ],
    { cwd: root, stdio: ["pipe", "pipe", "inherit"] },
  );
  let peakKb: number | null = null;
  const sampler = setInterval(() => {
    try {
      const status = readFileSync(`/proc/${child.pid}/status`, "utf8");
      const kb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1]);
      if (kb > 0) peakKb = kb;
    } catch {
      // not Linux, or the child is gone
    }
  }, 50);
  const startedAt = performance.now();
  // the input is generated as it is read (never all in memory); every 1000th answer is checked
  let inputSeed = 99;
  const nextRandom = (): number => {
    inputSeed = (inputSeed * 16_807) % 2_147_483_647;
    return inputSeed / 2_147_483_647;
  };
  const expected = new Map<number, string>();
  function* input(): Generator<string> {
    for (let i = 0; i < lines; i += 1000) {
      let chunk = "";
      for (let j = i; j < Math.min(lines, i + 1000); j++) {
        const start = from2026 + Math.floor(nextRandom() * spanMinutes) * MINUTE;
        let request: string;
        if (j % 2 === 0) {
          request = JSON.stringify({
            op: "due",
            start: formatInstantInCalendar(calendar, start).slice(0, 16),
            minutes: 2520,
          });
          if (j % 1000 === 0) {
            expected.set(
              j,
              JSON.stringify({
                due: formatInstant(addBusinessTime(calendar, start, 2520 * 60), calendar.timeZone),
              }),
            );
          }
        } else {
          const to = start + Math.floor(nextRandom() * 60 * 1440) * MINUTE;
          request = JSON.stringify({
            op: "elapsed",
            from: new Date(start).toISOString(),
            to: new Date(to).toISOString(),
          });
          if (j % 1000 === 1)
            expected.set(j, JSON.stringify({ seconds: businessTimeBetween(calendar, start, to) }));
        }
        chunk += `${request}\n`;
      }
      yield chunk;
    }
  }
  Readable.from(input()).pipe(child.stdin);
  let count = 0;
  let ok = true;
  let partial = "";
  child.stdout.setEncoding("utf8");
  for await (const chunk of child.stdout as AsyncIterable<string>) {
    const parts = (partial + chunk).split("\n");
    partial = parts.pop()!;
    for (const answer of parts) {
      const want = expected.get(count);
      if (want !== undefined) {
        if (want !== answer) ok = false;
        expected.delete(count);
      }
      count++;
    }
  }
  const code = await new Promise<number | null>((resolve) => {
    if (child.exitCode !== null) resolve(child.exitCode);
    else child.on("close", resolve);
  });
  clearInterval(sampler);
  return {
    seconds: (performance.now() - startedAt) / 1000,
    peakRssMb: peakKb === null ? null : peakKb / 1024,
    ok: ok && code === 0 && count === lines && expected.size === 0,
  };
}

let batchOk = true;
if (BATCH_LINES > 0) {
  const batch = await runBatch(BATCH_LINES);
  batchOk = batch.ok;
  line(
    `soporte sla batch: ${fmt(BATCH_LINES)} lines streamed in ${batch.seconds.toFixed(1)} s (${fmt(BATCH_LINES / batch.seconds)} lines/s, process start included), peak RSS ${batch.peakRssMb === null ? "n/a" : `${batch.peakRssMb.toFixed(0)} MB`}, output ${batch.ok ? "complete, in order, spot-checked correct" : "WRONG"}`,
  );
}

line();
line("targets:");
line(`  ≥ 1,000x the peer on due: ${check("due ratio", dueRatio >= 1000)} (${fmt(dueRatio)}x)`);
line(
  `  ≥ 1,000x the peer on elapsed: ${check("elapsed ratio", elapsedRatio >= 1000)} (${fmt(elapsedRatio)}x)`,
);
line(`  ≥ 3,000,000 due/s: ${check("due ops", soporteDue >= 3_000_000)} (${fmt(soporteDue)})`);
line(
  `  ≥ 2,000,000 elapsed/s: ${check("elapsed ops", soporteElapsed >= 2_000_000)} (${fmt(soporteElapsed)})`,
);
line(
  `  ≥ 700,000/s with three pauses: ${check("pauses", Math.min(soporteDuePaused, soporteElapsedPaused) >= 700_000)} (due ${fmt(soporteDuePaused)}, elapsed ${fmt(soporteElapsedPaused)})`,
);
line(
  `  calendar-year build < 50 ms: ${check("year build", Math.max(...cdmxBuild, ...santiagoBuild) < 50)} (max ${Math.max(...cdmxBuild, ...santiagoBuild).toFixed(2)} ms)`,
);
line(`  peer agreement: ${check("agreement", peerDueDisagreements + peerElapsedDisagreements === 0)}`);
line(`  1M-line batch: ${check("batch", batchOk)}`);
if (sink === 42) line(); // keeps the measured loops from being optimized away
line(
  `sla-bench: due ${Math.round(dueRatio)}x, elapsed ${Math.round(elapsedRatio)}x vs ${PEER}@${PEER_VERSION}`,
);
process.exitCode = peerDueDisagreements + peerElapsedDisagreements === 0 && batchOk ? 0 : 1;
