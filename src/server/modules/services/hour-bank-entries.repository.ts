import { sql } from "kysely";
import type { Scope } from "../../platform/actor";
import type { Database } from "../../platform/db";
import { decodeCursor, type Page, toPage } from "../../platform/pagination";

/** Consultants' time entries and where their hours came from (the packages they took from). */

export const insertEntry = async (
  tx: Database,
  values: {
    organizationId: string;
    workedOn: string;
    quarters: number;
    kind: string;
    description: string;
    caseId: string | null;
    consultantId: string;
    overrideReason: string | null;
    loggedBy: string | null;
    now: Date;
    allocations: readonly { packageId: string; quarters: number }[];
  },
): Promise<string> => {
  const { id } = await tx
    .insertInto("hour_bank_entries")
    .values({
      organization_id: values.organizationId,
      worked_on: values.workedOn,
      quarters: values.quarters,
      kind: values.kind,
      description: values.description,
      case_id: values.caseId,
      consultant_id: values.consultantId,
      override_reason: values.overrideReason,
      logged_by: values.loggedBy,
      created_at: values.now,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  if (values.allocations.length) {
    await tx
      .insertInto("hour_bank_allocations")
      .values(
        values.allocations.map((a) => ({ entry_id: id, package_id: a.packageId, quarters: a.quarters })),
      )
      .execute();
  }
  return id;
};

const entryQuery = (db: Database, scope: Scope) => {
  let query = db
    .selectFrom("hour_bank_entries as e")
    .innerJoin("organizations as o", "o.id", "e.organization_id")
    .innerJoin("users as u", "u.id", "e.consultant_id")
    .leftJoin("cases as k", "k.id", "e.case_id")
    .select([
      "e.id",
      "e.organization_id",
      "o.name as organization_name",
      "e.worked_on",
      "e.quarters",
      "e.kind",
      "e.description",
      "e.case_id",
      "k.number as case_number",
      "k.subject as case_subject",
      "e.consultant_id",
      "u.name as consultant_name",
      "e.override_reason",
      "e.created_at",
    ]);
  if (scope.kind === "organization") query = query.where("e.organization_id", "=", scope.organizationId);
  return query;
};

export type EntryRow = Awaited<ReturnType<ReturnType<typeof entryQuery>["executeTakeFirstOrThrow"]>> & {
  allocations: { packageId: string; quarters: number }[];
};

const withAllocations = async (db: Database, rows: Omit<EntryRow, "allocations">[]): Promise<EntryRow[]> => {
  const ids = rows.map((r) => r.id);
  const allocations = ids.length
    ? await db
        .selectFrom("hour_bank_allocations as a")
        .innerJoin("hour_bank_packages as p", "p.id", "a.package_id")
        .select(["a.entry_id", "a.package_id", "a.quarters"])
        .where("a.entry_id", "in", ids)
        .orderBy("p.expires_on")
        .orderBy("p.id")
        .execute()
    : [];
  return rows.map((r) => ({
    ...r,
    allocations: allocations
      .filter((a) => a.entry_id === r.id)
      .map((a) => ({ packageId: a.package_id, quarters: a.quarters })),
  }));
};

/** Newest work first; of one organization, or the entries that took hours from one package. */
export const findEntries = async (
  db: Database,
  scope: Scope,
  options: {
    organizationId?: string | undefined;
    packageId?: string | undefined;
    limit: number;
    cursor?: string | undefined;
  },
): Promise<Page<EntryRow>> => {
  const key = decodeCursor(options.cursor, ["date", "instant", "uuid"]);
  let query = entryQuery(db, scope);
  if (options.organizationId) query = query.where("e.organization_id", "=", options.organizationId);
  if (options.packageId) {
    const packageId = options.packageId;
    query = query.where((eb) =>
      eb.exists(
        eb
          .selectFrom("hour_bank_allocations as a")
          .select("a.entry_id")
          .whereRef("a.entry_id", "=", "e.id")
          .where("a.package_id", "=", packageId),
      ),
    );
  }
  if (key) {
    query = query.where(
      sql<boolean>`(e.worked_on, e.created_at, e.id) < (${key[0] as string}::date, ${new Date(key[1] as string)}, ${key[2] as string}::uuid)`,
    );
  }
  const rows = await query
    .orderBy("e.worked_on", "desc")
    .orderBy("e.created_at", "desc")
    .orderBy("e.id", "desc")
    .limit(options.limit + 1)
    .execute();
  const page = toPage(
    rows,
    options.limit,
    (r) => r,
    (r) => [r.worked_on, r.created_at.toISOString(), r.id],
  );
  return { items: await withAllocations(db, page.items), nextCursor: page.nextCursor };
};

export const findEntry = async (db: Database, id: string): Promise<EntryRow | null> => {
  const row = await entryQuery(db, { kind: "all" }).where("e.id", "=", id).executeTakeFirst();
  return row ? ((await withAllocations(db, [row]))[0] ?? null) : null;
};
