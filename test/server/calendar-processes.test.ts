/**
 * Two `soporte serve` processes on one database: a holiday an admin adds through one is used by a case
 * opened through the other straight after — no process counts on a stale compiled calendar.
 */
import { rm } from "node:fs/promises";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { Calendar } from "../../src/api/calendars";
import { parseCalendarDefinition } from "../../src/domain/sla/business-calendar";
import { nextOpening } from "../../src/domain/sla/business-time";
import { type BusinessCalendar, compileCalendar } from "../../src/domain/sla/compiled-calendar";
import { SYSTEM_ACTOR } from "../../src/server/platform/actor";
import { loadConfig } from "../../src/server/platform/config";
import { createServices } from "../../src/server/services";
import { type Server, startServer, tempDir } from "../cli/process-helpers";
import { newAuthorizedContact, newCustomer, p1Report } from "../harness/case-fixtures";
import { createTestDatabase } from "../harness/test-database";

const PASSWORD = "correct horse battery staple";

let database: Awaited<ReturnType<typeof createTestDatabase>>;
const dirs: string[] = [];
const servers: Server[] = [];
let adminEmail = "";
let contactEmail = "";
let systemId = "";

type Session = { cookie: string; csrf: string };

const localDateOf = (calendar: BusinessCalendar, instant: number) =>
  new Date(instant + calendar.offsetAt(instant)).toISOString().slice(0, 10);

const signIn = async (server: Server, email: string): Promise<Session> => {
  const res = await fetch(`http://127.0.0.1:${server.port}/api/v1/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email, password: PASSWORD }),
  });
  if (!res.ok) throw new Error(`sign-in ${email}: ${res.status} ${await res.text()}`);
  const cookie = res.headers
    .getSetCookie()
    .find((c) => c.startsWith("soporte_session="))!
    .split(";")[0]!;
  return { cookie, csrf: ((await res.json()) as { csrfToken: string }).csrfToken };
};

const call = (server: Server, session: Session, method: string, url: string, body?: unknown) =>
  fetch(`http://127.0.0.1:${server.port}/api/v1${url}`, {
    method,
    headers: {
      cookie: session.cookie,
      "x-csrf-token": session.csrf,
      ...(body === undefined ? {} : { "content-type": "application/json" }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });

beforeAll(async () => {
  database = await createTestDatabase();
  const config = loadConfig({ DATA_DIR: "/tmp/soporte-unused", DATABASE_URL: database.url });
  const services = createServices({ config, db: database.db, clock: { now: () => new Date() } });
  adminEmail = "calendarios@admin.example";
  await services.users.createStaffUser(SYSTEM_ACTOR, {
    name: "Admin de calendarios",
    email: adminEmail,
    role: "admin",
    preferredLanguage: "es-MX",
    password: PASSWORD,
  });
  const customer = await newCustomer(
    { services },
    {
      startDate: new Date(Date.now() - 30 * 86_400_000).toISOString().slice(0, 10),
    },
  );
  systemId = customer.systemId;
  contactEmail = (await newAuthorizedContact({ services }, customer, { password: PASSWORD })).email;
  for (const name of ["a", "b"]) {
    const dir = await tempDir(`soporte-cal-${name}-`);
    dirs.push(dir);
    servers.push(await startServer({ DATABASE_URL: database.url, DATA_DIR: dir, LOG_LEVEL: "warn" }));
  }
}, 180_000);

afterAll(async () => {
  for (const server of servers) {
    server.child.kill("SIGTERM");
    await server.exited;
  }
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  await database?.drop();
}, 60_000);

it("a holiday added through one process is used by a case opened through the other within a second", async () => {
  const [a, b] = servers as [Server, Server];
  const admin = await signIn(a, adminEmail);
  const contact = await signIn(b, contactEmail);
  // warm process B's compiled calendar, so a stale copy would be there to be used
  const warm = await call(
    b,
    contact,
    "POST",
    "/cases",
    p1Report(systemId, { subject: "Antes del día festivo" }),
  );
  expect(warm.status).toBe(201);

  const stored = (await (await call(a, admin, "GET", "/calendars/cdmx-habil")).json()) as Calendar;
  const { id: _id, version: _v, updatedAt: _u, usedByPlans: _p, recomputation: _r, ...file } = stored;
  const parsed = parseCalendarDefinition(file);
  if (!parsed.ok) throw new Error(parsed.errors.join("; "));
  // the day the next case's clock would start on: make it a holiday
  const before = compileCalendar(parsed.calendar);
  const day = localDateOf(before, nextOpening(before, Date.now()));

  const added = await call(a, admin, "PUT", `/calendars/cdmx-habil/holidays/${day}`);
  expect(added.status).toBe(200);
  const addedAt = Date.now();
  const opened = await call(
    b,
    contact,
    "POST",
    "/cases",
    p1Report(systemId, { subject: "Después del día festivo" }),
  );
  const openedAt = Date.now();
  expect(opened.status).toBe(201);
  expect(openedAt - addedAt).toBeLessThan(1_000);

  const after = compileCalendar({ ...parsed.calendar, holidays: [...parsed.calendar.holidays, day] });
  const body = (await opened.json()) as { registeredAt: string; sla: { counted: { from: string }[] } };
  const firstCounted = Date.parse(body.sla.counted[0]!.from);
  expect(localDateOf(after, firstCounted)).not.toBe(day);
  expect(firstCounted).toBe(nextOpening(after, Date.parse(body.registeredAt)));
}, 60_000);
