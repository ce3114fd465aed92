import type { StsVisitKind } from "../../../api/sts";
import { vendorToday } from "../../platform/clock";
import type { ServiceDeps } from "../../platform/deps";
import type { NotificationsService } from "../notifications";
import * as repo from "./sts-visits.repository";

const REMINDER_BATCH = 50;

/** Each visit reminded ten business days ahead (its `remind_on`), once. */
export const createStsReminders = (
  { db, clock }: ServiceDeps,
  { notifications }: { notifications: NotificationsService },
) => {
  /**
   * The periodic job: each visit whose reminder day came is mailed once to its engineer, the account executive
   * and the organization's authorized contacts, in the transaction that marks it reminded. Returns how many.
   */
  const sendDueReminders = async (): Promise<number> => {
    let reminded = 0;
    for (;;) {
      const day = vendorToday(clock);
      const claimed = await db.transaction().execute(async (tx) => {
        const due = await repo.claimDueReminders(tx, day, REMINDER_BATCH);
        for (const visit of due) {
          const recipients = await repo.findReminderRecipients(
            tx,
            visit.organization_id,
            [visit.engineer_id, visit.account_executive_id],
            day,
          );
          await notifications.onStsVisitReminder(
            tx,
            {
              visitId: visit.id,
              serviceId: visit.service_id,
              kind: visit.kind as StsVisitKind,
              scheduledOn: visit.scheduled_on,
              organizationName: visit.organization_name,
              engineer: {
                name: visit.engineer_name,
                email: visit.engineer_email,
                phone: visit.engineer_phone,
              },
            },
            recipients.map((p) => ({
              id: p.id,
              email: p.email,
              name: p.name,
              preferredLanguage: p.preferred_language,
              staff: p.role !== "customer_contact",
            })),
          );
        }
        await repo.markReminded(
          tx,
          due.map((v) => v.id),
          clock.now(),
        );
        return due.length;
      });
      reminded += claimed;
      if (claimed < REMINDER_BATCH) return reminded;
    }
  };

  return { sendDueReminders };
};
