import { addDays } from "../../../domain/contracts/local-date";
import {
  dueAlerts,
  type HourBankSettings,
  type HourPackage,
  QUARTERS_PER_HOUR,
} from "../../../domain/services/hour-bank";
import { vendorToday } from "../../platform/clock";
import type { Database } from "../../platform/db";
import type { ServiceDeps } from "../../platform/deps";
import type { NotificationsService } from "../notifications";
import * as repo from "./hour-banks.repository";

/** A locked package row as the domain reads it. */
export const toDomainPackage = (row: {
  id: string;
  quarters: number;
  used_quarters: number;
  purchased_on: string;
  expires_on: string;
}): HourPackage => ({
  id: row.id,
  quarters: row.quarters,
  usedQuarters: row.used_quarters,
  purchasedOn: row.purchased_on,
  expiresOn: row.expires_on,
});

/**
 * The alerts of a package (low balance, 30 days before expiry, expired with hours left), each mailed once to
 * the account executive and the authorized contacts: in the transaction of the entry that crossed the
 * threshold, or by the periodic job for the days passing.
 */
export const createHourBankAlerts = (
  { db, clock }: ServiceDeps,
  deps: { notifications: NotificationsService },
) => {
  /** Inside the caller's transaction, with the package locked; returns how many alerts were sent. */
  const sendDue = async (
    tx: Database,
    pkg: HourPackage & { organizationId: string },
    settings: HourBankSettings,
  ): Promise<number> => {
    const today = vendorToday(clock);
    const kinds = dueAlerts(pkg, today, settings);
    if (!kinds.length) return 0;
    const row = await repo.findPackage(tx, { kind: "all" }, pkg.id);
    if (!row) return 0;
    const recipients = await repo.findAlertRecipients(tx, {
      organizationId: pkg.organizationId,
      contractId: row.contract_id,
      today,
    });
    let sent = 0;
    for (const kind of kinds) {
      const fresh = await repo.insertAlert(tx, {
        packageId: pkg.id,
        kind,
        recipients: recipients.length,
        now: clock.now(),
      });
      if (!fresh) continue;
      sent += 1;
      await deps.notifications.onHourBankAlert(
        tx,
        {
          kind,
          packageId: pkg.id,
          organizationName: row.organization_name,
          purchaseOrder: row.purchase_order,
          hours: pkg.quarters / QUARTERS_PER_HOUR,
          remainingHours: Math.max(0, pkg.quarters - pkg.usedQuarters) / QUARTERS_PER_HOUR,
          expiresOn: pkg.expiresOn,
          lowBalancePercent: settings.lowBalancePercent,
        },
        recipients.map((r) => ({
          id: r.id,
          email: r.email,
          name: r.name,
          preferredLanguage: r.preferred_language,
          staff: r.role !== "customer_contact",
        })),
      );
    }
    return sent;
  };

  /**
   * The periodic job (every 15 minutes, `services-alerts`): each package with an alert due and not sent, in
   * its own transaction with the package locked, so two processes never mail one alert twice.
   */
  const sendDueAlerts = async (): Promise<number> => {
    const settings = await repo.findSettings(db);
    const today = vendorToday(clock);
    const ids = await repo.findPackagesDueForAlerts(db, {
      today,
      warnUntil: addDays(today, settings.expiryWarningDays),
      lowBalancePercent: settings.lowBalancePercent,
      limit: 500,
    });
    let sent = 0;
    for (const id of ids) {
      sent += await db.transaction().execute(async (tx) => {
        const locked = await repo.lockPackage(tx, id);
        if (!locked) return 0;
        return sendDue(tx, { ...toDomainPackage(locked), organizationId: locked.organization_id }, settings);
      });
    }
    return sent;
  };

  return { sendDue, sendDueAlerts };
};

export type HourBankAlerts = ReturnType<typeof createHourBankAlerts>;
