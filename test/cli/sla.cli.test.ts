/**
 * `soporte sla …` as scripts use it: a real process, stdout, stderr and exit codes.
 * (The 1,000,000-line streaming run is in `npm run bench:sla`, which reports its time and memory.)
 */
import { spawn } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  addBusinessTime,
  businessTimeBetween,
  CDMX_HABIL_CALENDAR,
  compileCalendar,
  formatInstant,
} from "../../src/domain/sla/index";

const ROOT = path.resolve(import.meta.dirname, "../..");
const BIN = path.join(ROOT, "bin/soporte.js");
const CDMX = path.join(ROOT, "test/cli/fixtures/cdmx-habil.json");

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

function soporte(args: readonly string[], input?: string): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: ROOT,
      env: { ...process.env, TZ: "Asia/Tokyo" },
    });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(input ?? "");
  });
}

let dir: string;
const file = (name: string) => path.join(dir, name);
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "soporte-sla-cli-"));
  const week = { mon: [["09:00", "18:00"]] };
  await writeFile(file("not-json.json"), "{ name: ");
  await writeFile(file("bad-zone.json"), JSON.stringify({ name: "x", timeZone: "Mars/Olympus_Mons", week }));
  await writeFile(
    file("bad-time.json"),
    JSON.stringify({ name: "x", timeZone: "UTC", week: { mon: [["25:00", "26:00"]] } }),
  );
  await writeFile(file("closed.json"), JSON.stringify({ name: "Cerrado", timeZone: "UTC", week: {} }));
  await writeFile(file("new-york.json"), JSON.stringify({ name: "NY", timeZone: "America/New_York", week }));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe.concurrent("soporte sla due / elapsed / holidays", () => {
  it("due prints the due instant with the calendar's offset (Friday 17:00 + 240 min → Monday 12:00)", async () => {
    const run = await soporte([
      "sla",
      "due",
      "--calendar",
      CDMX,
      "--start",
      "2026-03-06T17:00",
      "--minutes",
      "240",
    ]);
    expect(run).toEqual({ code: 0, stdout: "2026-03-09T12:00:00-06:00\n", stderr: "" });
  });

  it("due --json, with a holiday Monday and a start given in UTC", async () => {
    const run = await soporte([
      "sla",
      "due",
      "--calendar",
      CDMX,
      "--start",
      "2026-03-13T23:00:00Z",
      "--minutes",
      "240",
      "--json",
    ]);
    expect(run).toEqual({ code: 0, stdout: '{"due":"2026-03-17T12:00:00-06:00"}\n', stderr: "" });
  });

  it("due --json --explain lists the counted intervals", async () => {
    const run = await soporte([
      "sla",
      "due",
      "--calendar",
      CDMX,
      "--start",
      "2026-03-06T17:00",
      "--minutes",
      "60",
      "--json",
      "--explain",
    ]);
    expect(JSON.parse(run.stdout)).toEqual({
      due: "2026-03-06T18:00:00-06:00",
      counted: [{ from: "2026-03-06T17:00:00-06:00", to: "2026-03-06T18:00:00-06:00", seconds: 3600 }],
    });
  });

  it("elapsed prints business seconds; --json prints {seconds}", async () => {
    const args = [
      "sla",
      "elapsed",
      "--calendar",
      CDMX,
      "--from",
      "2026-03-06T17:00",
      "--to",
      "2026-03-09T12:00",
    ];
    expect(await soporte(args)).toEqual({ code: 0, stdout: "14400\n", stderr: "" });
    expect(await soporte([...args, "--json"])).toEqual({
      code: 0,
      stdout: '{"seconds":14400}\n',
      stderr: "",
    });
  });

  it("elapsed is 0 when --to is not after --from", async () => {
    const run = await soporte([
      "sla",
      "elapsed",
      "--calendar",
      CDMX,
      "--from",
      "2026-03-09T12:00",
      "--to",
      "2026-03-09T10:00",
      "--json",
    ]);
    expect(run.stdout).toBe('{"seconds":0}\n');
  });

  it("holidays lists the year's holidays with their rule names", async () => {
    const run = await soporte(["sla", "holidays", "--calendar", CDMX, "--year", "2030"]);
    expect(run.code).toBe(0);
    expect(run.stdout.split("\n")).toEqual([
      "2030-01-01  mx-lft: Año Nuevo (1 de enero)",
      "2030-02-04  mx-lft: Primer lunes de febrero (Día de la Constitución)",
      "2030-03-18  mx-lft: Tercer lunes de marzo (Natalicio de Benito Juárez)",
      "2030-04-18  mx-cdmx-customary: Jueves Santo",
      "2030-04-19  mx-cdmx-customary: Viernes Santo",
      "2030-05-01  mx-lft: Día del Trabajo (1 de mayo)",
      "2030-09-16  mx-lft: Día de la Independencia (16 de septiembre)",
      "2030-10-01  mx-lft: Transmisión del Poder Ejecutivo Federal (1 de octubre, cada seis años desde 2024)",
      "2030-11-02  mx-cdmx-customary: Día de Muertos (2 de noviembre)",
      "2030-11-18  mx-lft: Tercer lunes de noviembre (Revolución Mexicana)",
      "2030-12-12  mx-cdmx-customary: Día de la Virgen de Guadalupe (12 de diciembre)",
      "2030-12-25  mx-lft: Navidad (25 de diciembre)",
      "",
    ]);
  });

  it("holidays --json shows explicit dates as such", async () => {
    const run = await soporte(["sla", "holidays", "--calendar", CDMX, "--year", "2026", "--json"]);
    expect(JSON.parse(run.stdout).holidays[0]).toEqual({
      date: "2026-01-01",
      sources: ["mx-lft: Año Nuevo (1 de enero)", "fecha explícita"],
    });
  });
});

describe.concurrent("usage problems: a message on stderr and exit code 2", () => {
  const due = (calendar: string, start: string, minutes: string) =>
    soporte(["sla", "due", "--calendar", calendar, "--start", start, "--minutes", minutes]);

  it.each([
    [
      "a missing calendar file",
      () => due(path.join(ROOT, "no-such.json"), "2026-03-06T17:00", "60"),
      /cannot read calendar file .*no-such\.json \(ENOENT\)/,
    ],
    [
      "a calendar that is not JSON",
      () => due(file("not-json.json"), "2026-03-06T17:00", "60"),
      /invalid calendar file .*: not valid JSON/,
    ],
    [
      "an unknown time zone",
      () => due(file("bad-zone.json"), "2026-03-06T17:00", "60"),
      /timeZone: "Mars\/Olympus_Mons" is not a known IANA time zone/,
    ],
    [
      "a bad time in the week",
      () => due(file("bad-time.json"), "2026-03-06T17:00", "60"),
      /week\.mon\[0\]: "25:00" is not a time HH:MM/,
    ],
    [
      "minutes that are not a number",
      () => due(CDMX, "2026-03-06T17:00", "abc"),
      /--minutes: "abc" is not a whole number/,
    ],
    ["negative minutes", () => due(CDMX, "2026-03-06T17:00", "-5"), /--minutes: "-5" is not a whole number/],
    [
      "fractional minutes",
      () => due(CDMX, "2026-03-06T17:00", "1.5"),
      /--minutes: "1.5" is not a whole number/,
    ],
    [
      "a start that is not a time",
      () => due(CDMX, "next friday", "60"),
      /--start: "next friday" is not an ISO 8601 date and time/,
    ],
    [
      "a local time skipped by DST",
      () => due(file("new-york.json"), "2026-03-08T02:30", "60"),
      /--start: 2026-03-08T02:30:00 does not exist in America\/New_York/,
    ],
    [
      "a calendar with no open time",
      () => due(file("closed.json"), "2026-03-06T17:00", "60"),
      /calendar "Cerrado" has no open time in the 10 years after/,
    ],
    [
      "a year out of range",
      () => soporte(["sla", "holidays", "--calendar", CDMX, "--year", "20266"]),
      /--year: "20266" is not a year/,
    ],
    [
      "a missing option (commander)",
      () => soporte(["sla", "due", "--calendar", CDMX, "--start", "2026-03-06T17:00"]),
      /required option '--minutes <n>' not specified/,
    ],
    [
      "an unknown option (commander)",
      () => soporte(["sla", "elapsed", "--calendar", CDMX, "--from", "x", "--to", "y", "--fast"]),
      /unknown option '--fast'/,
    ],
  ])("%s", async (_name, run, message) => {
    const result = await run();
    expect(result.code).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr).toMatch(message);
  });
});

describe("soporte sla batch", () => {
  it("answers one JSON line per input line, in order, going on after bad lines", async () => {
    const input = [
      '{"op":"due","start":"2026-03-06T17:00","minutes":240}',
      '{"op":"elapsed","from":"2026-03-06T17:00","to":"2026-03-09T12:00"}',
      "",
      "not json",
      '{"op":"due","start":"2026-03-06T17:00","minutes":-1}',
      '{"op":"due","start":"2026-03-06T17:00"}',
      '{"op":"due","start":"2026-13-06T17:00","minutes":1}',
      '{"op":"elapsed","from":"2026-03-06T17:00"}',
      '{"op":"sum"}',
      "[1,2]",
      '{"op":"due","start":"2026-03-06T23:00:00Z","minutes":60}',
    ].join("\n");
    const run = await soporte(["sla", "batch", "--calendar", CDMX], `${input}\n`);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe("");
    expect(
      run.stdout
        .trimEnd()
        .split("\n")
        .map((line) => JSON.parse(line)),
    ).toEqual([
      { due: "2026-03-09T12:00:00-06:00" },
      { seconds: 14400 },
      { error: "empty line" },
      { error: "not a JSON object" },
      { error: '"minutes" must be a whole number of minutes (0–1000000000)' },
      { error: '"minutes" must be a whole number of minutes (0–1000000000)' },
      { error: 'start: "2026-13-06T17:00" is not a valid date and time' },
      { error: '"to" must be an ISO 8601 string' },
      { error: '"op" must be "due" or "elapsed"' },
      { error: "not a JSON object" },
      { due: "2026-03-06T18:00:00-06:00" },
    ]);
  });

  it("keeps the order over thousands of lines and agrees with the engine", async () => {
    const calendar = compileCalendar(CDMX_HABIL_CALENDAR);
    const lines: string[] = [];
    const expected: unknown[] = [];
    let seed = 42;
    const next = () => (seed = (seed * 16_807) % 2_147_483_647);
    for (let i = 0; i < 5000; i++) {
      const start = Date.UTC(2026, 0, 1) + (next() % (4 * 365 * 1440)) * 60_000;
      if (i % 7 === 3) {
        lines.push(`{"op":"due","start":"bad-${i}","minutes":1}`);
        expected.push({
          error: `start: "bad-${i}" is not an ISO 8601 date and time (e.g. 2026-03-06T17:00)`,
        });
      } else if (i % 2 === 0) {
        const minutes = next() % 3000;
        lines.push(JSON.stringify({ op: "due", start: new Date(start).toISOString(), minutes }));
        expected.push({
          due: formatInstant(addBusinessTime(calendar, start, minutes * 60), calendar.timeZone),
        });
      } else {
        const to = start + (next() % (60 * 1440)) * 60_000;
        lines.push(
          JSON.stringify({
            op: "elapsed",
            from: new Date(start).toISOString(),
            to: new Date(to).toISOString(),
          }),
        );
        expected.push({ seconds: businessTimeBetween(calendar, start, to) });
      }
    }
    const run = await soporte(["sla", "batch", "--calendar", CDMX], `${lines.join("\n")}\n`);
    expect(run.code).toBe(0);
    expect(
      run.stdout
        .trimEnd()
        .split("\n")
        .map((line) => JSON.parse(line)),
    ).toEqual(expected);
  });

  it("answers each line as it arrives (usable as a co-process)", async () => {
    const child = spawn(process.execPath, [BIN, "sla", "batch", "--calendar", CDMX], { cwd: ROOT });
    child.stdout.setEncoding("utf8");
    const nextLine = () =>
      new Promise<string>((resolve) => child.stdout.once("data", (chunk: string) => resolve(chunk)));
    child.stdin.write('{"op":"due","start":"2026-03-06T17:00","minutes":60}\n');
    expect(await nextLine()).toBe('{"due":"2026-03-06T18:00:00-06:00"}\n');
    child.stdin.write('{"op":"elapsed","from":"2026-03-06T17:00","to":"2026-03-06T17:30"}\n');
    expect(await nextLine()).toBe('{"seconds":1800}\n');
    child.stdin.end();
    expect(await new Promise((resolve) => child.on("close", resolve))).toBe(0);
  });

  it("a bad calendar file stops before reading input, exit code 2", async () => {
    const run = await soporte(["sla", "batch", "--calendar", file("bad-zone.json")], '{"op":"due"}\n');
    expect(run.code).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr).toMatch(/^soporte: invalid calendar file/);
  });
});
