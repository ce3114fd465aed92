import type { TrainingRecord } from "../../../api/contracts";
import type { Database } from "../../platform/db";

export const insertAuthorizedContacts = async (
  db: Database,
  contractId: string,
  contactIds: string[],
  now: Date,
) => {
  if (contactIds.length === 0) return;
  await db
    .insertInto("contract_contacts")
    .values(contactIds.map((contact_id) => ({ contract_id: contractId, contact_id, authorized_at: now })))
    .execute();
};

export const deleteAuthorizedContact = async (db: Database, contractId: string, contactId: string) =>
  Number(
    (
      await db
        .deleteFrom("contract_contacts")
        .where("contract_id", "=", contractId)
        .where("contact_id", "=", contactId)
        .executeTakeFirst()
    ).numDeletedRows,
  ) > 0;

export const findContactForAuthorization = async (db: Database, contactId: string) => {
  const row = await db
    .selectFrom("users")
    .select(["id", "name", "organization_id", "active", "role"])
    .where("id", "=", contactId)
    .executeTakeFirst();
  return row?.role === "customer_contact" && row.organization_id
    ? { id: row.id, name: row.name, organizationId: row.organization_id, active: row.active }
    : null;
};

const toTraining = (r: {
  id: string;
  contact_id: string;
  course: string;
  completed_on: string;
  certificate_id: string | null;
  expires_on: string | null;
  created_at: Date;
}): TrainingRecord => ({
  id: r.id,
  contactId: r.contact_id,
  course: r.course,
  completedOn: r.completed_on,
  certificateId: r.certificate_id,
  expiresOn: r.expires_on,
  createdAt: r.created_at.toISOString(),
});

export const findTrainingRecords = async (db: Database, contactId: string): Promise<TrainingRecord[]> =>
  (
    await db
      .selectFrom("training_records")
      .selectAll()
      .where("contact_id", "=", contactId)
      .orderBy("completed_on", "desc")
      .execute()
  ).map(toTraining);

export const insertTrainingRecord = async (
  db: Database,
  values: {
    contactId: string;
    course: string;
    completedOn: string;
    certificateId: string | null;
    expiresOn: string | null;
    now: Date;
  },
) =>
  toTraining(
    await db
      .insertInto("training_records")
      .values({
        contact_id: values.contactId,
        course: values.course,
        completed_on: values.completedOn,
        certificate_id: values.certificateId,
        expires_on: values.expiresOn,
        created_at: values.now,
      })
      .returningAll()
      .executeTakeFirstOrThrow(),
  );

export const deleteTrainingRecord = async (db: Database, contactId: string, id: string) =>
  Number(
    (
      await db
        .deleteFrom("training_records")
        .where("id", "=", id)
        .where("contact_id", "=", contactId)
        .executeTakeFirst()
    ).numDeletedRows,
  ) > 0;
