import { beforeAll, describe, expect, it } from "vitest";
import { newAuthorizedContact, newCustomer, p1Report } from "../harness/case-fixtures";
import { type Session, setupTestApp } from "../harness/test-app";

/**
 * SPEC §8: during a confirmed out-of-hours window the organization's cases run on a 24×7 clock for their
 * response targets, whatever the priority; a case registered before the window keeps its clock.
 */
const { ctx, request, login, signIn, PASSWORD } = setupTestApp();

// Saturday 12 December 2026, 00:00–24:00 in Mexico City (UTC−6)
const WINDOW = { startsAt: "2026-12-12T06:00:00.000Z", endsAt: "2026-12-13T06:00:00.000Z" };
const P3 = { affectedPercent: 20, canKeepWorking: true };

let contact: string;
let specialist: Session;
let customer: Awaited<ReturnType<typeof newCustomer>>;
let other: Awaited<ReturnType<typeof newCustomer>>;
let otherContact: string;
let signIns = 0;

const addWindow = async (
  of: Awaited<ReturnType<typeof newCustomer>>,
  status: "confirmed" | "requested",
  window = WINDOW,
) =>
  ctx.db.db
    .insertInto("out_of_hours_windows")
    .values({
      organization_id: of.organizationId,
      contract_id: of.contractId,
      contract_year: 0,
      starts_at: window.startsAt,
      ends_at: window.endsAt,
      time_zone: "America/Mexico_City",
      maintenance: "Migración de la base de datos",
      status,
      ...(status === "confirmed" ? { confirmed_at: new Date("2026-12-01T18:00:00Z") } : {}),
    })
    .returning("id")
    .executeTakeFirstOrThrow();

/** Signs in at the given time (sessions idle out over the days these cases jump across) and opens a P3. */
const open = async (email: string, systemId: string, at: string) => {
  ctx.clock.set(at);
  signIns += 1;
  const session = await login(email, PASSWORD, `10.8.0.${signIns}`);
  const res = await request("POST", "/api/v1/cases", { session, body: p1Report(systemId, P3) });
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
};

beforeAll(async () => {
  customer = await newCustomer(ctx.app, { planId: "extendido", startDate: "2026-06-01" });
  const person = await newAuthorizedContact(ctx.app, customer, { password: PASSWORD });
  contact = person.email;
  other = await newCustomer(ctx.app, { planId: "extendido", startDate: "2026-06-01" });
  const otherPerson = await newAuthorizedContact(ctx.app, other, { password: PASSWORD });
  otherContact = otherPerson.email;
  await addWindow(customer, "confirmed");
  // a window only requested, not confirmed, of the other organization
  await addWindow(other, "requested");
});

describe("the 24×7 clock of a confirmed out-of-hours window", () => {
  it("P3 registered Saturday 10:00 inside a booked window is due Sunday 10:00", async () => {
    const opened = await open(contact, customer.systemId, "2026-12-12T16:00:00Z");
    expect(opened.priority).toBe("P3");
    expect(opened.sla).toMatchObject({
      calendarId: "24x7",
      targetMinutes: 24 * 60,
      dueAt: "2026-12-13T16:00:00.000Z",
      outOfHoursWindow: WINDOW,
    });
    expect(opened.sla.counted).toEqual([
      { from: "2026-12-12T16:00:00.000Z", to: "2026-12-13T16:00:00.000Z", seconds: 86_400 },
    ]);
    // triage keeps the window's clock: P2 is 8 hours on 24×7, due Saturday 18:00
    specialist = await signIn("specialist");
    const triaged = await request("POST", `/api/v1/cases/${opened.id}/triage`, {
      session: specialist,
      body: { priority: "P2", reason: "Afecta la facturación del fin de semana", version: opened.version },
    });
    expect(triaged.statusCode, triaged.body).toBe(200);
    const after = (await request("GET", `/api/v1/cases/${opened.id}`, { session: specialist })).json();
    expect(after.sla).toMatchObject({ calendarId: "24x7", dueAt: "2026-12-13T00:00:00.000Z" });
    expect(after.sla.outOfHoursWindow).toEqual(WINDOW);
  });

  it("a case registered before the window keeps its business-hours clock", async () => {
    // Friday 11 December 2026, 17:00: 1 business hour that day, then Monday from 09:00
    const opened = await open(contact, customer.systemId, "2026-12-11T23:00:00Z");
    expect(opened.sla.calendarId).toBe("cdmx-habil");
    expect(opened.sla.outOfHoursWindow).toBeNull();
    expect(opened.sla.counted[0]).toEqual({
      from: "2026-12-11T23:00:00.000Z",
      to: "2026-12-12T00:00:00.000Z",
      seconds: 3_600,
    });
    expect(opened.sla.counted[1].from).toBe("2026-12-14T15:00:00.000Z");
  });

  it("a case registered after the window ends, or of another organization, is on business hours", async () => {
    const after = await open(contact, customer.systemId, "2026-12-13T07:00:00Z");
    expect(after.sla).toMatchObject({ calendarId: "cdmx-habil", outOfHoursWindow: null });
    // the other organization only asked for its window: not confirmed, no 24×7
    const others = await open(otherContact, other.systemId, "2026-12-12T16:00:00Z");
    expect(others.sla).toMatchObject({ calendarId: "cdmx-habil", outOfHoursWindow: null });
  });
});
