/**
 * `soporte sla …`: business-time calculations on a calendar file (SPEC §5 format). Scripts depend
 * on this interface:
 *
 *   soporte sla due      --calendar FILE --start ISO --minutes N [--json] [--explain]
 *   soporte sla elapsed  --calendar FILE --from ISO --to ISO [--json] [--explain]
 *   soporte sla batch    --calendar FILE            (JSON lines on stdin → JSON lines on stdout)
 *   soporte sla holidays --calendar FILE --year Y [--json]
 *
 * Times: ISO 8601; without an offset they are wall-clock times in the calendar's zone (a time
 * skipped by a DST change is an error, a repeated one means the earlier instant). Results are
 * shown with the calendar's offset. A usage problem (bad file, unknown zone, bad number, bad time)
 * prints `soporte: <message>` on stderr and exits with code 2.
 *
 * Deliberately free of database and server imports, so it starts fast.
 */
import { readFile } from "node:fs/promises";
import { createInterface } from "node:readline";
import type { Command } from "commander";
import {
  addBusinessTime,
  type BusinessCalendar,
  businessTimeBetween,
  type CountedInterval,
  compileCalendar,
  explainAddBusinessTime,
  explainBusinessTimeBetween,
  formatInstantInCalendar,
  holidaysOfYear,
  NoOpenTimeError,
  parseCalendarText,
  parseInstantInCalendar,
  UnsupportedInstantError,
} from "../domain/sla/index";
import { CliUsageError } from "./cli-error";

const MAX_MINUTES = 1_000_000_000;
const OUTPUT_CHUNK = 64 * 1024;

async function loadCalendar(file: string): Promise<BusinessCalendar> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    const reason = error instanceof Error && "code" in error ? String(error.code) : String(error);
    throw new CliUsageError(`cannot read calendar file ${file} (${reason})`);
  }
  const result = parseCalendarText(text);
  if (!result.ok) throw new CliUsageError(`invalid calendar file ${file}: ${result.errors.join("; ")}`);
  return compileCalendar(result.calendar);
}

function instantOption(calendar: BusinessCalendar, option: string, text: string): number {
  const result = parseInstantInCalendar(calendar, text);
  if (!result.ok) throw new CliUsageError(`${option}: ${result.error}`);
  return result.instant;
}

function minutesOption(text: string): number {
  if (!/^\d+$/.test(text) || Number(text) > MAX_MINUTES) {
    throw new CliUsageError(
      `--minutes: ${JSON.stringify(text)} is not a whole number of minutes (0–${MAX_MINUTES})`,
    );
  }
  return Number(text);
}

/** Runs an engine call, turning its errors (no open time, instant out of range) into usage errors. */
function compute<T>(work: () => T): T {
  try {
    return work();
  } catch (error) {
    if (error instanceof NoOpenTimeError || error instanceof UnsupportedInstantError) {
      throw new CliUsageError(error.message);
    }
    throw error;
  }
}

function write(text: string): void {
  process.stdout.write(text);
}

const intervalsJson = (calendar: BusinessCalendar, counted: readonly CountedInterval[]) =>
  counted.map((interval) => ({
    from: formatInstantInCalendar(calendar, interval.from),
    to: formatInstantInCalendar(calendar, interval.to),
    seconds: interval.seconds,
  }));

function intervalsText(calendar: BusinessCalendar, counted: readonly CountedInterval[]): string {
  return counted
    .map(
      (interval) =>
        `  ${formatInstantInCalendar(calendar, interval.from)}/${formatInstantInCalendar(calendar, interval.to)}  ${interval.seconds}\n`,
    )
    .join("");
}

// ---------------------------------------------------------------- batch

type BatchAnswer = { due: string } | { seconds: number } | { error: string };

function stringField(request: Record<string, unknown>, field: string): string {
  const value = request[field];
  if (typeof value !== "string") throw new CliUsageError(`"${field}" must be an ISO 8601 string`);
  return value;
}

function answerLine(calendar: BusinessCalendar, line: string): BatchAnswer {
  let request: unknown;
  try {
    request = JSON.parse(line);
  } catch {
    return { error: line.trim() === "" ? "empty line" : "not a JSON object" };
  }
  if (typeof request !== "object" || request === null || Array.isArray(request))
    return { error: "not a JSON object" };
  const fields = request as Record<string, unknown>;
  try {
    if (fields.op === "due") {
      const start = instantOption(calendar, "start", stringField(fields, "start"));
      const minutes = fields.minutes;
      if (typeof minutes !== "number" || !Number.isInteger(minutes) || minutes < 0 || minutes > MAX_MINUTES) {
        return { error: `"minutes" must be a whole number of minutes (0–${MAX_MINUTES})` };
      }
      return {
        due: formatInstantInCalendar(
          calendar,
          compute(() => addBusinessTime(calendar, start, minutes * 60)),
        ),
      };
    }
    if (fields.op === "elapsed") {
      const from = instantOption(calendar, "from", stringField(fields, "from"));
      const to = instantOption(calendar, "to", stringField(fields, "to"));
      return { seconds: compute(() => businessTimeBetween(calendar, from, to)) };
    }
    return { error: `"op" must be "due" or "elapsed"` };
  } catch (error) {
    if (error instanceof CliUsageError) return { error: error.message };
    throw error;
  }
}

/** Streams stdin → stdout line by line, in order, with backpressure; memory stays bounded. */
async function runBatch(calendar: BusinessCalendar): Promise<void> {
  const lines = createInterface({ input: process.stdin, crlfDelay: Number.POSITIVE_INFINITY });
  let pending = "";
  let flushScheduled = false;
  process.stdout.on("error", (error: NodeJS.ErrnoException) => {
    // the reader went away (e.g. `| head`): nothing left to do
    if (error.code === "EPIPE") process.exit(0);
    throw error;
  });
  const flush = (): void => {
    flushScheduled = false;
    if (pending === "") return;
    const accepted = process.stdout.write(pending);
    pending = "";
    if (!accepted) {
      lines.pause();
      process.stdout.once("drain", () => lines.resume());
    }
  };
  lines.on("line", (line) => {
    pending += `${JSON.stringify(answerLine(calendar, line))}\n`;
    if (pending.length >= OUTPUT_CHUNK) flush();
    else if (!flushScheduled) {
      // answer promptly when lines arrive one at a time (a script talking to us)
      flushScheduled = true;
      setImmediate(flush);
    }
  });
  await new Promise<void>((resolve) => lines.once("close", resolve));
  flush();
  await new Promise<void>((resolve) => process.stdout.write("", () => resolve()));
}

// ---------------------------------------------------------------- commands

export function registerSlaCommands(program: Command): void {
  const sla = program
    .command("sla")
    .description("business-time (SLA clock) calculations on a calendar file")
    .addHelpText(
      "after",
      `
Times are ISO 8601. Without an offset they are wall-clock times in the calendar's zone
(a time skipped by a daylight-saving change is an error). Results carry the calendar's offset.
Usage problems print "soporte: <message>" on stderr and exit with code 2.`,
    );

  sla
    .command("due")
    .description("the due instant: start + N business minutes")
    .requiredOption("--calendar <file>", "calendar JSON file (SPEC §5 format)")
    .requiredOption("--start <iso>", "start instant")
    .requiredOption("--minutes <n>", "business minutes to add (whole number ≥ 0)")
    .option("--json", 'print {"due":"…"}')
    .option("--explain", "also list the open intervals that were counted")
    .addHelpText(
      "after",
      `
Output: the due instant, e.g. 2026-03-09T12:00:00-06:00 (--json: {"due":"…"}). Counting starts at
the next opening when --start is outside hours; a due time on a closing time is that closing time;
--minutes 0 gives the instant counting starts.
--explain adds one line per counted interval "  FROM/TO  SECONDS" (--json: "counted":[{from,to,seconds}]).`,
    )
    .action(
      async (options: {
        calendar: string;
        start: string;
        minutes: string;
        json?: boolean;
        explain?: boolean;
      }) => {
        const calendar = await loadCalendar(options.calendar);
        const start = instantOption(calendar, "--start", options.start);
        const minutes = minutesOption(options.minutes);
        const explanation = compute(() => explainAddBusinessTime(calendar, start, minutes * 60));
        const due = formatInstantInCalendar(calendar, explanation.due);
        if (options.json) {
          write(
            `${JSON.stringify(options.explain ? { due, counted: intervalsJson(calendar, explanation.counted) } : { due })}\n`,
          );
        } else {
          write(`${due}\n${options.explain ? intervalsText(calendar, explanation.counted) : ""}`);
        }
      },
    );

  sla
    .command("elapsed")
    .description("business time between two instants, in seconds")
    .requiredOption("--calendar <file>", "calendar JSON file (SPEC §5 format)")
    .requiredOption("--from <iso>", "first instant")
    .requiredOption("--to <iso>", "second instant (0 when not after --from)")
    .option("--json", 'print {"seconds":N}')
    .option("--explain", "also list the open intervals that were counted")
    .addHelpText(
      "after",
      `
Output: the business time in seconds, e.g. 14400 (--json: {"seconds":14400}).
--explain adds one line per counted interval "  FROM/TO  SECONDS" (--json: "counted":[{from,to,seconds}]).`,
    )
    .action(
      async (options: { calendar: string; from: string; to: string; json?: boolean; explain?: boolean }) => {
        const calendar = await loadCalendar(options.calendar);
        const from = instantOption(calendar, "--from", options.from);
        const to = instantOption(calendar, "--to", options.to);
        const explanation = compute(() => explainBusinessTimeBetween(calendar, from, to));
        if (options.json) {
          const counted = options.explain ? { counted: intervalsJson(calendar, explanation.counted) } : {};
          write(`${JSON.stringify({ seconds: explanation.seconds, ...counted })}\n`);
        } else {
          write(
            `${explanation.seconds}\n${options.explain ? intervalsText(calendar, explanation.counted) : ""}`,
          );
        }
      },
    );

  sla
    .command("batch")
    .description("answer JSON lines from stdin, one JSON line out per line in, in order")
    .requiredOption("--calendar <file>", "calendar JSON file (SPEC §5 format)")
    .addHelpText(
      "after",
      `
Input lines:  {"op":"due","start":ISO,"minutes":N}  or  {"op":"elapsed","from":ISO,"to":ISO}
Output lines: {"due":ISO}  /  {"seconds":N}  /  {"error":"…"} for a bad line (and it goes on).
Streams: any number of lines in bounded memory. Exit code 0 unless the calendar file is bad (2).`,
    )
    .action(async (options: { calendar: string }) => {
      await runBatch(await loadCalendar(options.calendar));
    });

  sla
    .command("holidays")
    .description("the holidays of a year, with the rules that make them")
    .requiredOption("--calendar <file>", "calendar JSON file (SPEC §5 format)")
    .requiredOption("--year <year>", "year (1–9999)")
    .option("--json", 'print {"year":Y,"holidays":[{"date":"…","sources":["…"]}]}')
    .addHelpText(
      "after",
      `
Output: one line per holiday, sorted: DATE, two spaces, its sources separated by "; ", e.g.
  2026-02-02  mx-lft: Primer lunes de febrero (Día de la Constitución)
A source is "<preset>: <name>" for a preset's rule, the rule's name (or description) for a rule
object, and "fecha explícita" for a date listed in "holidays". Dates of any weekday are listed.`,
    )
    .action(async (options: { calendar: string; year: string; json?: boolean }) => {
      if (!/^\d{1,4}$/.test(options.year) || Number(options.year) < 1) {
        throw new CliUsageError(`--year: ${JSON.stringify(options.year)} is not a year (1–9999)`);
      }
      const year = Number(options.year);
      const calendar = await loadCalendar(options.calendar);
      const holidays = holidaysOfYear(calendar.definition, year);
      if (options.json) {
        write(
          `${JSON.stringify({ year, holidays: holidays.map((holiday) => ({ date: holiday.date, sources: holiday.sources })) })}\n`,
        );
      } else {
        write(holidays.map((holiday) => `${holiday.date}  ${holiday.sources.join("; ")}\n`).join(""));
      }
    });
}
