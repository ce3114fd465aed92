import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { App } from "../../src/server/app";
import { SYSTEM_ACTOR } from "../../src/server/platform/actor";
import { newAuthorizedContact, newContactWithCases, newCustomer, p1Report } from "../harness/case-fixtures";
import { buildSecondApp, type Session, setupTestApp, waitUntil } from "../harness/test-app";

/**
 * A server process keeps the JSON of the cases it shows by case and revision (migration 0024), while
 * PostgreSQL tells it of the names and settings those views show. `ctx.app` keeps views; `plain`, a second
 * app on the same database that does not watch, writes every view afresh: the two must always agree.
 */
const harness = setupTestApp();
const { ctx, request, signIn, login, PASSWORD } = harness;

let plain: App;
let watch: { listening: () => boolean; stop: () => Promise<void> };
let specialist: Session;
let contact: Session;
let customer: Awaited<ReturnType<typeof newCustomer>>;
const caseIds: string[] = [];

const headersOf = (session: Session) => ({ cookie: session.cookie, "x-csrf-token": session.csrf });
const kept = (url: string, session: Session) => request("GET", url, { session });
const fresh = (url: string, session: Session) =>
  plain.inject({ method: "GET", url, headers: headersOf(session) });

/** The same URL through both apps: equal JSON, and what it is. */
const agree = async (url: string, session: Session) => {
  const [a, b] = await Promise.all([kept(url, session), fresh(url, session)]);
  expect(a.statusCode).toBe(b.statusCode);
  expect(a.headers["content-type"]).toBe(b.headers["content-type"]);
  expect(a.json()).toEqual(b.json());
  return a.json();
};

beforeAll(async () => {
  plain = await buildSecondApp(ctx);
  watch = ctx.app.services.cases.watchCaseViews(ctx.db.url);
  expect(await waitUntil(async () => watch.listening())).toBe(true);
  // Friday 27 November 2026, 09:00 in Mexico City
  specialist = await signIn("specialist");
  const opened = await newContactWithCases(harness, ["Caso Uno", "Caso Dos", "Caso Tres"]);
  ({ customer, contact } = opened);
  caseIds.push(...opened.caseIds);
});

afterAll(async () => {
  await watch?.stop();
  await plain?.close();
});

describe("case views kept in memory", () => {
  it("answers a case and a page exactly as written afresh, for staff and for the customer", async () => {
    for (const session of [specialist, contact]) {
      for (let round = 0; round < 2; round += 1) {
        for (const id of caseIds) await agree(`/api/v1/cases/${id}`, session);
        const page = await agree("/api/v1/cases?limit=2", session);
        expect(page.items).toHaveLength(2);
        const next = await agree(`/api/v1/cases?limit=2&cursor=${page.nextCursor}`, session);
        expect(next.items.length).toBeGreaterThanOrEqual(1);
      }
    }
    // the customer's view hides the escalation; the list's summaries leave out the description
    expect((await kept(`/api/v1/cases/${caseIds[0]}`, contact)).json().escalationLevel).toBeNull();
    const item = (await kept("/api/v1/cases", specialist)).json().items[0];
    for (const whole of ["description", "requester", "contractId", "checklist", "allowedStatuses"])
      expect(item).not.toHaveProperty(whole);
    expect(Object.keys(item.sla).sort()).toEqual(["breached", "dueAt", "metAt", "targetMinutes", "timeZone"]);
    expect((await kept(`/api/v1/cases/${caseIds[0]}`, specialist)).json().sla.counted.length).toBeGreaterThan(
      0,
    );
  });

  it("answers from memory: a row changed behind the revision's back still reads as kept", async () => {
    const id = caseIds[0]!;
    const url = `/api/v1/cases/${id}`;
    const subject = (await kept(url, specialist)).json().subject;
    await ctx.db.pool.query("ALTER TABLE cases DISABLE TRIGGER cases_revision");
    try {
      await ctx.db.pool.query("UPDATE cases SET subject = 'Cambiado a escondidas' WHERE id = $1", [id]);
    } finally {
      await ctx.db.pool.query("ALTER TABLE cases ENABLE TRIGGER cases_revision");
    }
    expect((await kept(url, specialist)).json().subject).toBe(subject);
    expect((await fresh(url, specialist)).json().subject).toBe("Cambiado a escondidas");
    await ctx.db.pool.query("UPDATE cases SET subject = $2 WHERE id = $1", [id, subject]);
    await agree(url, specialist);
  });

  it("shows a change to the case at once, whoever made it", async () => {
    const id = caseIds[1]!;
    await kept(`/api/v1/cases/${id}`, specialist);
    const replied = await request("POST", `/api/v1/cases/${id}/replies`, {
      session: specialist,
      body: { body: "Estamos revisando." },
    });
    expect(replied.statusCode).toBe(201);
    const after = await agree(`/api/v1/cases/${id}`, specialist);
    expect(after.sla.metAt).not.toBeNull();
    // a write that is not the services' (the escalation's own statement, say) also gives a new revision
    await ctx.db.pool.query("UPDATE cases SET escalation_level = 2 WHERE id = $1", [id]);
    expect((await agree(`/api/v1/cases/${id}`, specialist)).escalationLevel).toBe(2);
    const listed = (await agree("/api/v1/cases", specialist)).items.find((c: { id: string }) => c.id === id);
    expect(listed.escalationLevel).toBe(2);
  });

  it("shows a renamed organization within moments", async () => {
    const id = caseIds[0]!;
    await kept(`/api/v1/cases/${id}`, specialist);
    await ctx.app.services.organizations.updateOrganization(SYSTEM_ACTOR, customer.organizationId, {
      name: "Municipio Renombrado",
    });
    expect(
      await waitUntil(
        async () =>
          (await kept(`/api/v1/cases/${id}`, specialist)).json().organizationName === "Municipio Renombrado",
      ),
    ).toBe(true);
    await agree(`/api/v1/cases/${id}`, specialist);
  });

  it("turns breached when the target passes unanswered, with nothing written", async () => {
    const id = caseIds[2]!;
    const before = await agree(`/api/v1/cases/${id}`, specialist);
    expect(before.sla.breached).toBe(false);
    const was = ctx.clock.now();
    ctx.clock.set(new Date(new Date(before.sla.dueAt).getTime() + 60_000));
    try {
      expect((await agree(`/api/v1/cases/${id}`, specialist)).sla.breached).toBe(true);
      const listed = (await agree("/api/v1/cases", specialist)).items.find(
        (c: { id: string }) => c.id === id,
      );
      expect(listed.sla.breached).toBe(true);
    } finally {
      ctx.clock.set(was);
    }
  });

  it("lists the due-time queues most urgent first, a page at a time on the due time, kept and afresh alike", async () => {
    // opened together, then triaged so that the first opened is due first and the last opened due last
    const opened = await newContactWithCases(harness, ["Urgente", "Normal", "Menor"]);
    const [first, second, third] = opened.caseIds as [string, string, string];
    const dueAt: Record<string, number> = {};
    for (const [id, priority] of [
      [first, "P1"],
      [second, "P2"],
      [third, "P3"],
    ] as const) {
      const { version } = (await request("GET", `/api/v1/cases/${id}`, { session: specialist })).json();
      const triaged = await request("POST", `/api/v1/cases/${id}/triage`, {
        session: specialist,
        body: { priority, reason: "Prioridad acordada", version },
      });
      expect(triaged.statusCode).toBe(200);
      dueAt[id] = new Date(triaged.json().sla.dueAt).getTime();
    }
    expect(dueAt[first]).toBeLessThan(dueAt[second]!);
    expect(dueAt[second]).toBeLessThan(dueAt[third]!);
    const queue = (name: string, cursor?: string) =>
      `/api/v1/cases?queue=${name}&organizationId=${opened.customer.organizationId}&limit=2${cursor ? `&cursor=${cursor}` : ""}`;
    const ids = (page: { items: { id: string }[] }) => page.items.map((c) => c.id);

    const was = ctx.clock.now();
    try {
      // an hour before the last is due: it alone is due soon, the other two overdue, the longer first
      expect(dueAt[second]).toBeLessThan(dueAt[third]! - 60 * 60_000);
      ctx.clock.set(new Date(dueAt[third]! - 60 * 60_000));
      expect(ids(await agree(queue("due_soon"), specialist))).toEqual([third]);
      const twoOverdue = await agree(queue("breached"), specialist);
      expect(ids(twoOverdue)).toEqual([first, second]);
      // all three overdue (time only moves on: a view kept as breached stays so): the next page goes on
      // from the due time
      ctx.clock.set(new Date(dueAt[third]! + 60_000));
      const breached = await agree(queue("breached"), specialist);
      expect(ids(breached)).toEqual([first, second]);
      expect(ids(await agree(queue("breached", breached.nextCursor), specialist))).toEqual([third]);
      // the CSV holds what the list shows, in its order
      const numbers: Record<string, string> = {};
      for (const id of [first, second, third])
        numbers[id] = (await request("GET", `/api/v1/cases/${id}`, { session: specialist })).json().number;
      const csv = await request(
        "GET",
        `/api/v1/cases/export.csv?queue=breached&organizationId=${opened.customer.organizationId}`,
        { session: specialist },
      );
      expect(csv.statusCode).toBe(200);
      const csvNumbers = csv.body
        .replace(/^\uFEFF/, "")
        .trim()
        .split("\r\n")
        .slice(1)
        .map((line) => line.split(",")[0]);
      expect(csvNumbers).toEqual([numbers[first], numbers[second], numbers[third]]);
      // every other list stays newest first: the organization's list holds all three
      const all = await agree(`/api/v1/cases?organizationId=${opened.customer.organizationId}`, specialist);
      expect(ids(all).sort()).toEqual([first, second, third].sort());
    } finally {
      ctx.clock.set(was);
    }
  });

  it("keeps a timeline until an event is added to it, for staff and for the customer apart", async () => {
    const id = caseIds[1]!;
    const url = `/api/v1/cases/${id}/timeline`;
    for (let round = 0; round < 2; round += 1) {
      await agree(url, specialist);
      await agree(url, contact);
    }
    const before = (await kept(url, specialist)).json().items.length;
    const noted = await request("POST", `/api/v1/cases/${id}/notes`, {
      session: specialist,
      body: { body: "Nota interna" },
    });
    expect(noted.statusCode).toBe(201);
    // at once, from the events themselves: the note for staff, nothing new for the customer
    const staffView = await agree(url, specialist);
    expect(staffView.items).toHaveLength(before + 1);
    expect(staffView.items.at(-1).body).toBe("Nota interna");
    const customerView = await agree(url, contact);
    expect(customerView.items.some((e: { body: string }) => e.body === "Nota interna")).toBe(false);
    // an event another process added (the escalation's own statement, say) is seen as well
    await ctx.db.pool.query(
      "INSERT INTO case_events (case_id, at, kind, visibility, body) VALUES ($1, now(), 'reply', 'public', 'Añadido aparte')",
      [id],
    );
    expect((await agree(url, contact)).items.at(-1).body).toBe("Añadido aparte");
    // the author's name is read from the user: a rename reaches kept timelines within moments
    await ctx.app.services.users.updateStaffUser(SYSTEM_ACTOR, specialist.userId, {
      name: "Especialista Renombrada",
    });
    expect(
      await waitUntil(
        async () =>
          (await kept(url, specialist)).json().items.at(-2)?.actor?.name === "Especialista Renombrada",
      ),
    ).toBe(true);
    await agree(url, specialist);
    expect(
      (await kept(`/api/v1/cases/00000000-0000-4000-8000-000000000000/timeline`, specialist)).statusCode,
    ).toBe(404);
  });

  it("reads arriving together share their queries, and each still sees only what its caller may", async () => {
    const other = await newCustomer(ctx.app);
    const otherPerson = await newAuthorizedContact(ctx.app, other, { password: PASSWORD });
    const otherContact = await login(otherPerson.email, PASSWORD);
    const opened = await request("POST", "/api/v1/cases", {
      session: otherContact,
      body: p1Report(other.systemId, { subject: "Caso de otra organización" }),
    });
    expect(opened.statusCode).toBe(201);
    const otherId: string = opened.json().id;
    const mine = caseIds[0]!;
    const reads: [Session, string][] = [
      [contact, `/api/v1/cases/${mine}`],
      [contact, `/api/v1/cases/${otherId}`],
      [otherContact, `/api/v1/cases/${otherId}`],
      [otherContact, `/api/v1/cases/${mine}`],
      [specialist, `/api/v1/cases/${mine}`],
      [specialist, `/api/v1/cases/${otherId}`],
      [contact, `/api/v1/cases/${otherId}/timeline`],
      [otherContact, `/api/v1/cases/${otherId}/timeline`],
      [contact, "/api/v1/cases"],
      [otherContact, "/api/v1/cases"],
      [specialist, "/api/v1/cases?limit=2"],
      [specialist, "/api/v1/cases?limit=2"],
      [specialist, "/api/v1/cases?queue=untriaged"],
      [specialist, "/api/v1/cases?queue=mine"],
      [specialist, `/api/v1/cases?organizationId=${other.organizationId}`],
    ];
    for (let round = 0; round < 2; round += 1) {
      // all at once: the kept reads batch them; then each alone through the app that writes afresh
      const together = await Promise.all(reads.map(([session, url]) => kept(url, session)));
      for (const [i, [session, url]] of reads.entries()) {
        const alone = await fresh(url, session);
        expect([url, together[i]!.statusCode]).toEqual([url, alone.statusCode]);
        expect(together[i]!.json()).toEqual(alone.json());
      }
      expect(together.map((r) => r.statusCode)).toEqual([
        200, 404, 200, 404, 200, 200, 404, 200, 200, 200, 200, 200, 200, 200, 200,
      ]);
      const ids = (i: number) => together[i]!.json().items.map((c: { id: string }) => c.id);
      expect(ids(8)).not.toContain(otherId);
      expect(ids(9)).toEqual([otherId]);
      expect(ids(14)).toEqual([otherId]);
      expect(ids(10)).toHaveLength(2);
    }
  });

  it("without the LISTEN connection writes every view afresh", async () => {
    await watch.stop();
    try {
      await ctx.app.services.organizations.updateOrganization(SYSTEM_ACTOR, customer.organizationId, {
        name: "Municipio Otra Vez",
      });
      expect((await kept(`/api/v1/cases/${caseIds[0]}`, specialist)).json().organizationName).toBe(
        "Municipio Otra Vez",
      );
    } finally {
      watch = ctx.app.services.cases.watchCaseViews(ctx.db.url);
      expect(await waitUntil(async () => watch.listening())).toBe(true);
    }
  });
});
