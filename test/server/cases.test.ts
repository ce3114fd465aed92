import { beforeAll, describe, expect, it } from "vitest";
import { CASE_QUEUES, CHECKLIST_ITEMS } from "../../src/api/cases";
import { SYSTEM_ACTOR } from "../../src/server/platform/actor";
import { type Session, setupTestApp, uniq } from "../harness/test-app";

const { ctx, request, signIn, login, PASSWORD } = setupTestApp();
const checklist = Object.fromEntries(CHECKLIST_ITEMS.map((item) => [item, true]));
// Friday 27 Nov 2026, 17:00 in Mexico City (UTC−6)
const FRIDAY_17 = "2026-11-27T23:00:00.000Z";

let specialist: Session;
let manager: Session;
let org: { id: string };
let systemId: string;
let ana: Session;
let luis: Session;

const newContactSession = async (organizationId: string, authorizeOn?: string) => {
  const email = `${uniq("contacto").replace(" ", ".")}@test.example`;
  const contact = await ctx.app.services.organizations.createContact(SYSTEM_ACTOR, organizationId, {
    name: uniq("Contacto"),
    email,
    preferredLanguage: "es-MX",
    password: PASSWORD,
  });
  if (authorizeOn) {
    await ctx.app.services.authorizedContacts.addTraining(SYSTEM_ACTOR, contact.id, {
      course: "Administración de SIGAP",
      completedOn: "2026-01-15",
    });
    await ctx.app.services.authorizedContacts.authorizeContact(SYSTEM_ACTOR, authorizeOn, contact.id);
  }
  return login(email, PASSWORD, `10.9.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`);
};

const newSystemWithContract = async (organizationId: string, startDate = "2026-01-02") => {
  const product = await ctx.app.services.catalog.createProduct(SYSTEM_ACTOR, {
    name: uniq("SIGAP"),
    description: "",
    modules: [],
  });
  const system = await ctx.app.services.catalog.createSystem(SYSTEM_ACTOR, {
    organizationId,
    productId: product.id,
    name: uniq("SIGAP producción"),
    moduleIds: [],
    installedVersion: "5.1.0",
    environment: "production",
  });
  const contract = await ctx.app.services.contracts.createContract(SYSTEM_ACTOR, {
    systemId: system.id,
    planId: "estandar",
    startDate,
    salePriceCents: 0,
    notes: "",
  });
  return { systemId: system.id, contractId: contract.id };
};

const p1 = (overrides: Record<string, unknown> = {}) => ({
  systemId,
  subject: "No se puede acceder a SIGAP",
  description: "Error fatal al iniciar sesión para todos los usuarios.",
  affectedPercent: 100,
  canKeepWorking: false,
  checklist,
  ...overrides,
});

beforeAll(async () => {
  specialist = await signIn("specialist");
  manager = await signIn("manager");
  org = await ctx.app.services.organizations.createOrganization(SYSTEM_ACTOR, {
    name: uniq("Municipio"),
    emailDomains: [],
    timeZone: "America/Mexico_City",
  });
  const s = await newSystemWithContract(org.id);
  systemId = s.systemId;
  ana = await newContactSession(org.id, s.contractId);
  luis = await newContactSession(org.id);
  ctx.clock.set(FRIDAY_17);
});

describe("case intake", () => {
  it("Estándar P1 registered Friday 17:00 is due Monday 12:00, with the counted intervals", async () => {
    const res = await request("POST", "/api/v1/cases", { session: ana, body: p1() });
    expect(res.statusCode).toBe(201);
    const opened = res.json();
    expect(opened).toMatchObject({
      number: expect.stringMatching(/^CAS-2026-\d{6}$/),
      channel: "portal",
      status: "new",
      suggestedPriority: "P1",
      priority: "P1",
      triaged: false,
      planName: "Estándar",
      installedVersion: "5.1.0",
      environment: "production",
      registeredAt: FRIDAY_17,
      sla: {
        calendarName: "CDMX hábil",
        targetMinutes: 240,
        dueAt: "2026-11-30T18:00:00.000Z",
        metAt: null,
        breached: false,
      },
    });
    expect(opened.sla.counted).toEqual([
      { from: "2026-11-27T23:00:00.000Z", to: "2026-11-28T00:00:00.000Z", seconds: 3600 },
      { from: "2026-11-30T15:00:00.000Z", to: "2026-11-30T18:00:00.000Z", seconds: 10800 },
    ]);
    // the answer is the case as the insert returned it: the same as reading it afterwards
    expect((await request("GET", `/api/v1/cases/${opened.id}`, { session: ana })).json()).toEqual(opened);
  });

  it("numbers cases uniquely even when opened concurrently", async () => {
    const results = await Promise.all(
      Array.from({ length: 6 }, () =>
        request("POST", "/api/v1/cases", { session: ana, body: p1({ subject: "Concurrente" }) }),
      ),
    );
    const numbers = results.map((r) => r.json().number);
    expect(results.every((r) => r.statusCode === 201)).toBe(true);
    expect(new Set(numbers).size).toBe(6);
  });

  it("requires every item of the precondition checklist", async () => {
    const { databases: _d, ...missing } = checklist;
    const res = await request("POST", "/api/v1/cases", {
      session: ana,
      body: p1({ checklist: { ...missing, networks: false } }),
    });
    expect(res.statusCode).toBe(400);
    const fields = res.json().errors.map((e: { field: string }) => e.field);
    expect(fields).toEqual(expect.arrayContaining(["checklist.databases", "checklist.networks"]));
  });

  it.each([
    ["an HTML subject is kept as text", { subject: "<script>alert(1)</script>" }, 201],
    ["an empty subject", { subject: "   " }, 400],
    ["a 1 MB description", { description: "x".repeat(1024 * 1024) }, 413],
    ["an RTL override in the subject", { subject: "factura\u202Egnp.exe" }, 400],
    ["affected over 100 %", { affectedPercent: 120 }, 400],
  ])("%s", async (_label, override, status) => {
    const res = await request("POST", "/api/v1/cases", { session: ana, body: p1(override) });
    expect(res.statusCode).toBe(status);
    if (status === 201) expect(res.json().subject).toBe("<script>alert(1)</script>");
  });

  it("refuses a contact who is not authorized, politely, and logs the attempt", async () => {
    const res = await request("POST", "/api/v1/cases", { session: luis, body: p1() });
    expect(res.statusCode).toBe(403);
    expect(res.json().code).toBe("not_authorized_contact");
    expect(res.json().detail).toMatch(/authorized contacts/);
    const logged = await ctx.db.db
      .selectFrom("audit_log")
      .select(["action", "actor_id"])
      .where("action", "=", "case.intake_refused")
      .where("actor_id", "=", luis.userId)
      .execute();
    expect(logged).toHaveLength(1);
  });

  it("answers 404 for a system of another organization", async () => {
    const other = await ctx.app.services.organizations.createOrganization(SYSTEM_ACTOR, {
      name: uniq("Otra"),
      emailDomains: [],
      timeZone: "America/Mexico_City",
    });
    const theirs = await newSystemWithContract(other.id);
    const res = await request("POST", "/api/v1/cases", {
      session: ana,
      body: p1({ systemId: theirs.systemId }),
    });
    expect(res.statusCode).toBe(404);
  });

  it("holds a request for a system without a current contract until a purchase order", async () => {
    const lapsed = await newSystemWithContract(org.id, "2024-01-02");
    const contact = await newContactSession(org.id, lapsed.contractId);
    const res = await request("POST", "/api/v1/cases", {
      session: contact,
      body: p1({ systemId: lapsed.systemId }),
    });
    expect(res.statusCode).toBe(202);
    expect(res.json().outcome).toBe("held_po_required");
    const held = await request("GET", `/api/v1/held-requests/${res.json().heldRequestId}`, {
      session: manager,
    });
    expect(held.json()).toMatchObject({ state: "held", subject: "No se puede acceder a SIGAP" });
  });

  it("lets a specialist log a phone call for an authorized contact, not for anyone", async () => {
    const noRequester = await request("POST", "/api/v1/cases", { session: specialist, body: p1() });
    expect(noRequester.json().errors[0].field).toBe("requesterId");
    const call = await request("POST", "/api/v1/cases", {
      session: specialist,
      body: p1({ requesterId: ana.userId }),
    });
    expect(call.statusCode).toBe(201);
    expect(call.json()).toMatchObject({ channel: "phone", requester: { id: ana.userId } });
    expect((await request("GET", `/api/v1/cases/${call.json().id}`, { session: specialist })).json()).toEqual(
      call.json(),
    );
    const refused = await request("POST", "/api/v1/cases", {
      session: specialist,
      body: p1({ requesterId: luis.userId }),
    });
    expect(refused.json().code).toBe("not_authorized_contact");
    const nobody = await request("POST", "/api/v1/cases", {
      session: specialist,
      body: p1({ requesterId: "00000000-0000-4000-8000-000000000000" }),
    });
    expect(nobody.statusCode).toBe(403);
    expect(nobody.json().code).toBe("not_authorized_contact");
  });
});

describe("triage, replies and the service level", () => {
  it("triage recomputes the due time from registration; the first public staff reply meets it", async () => {
    const opened = (await request("POST", "/api/v1/cases", { session: ana, body: p1() })).json();
    ctx.clock.set("2026-11-30T15:30:00.000Z"); // Monday 09:30
    const noReason = await request("POST", `/api/v1/cases/${opened.id}/triage`, {
      session: specialist,
      body: { priority: "P2", version: opened.version },
    });
    expect(noReason.json().errors[0].field).toBe("reason");
    const triaged = await request("POST", `/api/v1/cases/${opened.id}/triage`, {
      session: specialist,
      body: { priority: "P2", reason: "Solo falla el módulo e-firma", version: opened.version },
    });
    expect(triaged.statusCode).toBe(200);
    // 8 business hours from Friday 17:00: 1 h Friday + 7 h Monday → Monday 16:00
    expect(triaged.json()).toMatchObject({
      priority: "P2",
      status: "open",
      triaged: true,
      sla: { dueAt: "2026-11-30T22:00:00.000Z" },
    });

    const stale = await request("POST", `/api/v1/cases/${opened.id}/triage`, {
      session: specialist,
      body: { priority: "P3", reason: "x", version: opened.version },
    });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().code).toBe("version_conflict");

    await request("POST", `/api/v1/cases/${opened.id}/notes`, {
      session: specialist,
      body: { body: "Nota interna: revisar logs del servidor" },
    });
    const customerReply = await request("POST", `/api/v1/cases/${opened.id}/replies`, {
      session: ana,
      body: { body: "¿Alguna novedad?" },
    });
    expect(customerReply.json().sla.metAt).toBeNull();
    ctx.clock.set("2026-11-30T16:00:00.000Z");
    const staffReply = await request("POST", `/api/v1/cases/${opened.id}/replies`, {
      session: specialist,
      body: { body: "Estamos revisando el certificado de e-firma." },
    });
    expect(staffReply.json().sla).toMatchObject({ metAt: "2026-11-30T16:00:00.000Z", breached: false });

    const forCustomer = (await request("GET", `/api/v1/cases/${opened.id}/timeline`, { session: ana })).json()
      .items;
    expect(forCustomer.map((e: { kind: string }) => e.kind)).toEqual([
      "created",
      "priority_changed",
      "status_changed",
      "reply",
      "reply",
      "response_met",
    ]);
    expect(JSON.stringify(forCustomer)).not.toContain("Nota interna");
    const forStaff = (
      await request("GET", `/api/v1/cases/${opened.id}/timeline`, { session: specialist })
    ).json().items;
    expect(forStaff.map((e: { kind: string }) => e.kind)).toContain("note");
    ctx.clock.set(FRIDAY_17);
  });

  it("a reply's notices come from the case the change read: the requester's mail and bell, the assignee's bell, nothing to a deactivated requester", async () => {
    const own = await newSystemWithContract(org.id);
    const requester = await newContactSession(org.id, own.contractId);
    // an assignee of its own: the queue tests count the shared specialist's cases
    const assignee = await signIn("specialist");
    const opened = (
      await request("POST", "/api/v1/cases", { session: requester, body: p1({ systemId: own.systemId }) })
    ).json();
    const assigned = await request("POST", `/api/v1/cases/${opened.id}/assignee`, {
      session: manager,
      body: { assigneeId: assignee.userId, version: opened.version },
    });
    expect(assigned.statusCode).toBe(200);
    const noticesOf = async () => ({
      mails: await ctx.db.db
        .selectFrom("outbox")
        .select(["kind", "to_user_id", "locale", "subject"])
        .where("case_id", "=", opened.id)
        .where("kind", "=", "staff_reply")
        .execute(),
      bells: await ctx.db.db
        .selectFrom("notifications")
        .select(["user_id", "kind", "data"])
        .where("case_id", "=", opened.id)
        .where("kind", "=", "reply")
        .execute(),
    });

    await request("POST", `/api/v1/cases/${opened.id}/replies`, {
      session: assignee,
      body: { body: "Revisamos el certificado." },
    });
    await request("POST", `/api/v1/cases/${opened.id}/replies`, {
      session: requester,
      body: { body: "Gracias, quedo atento." },
    });
    const replied = await noticesOf();
    expect(replied.mails).toEqual([
      {
        kind: "staff_reply",
        to_user_id: requester.userId,
        locale: "es-MX",
        subject: expect.stringContaining(opened.number),
      },
    ]);
    expect(replied.bells.map((b) => b.user_id).sort()).toEqual([requester.userId, assignee.userId].sort());

    const admin = await signIn("admin");
    const off = await request("PATCH", `/api/v1/contacts/${requester.userId}`, {
      session: admin,
      body: { active: false },
    });
    expect(off.statusCode).toBe(200);
    const again = await request("POST", `/api/v1/cases/${opened.id}/replies`, {
      session: assignee,
      body: { body: "¿Sigue ocurriendo?" },
    });
    expect(again.statusCode).toBe(201);
    const after = await noticesOf();
    expect(after.mails).toHaveLength(1);
    expect(after.bells).toHaveLength(2);
  });

  it("refuses an illegal status change listing the allowed ones; customers may only close or reopen", async () => {
    const opened = (await request("POST", "/api/v1/cases", { session: ana, body: p1() })).json();
    const held = await request("POST", `/api/v1/cases/${opened.id}/status`, {
      session: specialist,
      body: { status: "held", version: opened.version },
    });
    expect(held.statusCode).toBe(409);
    expect(held.json().code).toBe("invalid_transition");
    expect(held.json().detail).toContain("allowed: open, waiting_on_customer, resolved, closed");
    const byCustomer = await request("POST", `/api/v1/cases/${opened.id}/status`, {
      session: ana,
      body: { status: "resolved", version: opened.version },
    });
    expect(byCustomer.statusCode).toBe(403);
    const resolved = (
      await request("POST", `/api/v1/cases/${opened.id}/status`, {
        session: specialist,
        body: { status: "resolved", version: opened.version },
      })
    ).json();
    const reopened = await request("POST", `/api/v1/cases/${opened.id}/status`, {
      session: ana,
      body: { status: "open", version: resolved.version },
    });
    expect(reopened.json()).toMatchObject({ status: "open", resolvedAt: null });
    const history = (await request("GET", `/api/v1/cases/${opened.id}/timeline`, { session: manager })).json()
      .items;
    expect(
      history
        .filter((e: { kind: string }) => e.kind === "status_changed")
        .map((e: { data: { to: string } }) => e.data.to),
    ).toEqual(["resolved", "open"]);
  });

  it("lists desk queues: untriaged, breached, mine", async () => {
    const opened = (
      await request("POST", "/api/v1/cases", { session: ana, body: p1({ subject: uniq("Cola") }) })
    ).json();
    const untriaged = (
      await request("GET", "/api/v1/cases?queue=untriaged&limit=200", { session: specialist })
    ).json().items;
    expect(untriaged.map((c: { id: string }) => c.id)).toContain(opened.id);
    ctx.clock.set("2026-12-01T18:00:00.000Z");
    const breached = (
      await request("GET", "/api/v1/cases?queue=breached&limit=200", { session: specialist })
    ).json().items;
    expect(breached.map((c: { id: string }) => c.id)).toContain(opened.id);
    expect(breached.find((c: { id: string }) => c.id === opened.id).sla.breached).toBe(true);
    const assigned = await request("POST", `/api/v1/cases/${opened.id}/assignee`, {
      session: manager,
      body: { assigneeId: specialist.userId, version: opened.version },
    });
    expect(assigned.json().assignee.id).toBe(specialist.userId);
    const mine = (await request("GET", "/api/v1/cases?queue=mine", { session: specialist })).json().items;
    expect(mine.map((c: { id: string }) => c.id)).toEqual([opened.id]);
    const bySearch = (
      await request("GET", `/api/v1/cases?q=${opened.number}`, { session: specialist })
    ).json().items;
    expect(bySearch).toHaveLength(1);
    ctx.clock.set(FRIDAY_17);
  });

  it("counts every desk queue in one answer, exactly as the queues list", async () => {
    const opened = (
      await request("POST", "/api/v1/cases", { session: ana, body: p1({ subject: uniq("Conteo") }) })
    ).json();
    await request("POST", `/api/v1/cases/${opened.id}/assignee`, {
      session: manager,
      body: { assigneeId: specialist.userId, version: opened.version },
    });
    const countsOf = async (session: Session) => {
      const answer = await request("GET", "/api/v1/cases/counts", { session });
      expect(answer.statusCode).toBe(200);
      return answer.json() as Record<string, number>;
    };
    const listed = async (session: Session, queue: string) =>
      (await request("GET", `/api/v1/cases?queue=${queue}&limit=200`, { session })).json().items.length;
    for (const at of [FRIDAY_17, "2026-12-01T18:00:00.000Z"]) {
      ctx.clock.set(at);
      for (const session of [specialist, ana]) {
        const counts = await countsOf(session);
        expect(Object.keys(counts).sort()).toEqual([...CASE_QUEUES].sort());
        for (const queue of CASE_QUEUES)
          expect([queue, counts[queue]]).toEqual([queue, await listed(session, queue)]);
      }
    }
    expect((await countsOf(specialist)).mine).toBeGreaterThanOrEqual(1);
    expect((await countsOf(specialist)).breached).toBeGreaterThanOrEqual(1);
    // another organization's contact counts none of these
    const other = await ctx.app.services.organizations.createOrganization(SYSTEM_ACTOR, {
      name: uniq("Otra"),
      emailDomains: [],
      timeZone: "America/Mexico_City",
    });
    const stranger = await newContactSession(other.id);
    expect(Object.values(await countsOf(stranger))).toEqual(CASE_QUEUES.map(() => 0));
    expect((await request("GET", "/api/v1/cases/counts")).statusCode).toBe(401);
    ctx.clock.set(FRIDAY_17);
  });

  it("searches the list by number, subject words without accents, and organization name", async () => {
    const word = `Kióscö${Date.now().toString(36)}`;
    const opened = (
      await request("POST", "/api/v1/cases", { session: ana, body: p1({ subject: `Falla en el ${word}` }) })
    ).json();
    const ids = async (q: string) =>
      (await request("GET", `/api/v1/cases?q=${encodeURIComponent(q)}&limit=200`, { session: specialist }))
        .json()
        .items.map((c: { id: string }) => c.id);
    expect(
      await ids(
        word
          .normalize("NFD")
          .replace(/[\u0300-\u036f]/g, "")
          .toUpperCase(),
      ),
    ).toEqual([opened.id]);
    expect(await ids(opened.number.toLowerCase())).toEqual([opened.id]);
    const byOrganization = await ids(
      (await ctx.app.services.organizations.getOrganization(SYSTEM_ACTOR, org.id)).name,
    );
    expect(byOrganization).toContain(opened.id);
    // page by page (a case matching both ways once), the same cases in the same order
    const name = (await ctx.app.services.organizations.getOrganization(SYSTEM_ACTOR, org.id)).name;
    const paged: string[] = [];
    let cursor: string | null = null;
    do {
      const url: string = `/api/v1/cases?q=${encodeURIComponent(name)}&limit=2${cursor ? `&cursor=${cursor}` : ""}`;
      const page: { items: { id: string }[]; nextCursor: string | null } = (
        await request("GET", url, { session: specialist })
      ).json();
      paged.push(...page.items.map((c: { id: string }) => c.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(paged).toEqual(byOrganization);
    expect(await ids(`${word}%`)).toEqual([]);
    // the customer's search stays within their organization
    expect(await ids("zz-nada-coincide-zz")).toEqual([]);
  });

  it("takes replies arriving together on one case without a deadlock", async () => {
    const opened = (
      await request("POST", "/api/v1/cases", { session: ana, body: p1({ subject: uniq("Ráfaga") }) })
    ).json();
    // each reply's history row holds a key-share lock on the case; the clock lock must not fight it
    const answers = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        request("POST", `/api/v1/cases/${opened.id}/replies`, {
          session: i % 2 ? specialist : ana,
          body: { body: `Respuesta ${i}` },
        }),
      ),
    );
    expect(answers.map((a) => a.statusCode)).toEqual(Array(12).fill(201));
    const replies = (await request("GET", `/api/v1/cases/${opened.id}/timeline`, { session: specialist }))
      .json()
      .items.filter((e: { kind: string }) => e.kind === "reply");
    expect(replies).toHaveLength(12);
  });

  it("keeps the history append-only", async () => {
    await expect(ctx.db.db.updateTable("case_events").set({ body: "x" }).execute()).rejects.toThrow(
      /append-only/,
    );
  });
});

describe("attachments", () => {
  const upload = (
    caseId: string,
    session: Session,
    file: { name: string; type: string; content: string | Buffer },
    extra = "",
  ) => {
    const boundary = "----soporteboundary";
    const payload = Buffer.concat([
      Buffer.from(
        `--${boundary}\r\n${extra}Content-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: ${file.type}\r\n\r\n`,
      ),
      Buffer.isBuffer(file.content) ? file.content : Buffer.from(file.content),
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    return ctx.app.inject({
      method: "POST",
      url: `/api/v1/cases/${caseId}/attachments`,
      headers: {
        cookie: session.cookie,
        "x-csrf-token": session.csrf,
        "content-type": `multipart/form-data; boundary=${boundary}`,
      },
      payload,
    });
  };

  it("stores a file with a safe name and serves it only as a download", async () => {
    const opened = (await request("POST", "/api/v1/cases", { session: ana, body: p1() })).json();
    const res = await upload(opened.id, ana, {
      name: "../../evil\u202Egnp.html",
      type: "text/html",
      content: "<script>alert(1)</script>",
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({
      filename: "evilgnp.html",
      contentType: "text/html",
      sizeBytes: 25,
      visibility: "public",
    });
    const download = await ctx.app.inject({
      method: "GET",
      url: `/api/v1/cases/${opened.id}/attachments/${res.json().id}`,
      headers: { cookie: specialist.cookie },
    });
    expect(download.statusCode).toBe(200);
    expect(download.headers["content-type"]).toBe("application/octet-stream");
    expect(download.headers["content-disposition"]).toMatch(/^attachment; filename="evilgnp.html"/);
    expect(download.headers["x-content-type-options"]).toBe("nosniff");
    expect(download.body).toBe("<script>alert(1)</script>");
    const timeline = (await request("GET", `/api/v1/cases/${opened.id}/timeline`, { session: ana })).json()
      .items;
    expect(timeline.at(-1)).toMatchObject({ kind: "attachment_added", data: { filename: "evilgnp.html" } });
  });

  it("keeps staff-only files from customers and refuses files over 10 MB", async () => {
    const opened = (await request("POST", "/api/v1/cases", { session: ana, body: p1() })).json();
    const internal = await upload(
      opened.id,
      specialist,
      { name: "volcado.txt", type: "text/plain", content: "datos internos" },
      `Content-Disposition: form-data; name="visibility"\r\n\r\ninternal\r\n--${"----soporteboundary"}\r\n`,
    );
    expect(internal.json().visibility).toBe("internal");
    const forCustomer = (
      await request("GET", `/api/v1/cases/${opened.id}/attachments`, { session: ana })
    ).json().items;
    expect(forCustomer).toEqual([]);
    const direct = await request("GET", `/api/v1/cases/${opened.id}/attachments/${internal.json().id}`, {
      session: ana,
    });
    expect(direct.statusCode).toBe(404);
    const big = await upload(opened.id, ana, {
      name: "grande.bin",
      type: "application/octet-stream",
      content: Buffer.alloc(10 * 1024 * 1024 + 1),
    });
    expect(big.statusCode).toBe(413);
    expect(big.json().code).toBe("payload_too_large");
    expect(
      (await request("GET", `/api/v1/cases/${opened.id}/attachments`, { session: specialist })).json().items,
    ).toHaveLength(1);
  });
});

describe("entitlements", () => {
  it("tells a contact, system by system, whether they may open a case; staff may ask for a caller", async () => {
    const mine = (await request("GET", "/api/v1/entitlements", { session: ana })).json().items;
    const main = mine.find((e: { systemId: string }) => e.systemId === systemId);
    expect(main).toMatchObject({
      outcome: "accepted",
      planName: "Estándar",
      contractNumber: expect.stringMatching(/^POL-/),
    });
    const forLuis = (
      await request("GET", `/api/v1/entitlements?contactId=${luis.userId}`, { session: specialist })
    ).json().items;
    expect(forLuis.find((e: { systemId: string }) => e.systemId === systemId)).toMatchObject({
      outcome: "refused_not_authorized",
      messageKey: "intake.refused.notAuthorized",
    });
    const snooping = await request("GET", `/api/v1/entitlements?contactId=${luis.userId}`, { session: ana });
    expect(snooping.statusCode).toBe(404);
  });
});

describe("optional resolution target", () => {
  it("pauses while waiting on the customer and moves the due time by the paused business time", async () => {
    const admin = await signIn("admin");
    const set = await request("PATCH", "/api/v1/plans/estandar", {
      session: admin,
      body: {
        resolutionClocks: { P3: { calendarId: "cdmx-habil", targetMinutes: 24 * 60 } },
        applyToCurrentContracts: true,
      },
    });
    expect(set.statusCode).toBe(200);
    try {
      ctx.clock.set(FRIDAY_17);
      const opened = (
        await request("POST", "/api/v1/cases", {
          session: ana,
          body: p1({ affectedPercent: 15, canKeepWorking: true }),
        })
      ).json();
      // 24 business hours from Friday 17:00: 1 + 9 + 9 + 5 → Wednesday 14:00
      expect(opened.resolution).toMatchObject({
        targetMinutes: 1440,
        dueAt: "2026-12-02T20:00:00.000Z",
        paused: false,
      });
      ctx.clock.set("2026-11-30T16:00:00.000Z"); // Monday 10:00
      const waiting = (
        await request("POST", `/api/v1/cases/${opened.id}/status`, {
          session: specialist,
          body: { status: "waiting_on_customer", version: opened.version },
        })
      ).json();
      expect(waiting.resolution).toMatchObject({ dueAt: null, paused: true });
      ctx.clock.set("2026-12-01T16:00:00.000Z"); // Tuesday 10:00: paused 8 h Monday + 1 h Tuesday
      const resumed = (
        await request("POST", `/api/v1/cases/${opened.id}/status`, {
          session: specialist,
          body: { status: "open", version: waiting.version },
        })
      ).json();
      // Wednesday 14:00 + 9 business hours → Thursday 14:00
      expect(resumed.resolution).toMatchObject({
        dueAt: "2026-12-03T20:00:00.000Z",
        paused: false,
        metAt: null,
      });
      // the response target does not pause
      expect(resumed.sla.dueAt).toBe(opened.sla.dueAt);
      ctx.clock.set("2026-12-03T19:00:00.000Z");
      const resolved = (
        await request("POST", `/api/v1/cases/${opened.id}/status`, {
          session: specialist,
          body: { status: "resolved", version: resumed.version },
        })
      ).json();
      expect(resolved.resolution).toMatchObject({ metAt: "2026-12-03T19:00:00.000Z", breached: false });
      const p1Case = (await request("POST", "/api/v1/cases", { session: ana, body: p1() })).json();
      expect(p1Case.resolution).toBeNull();
    } finally {
      await request("PATCH", "/api/v1/plans/estandar", {
        session: admin,
        body: { resolutionClocks: { P3: null }, applyToCurrentContracts: true },
      });
      ctx.clock.set(FRIDAY_17);
    }
  });
});

describe("case settings", () => {
  it("the reopen window is an admin setting that the status machine uses", async () => {
    const admin = await signIn("admin");
    expect((await request("GET", "/api/v1/settings/cases", { session: specialist })).json()).toEqual({
      reopenWindowDays: 15,
    });
    expect(
      (
        await request("PATCH", "/api/v1/settings/cases", {
          session: specialist,
          body: { reopenWindowDays: 1 },
        })
      ).statusCode,
    ).toBe(403);
    expect(
      (
        await request("PATCH", "/api/v1/settings/cases", { session: admin, body: { reopenWindowDays: 2 } })
      ).json(),
    ).toEqual({
      reopenWindowDays: 2,
    });
    try {
      ctx.clock.set(FRIDAY_17);
      const opened = (await request("POST", "/api/v1/cases", { session: ana, body: p1() })).json();
      const resolved = (
        await request("POST", `/api/v1/cases/${opened.id}/status`, {
          session: specialist,
          body: { status: "resolved", version: opened.version },
        })
      ).json();
      ctx.clock.set("2026-11-30T23:00:01.000Z"); // three days later
      const late = await request("POST", `/api/v1/cases/${opened.id}/status`, {
        session: ana,
        body: { status: "open", version: resolved.version },
      });
      expect(late.json()).toMatchObject({ code: "invalid_transition" });
      expect(late.json().detail).toMatch(/reopen window/);
    } finally {
      await request("PATCH", "/api/v1/settings/cases", { session: admin, body: { reopenWindowDays: 15 } });
      ctx.clock.set(FRIDAY_17);
    }
  });
});

describe("what the screens need", () => {
  it("tells each viewer the moves they may make, and the calendar's zone", async () => {
    const opened = (await request("POST", "/api/v1/cases", { session: ana, body: p1() })).json();
    expect(opened.allowedStatuses).toEqual([]);
    expect(opened.sla.timeZone).toBe("America/Mexico_City");
    const forDesk = (await request("GET", `/api/v1/cases/${opened.id}`, { session: specialist })).json();
    expect(forDesk.allowedStatuses).toEqual(["open", "waiting_on_customer", "resolved", "closed"]);
    const resolved = (
      await request("POST", `/api/v1/cases/${opened.id}/status`, {
        session: specialist,
        body: { status: "resolved", version: forDesk.version },
      })
    ).json();
    expect(
      (await request("GET", `/api/v1/cases/${opened.id}`, { session: ana })).json().allowedStatuses,
    ).toEqual(["closed", "open"]);
    ctx.clock.set(new Date(Date.parse(resolved.resolvedAt) + 16 * 86_400_000));
    expect(
      (await request("GET", `/api/v1/cases/${opened.id}`, { session: ana })).json().allowedStatuses,
    ).toEqual(["closed"]);
    ctx.clock.set(FRIDAY_17);
  });

  it("records a refused phone caller before any case is logged", async () => {
    const refused = await request("POST", "/api/v1/intake-attempts", {
      session: specialist,
      body: { contactId: luis.userId, systemId },
    });
    expect(refused.json()).toEqual({
      outcome: "refused_not_authorized",
      messageKey: "intake.refused.notAuthorized",
      logged: true,
    });
    const accepted = await request("POST", "/api/v1/intake-attempts", {
      session: specialist,
      body: { contactId: ana.userId, systemId },
    });
    expect(accepted.json()).toEqual({ outcome: "accepted", messageKey: null, logged: false });
    expect(
      (
        await request("POST", "/api/v1/intake-attempts", {
          session: ana,
          body: { contactId: ana.userId, systemId },
        })
      ).statusCode,
    ).toBe(403);
    const logged = await ctx.db.db
      .selectFrom("audit_log")
      .select("details")
      .where("action", "=", "case.intake_refused")
      .where("actor_id", "=", specialist.userId)
      .execute();
    expect(logged.map((l) => (l.details as { channel: string }).channel)).toContain("phone");
  });
});

describe("registration time precision", () => {
  it("registers during business hours at a time with milliseconds and still lists the case", async () => {
    ctx.clock.set("2026-11-30T16:12:34.567Z"); // Monday 10:12:34.567 in Mexico City
    try {
      const opened = await request("POST", "/api/v1/cases", { session: ana, body: p1() });
      expect(opened.statusCode).toBe(201);
      expect(opened.json().registeredAt).toBe("2026-11-30T16:12:34.000Z");
      expect(opened.json().sla.counted[0]).toEqual({
        from: "2026-11-30T16:12:34.000Z",
        to: "2026-11-30T20:12:34.000Z",
        seconds: 14_400,
      });
      const listed = await request("GET", "/api/v1/cases?limit=200", { session: specialist });
      expect(listed.statusCode).toBe(200);
    } finally {
      ctx.clock.set(FRIDAY_17);
    }
  });
});
