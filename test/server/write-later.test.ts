import { Kysely, PostgresDialect, sql } from "kysely";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DB } from "../../src/server/platform/db";
import { transact, writeLater } from "../../src/server/platform/write-later";
import { newAuthorizedContact, newCustomer, p1Report } from "../harness/case-fixtures";
import { type Session, setupTestApp } from "../harness/test-app";

/**
 * A change's bookkeeping (audit, webhook event, outbox mail, bell) is queued on its transaction and sent as
 * one statement just before COMMIT. Here the splicing on a Kysely that records what it sends, on the test
 * database's pool, and the statements a staff reply costs through the API.
 */
const { ctx, request, signIn, login, PASSWORD } = setupTestApp();

let sent: string[] = [];
let db: Kysely<DB>;
let userId: string;
const ACTION = "write_later.test";

const audit = (action: string, details: unknown) =>
  db.insertInto("audit_log").values({
    actor_id: userId,
    via: "system",
    action,
    entity: "test",
    entity_id: null,
    organization_id: null,
    details: JSON.stringify(details),
  });
const bell = (user: string) =>
  db
    .insertInto("notifications")
    .values({ user_id: user, kind: "assigned", data: JSON.stringify({ x: 1 }), created_at: new Date() });
const countOf = async (handle: Kysely<DB>, action: string) =>
  Number(
    (
      await handle
        .selectFrom("audit_log")
        .select((eb) => eb.fn.countAll().as("n"))
        .where("action", "=", action)
        .executeTakeFirstOrThrow()
    ).n,
  );

beforeAll(async () => {
  db = new Kysely<DB>({
    dialect: new PostgresDialect({ pool: ctx.db.pool }),
    log: (event) => {
      if (event.level === "query") sent.push(event.query.sql);
    },
  });
  userId = (await signIn("admin")).userId;
});

describe("writes queued on a transaction", () => {
  it("are sent as one statement just before COMMIT, unseen until then, their parameters renumbered", async () => {
    sent = [];
    const action = `${ACTION}.one`;
    const seenInside = await transact(db as never, async (tx) => {
      // a literal with a placeholder, a parenthesis and a doubled quote: not renumbered, not a CTE's end
      await writeLater(
        tx,
        sql`INSERT INTO audit_log (actor_id, via, action, entity, details)
            VALUES (${userId}::uuid, 'system', ${action}, 'x ) $1 ( it''s', ${JSON.stringify({ n: 3 })}::jsonb)`,
      );
      await writeLater(tx, bell(userId));
      return countOf(tx as never, action);
    });
    expect(seenInside).toBe(0);
    const batch = sent.filter((s) => s.startsWith("WITH later_0 AS ("));
    expect(batch).toHaveLength(1);
    expect(batch[0]).toContain('later_1 AS (insert into "notifications"');
    expect(sent.filter((s) => /^\s*insert/i.test(s))).toEqual([]);
    expect(sent.slice(-1)[0]?.toLowerCase()).toBe("commit");
    const rows = await db
      .selectFrom("audit_log")
      .select(["actor_id", "entity", "details"])
      .where("action", "=", action)
      .execute();
    expect(rows).toEqual([{ actor_id: userId, entity: "x ) $1 ( it's", details: { n: 3 } }]);
    // the second write's parameters, numbered after the first's
    const bells = await db
      .selectFrom("notifications")
      .select(["kind", "data"])
      .where("user_id", "=", userId)
      .execute();
    expect(bells).toEqual([{ kind: "assigned", data: { x: 1 } }]);
  });

  it("keep one table's rows in the order they were written: a second write into it sends the queue first", async () => {
    sent = [];
    const action = `${ACTION}.order`;
    await transact(db as never, async (tx) => {
      for (const n of [1, 2, 3]) await writeLater(tx, audit(action, { n }));
    });
    expect(sent.filter((s) => s.includes('"audit_log"'))).toHaveLength(3);
    const rows = await db
      .selectFrom("audit_log")
      .select("details")
      .where("action", "=", action)
      .orderBy("id")
      .execute();
    expect(rows.map((r) => (r.details as { n: number }).n)).toEqual([1, 2, 3]);
  });

  it("commit with the change or not at all: a queued write that fails undoes the whole transaction", async () => {
    const action = `${ACTION}.failed`;
    await expect(
      transact(db as never, async (tx) => {
        await tx
          .insertInto("audit_log")
          .values({ via: "system", action, entity: "now", details: "{}" })
          .execute();
        await writeLater(tx, audit(action, {}));
        await writeLater(tx, bell("00000000-0000-4000-8000-000000000000"));
      }),
    ).rejects.toMatchObject({ code: "23503" });
    expect(await countOf(db, action)).toBe(0);
  });

  it("run at once outside such a transaction", async () => {
    const action = `${ACTION}.now`;
    await db.transaction().execute(async (tx) => {
      await writeLater(tx as never, audit(action, {}));
      expect(await countOf(tx, action)).toBe(1);
    });
    await writeLater(db as never, audit(action, {}));
    expect(await countOf(db, action)).toBe(2);
  });
});

describe("a staff reply", () => {
  let specialist: Session;
  let caseId: string;

  beforeAll(async () => {
    specialist = await signIn("specialist");
    const customer = await newCustomer(ctx.app);
    const person = await newAuthorizedContact(ctx.app, customer, { password: PASSWORD });
    const opened = await request("POST", "/api/v1/cases", {
      session: await login(person.email, PASSWORD),
      body: p1Report(customer.systemId),
    });
    expect(opened.statusCode).toBe(201);
    caseId = opened.json().id;
  });

  afterAll(() => {
    pg.Client.prototype.query = original;
  });

  const original = pg.Client.prototype.query;

  it("is four statements: BEGIN, the case with the reply's history entry, every note of it at once, COMMIT", async () => {
    const reply = () =>
      request("POST", `/api/v1/cases/${caseId}/replies`, {
        session: specialist,
        body: { body: "Revisamos la bitácora del servidor." },
      });
    expect((await reply()).statusCode).toBe(201); // settings read, kept from here on
    const statements: string[] = [];
    pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
      const [config] = args as [string | { text: string }];
      statements.push(typeof config === "string" ? config : config.text);
      return (original as (...a: unknown[]) => unknown).apply(this, args);
    } as typeof original;
    const second = await reply();
    pg.Client.prototype.query = original;
    expect(second.statusCode).toBe(201);
    // from BEGIN on: before it, the test app reads the sign-in (the server keeps it)
    const change = statements.map((s) => s.trim().toLowerCase());
    expect(change.slice(change.indexOf("begin"))).toEqual([
      "begin",
      expect.stringMatching(/^with "changed" as \(select .* "reply" as \(insert into "case_events"/),
      expect.stringMatching(/^with later_0 as \(insert into "audit_log"/),
      "commit",
    ]);
    const mails = await ctx.db.db
      .selectFrom("outbox")
      .select("kind")
      .where("case_id", "=", caseId)
      .where("kind", "=", "staff_reply")
      .execute();
    expect(mails).toHaveLength(2);
  });
  it("writes no history entry on a closed case, nor on a case the caller may not see", async () => {
    const eventsOf = async (id: string) =>
      (await ctx.db.db.selectFrom("case_events").select("id").where("case_id", "=", id).execute()).length;
    const other = await newCustomer(ctx.app);
    const stranger = await newAuthorizedContact(ctx.app, other, { password: PASSWORD });
    const strangerSession = await login(stranger.email, PASSWORD);
    const before = await eventsOf(caseId);
    const unseen = await request("POST", `/api/v1/cases/${caseId}/replies`, {
      session: strangerSession,
      body: { body: "¿Y mi caso?" },
    });
    expect(unseen.statusCode).toBe(404);
    expect(await eventsOf(caseId)).toBe(before);

    const current = (await request("GET", `/api/v1/cases/${caseId}`, { session: specialist })).json();
    const closed = await request("POST", `/api/v1/cases/${caseId}/status`, {
      session: specialist,
      body: { status: "closed", version: current.version },
    });
    expect(closed.statusCode).toBe(200);
    const afterClosing = await eventsOf(caseId);
    const late = await request("POST", `/api/v1/cases/${caseId}/replies`, {
      session: specialist,
      body: { body: "Una respuesta tardía." },
    });
    expect(late.statusCode).toBe(409);
    expect(late.json()).toMatchObject({ code: "invalid_transition" });
    expect(await eventsOf(caseId)).toBe(afterClosing);
  });
});
