import type { OutOfHoursQuota, OutOfHoursStatus, OutOfHoursWindow } from "../../../api/out-of-hours";
import {
  type BookingCheck,
  contractYearCount,
  contractYearOf,
  contractYearRange,
  localOfInstant,
} from "../../../domain/services/out-of-hours";
import type { Actor } from "../../platform/actor";
import { AppError, invalidField } from "../../platform/errors";
import type { ContractFacts, WindowRow } from "./out-of-hours.repository";

/** The API's views of windows and contract days, and the refusals of a booking: pure, from the rows read. */

const person = (id: string | null, name: string | null) => (id && name ? { id, name } : null);

/** A contract's out-of-hours days per contract year (its plan's, as copied onto it). */
export const daysOf = (contract: ContractFacts) => contract.planSettings.outOfHoursDaysPerYear ?? 0;

export const toWindow = (row: WindowRow, refundIfCancelledNow: boolean | null): OutOfHoursWindow => ({
  id: row.id,
  organizationId: row.organization_id,
  organizationName: row.organization_name,
  contractId: row.contract_id,
  contractNumber: row.contract_number,
  systemName: row.system_name,
  contractYear: {
    index: row.contract_year,
    ...contractYearRange({ startDate: row.contract_start, endDate: row.contract_end }, row.contract_year),
  },
  startsAt: row.starts_at.toISOString(),
  endsAt: row.ends_at.toISOString(),
  timeZone: row.time_zone,
  localStart: localOfInstant(row.time_zone, row.starts_at.getTime()),
  localEnd: localOfInstant(row.time_zone, row.ends_at.getTime()),
  maintenance: row.maintenance,
  status: row.status as OutOfHoursStatus,
  reason: row.reason,
  refunded: row.refunded,
  requestedBy: person(row.requested_by, row.requested_by_name),
  requestedAt: row.created_at.toISOString(),
  confirmedBy: person(row.confirmed_by, row.confirmed_by_name),
  confirmedAt: row.confirmed_at?.toISOString() ?? null,
  declinedBy: person(row.declined_by, row.declined_by_name),
  declinedAt: row.declined_at?.toISOString() ?? null,
  cancelledBy: person(row.cancelled_by, row.cancelled_by_name),
  cancelledAt: row.cancelled_at?.toISOString() ?? null,
  refundIfCancelledNow,
});

/** A contract's days, year by year, with the year `today` falls in. */
export const quotaOf = (
  contract: ContractFacts,
  used: Map<number, number> | undefined,
  today: string,
): OutOfHoursQuota => {
  const perYear = daysOf(contract);
  const years = Array.from({ length: contractYearCount(contract) }, (_, index) => {
    const taken = used?.get(index) ?? 0;
    return { index, ...contractYearRange(contract, index), used: taken, left: Math.max(0, perYear - taken) };
  });
  return {
    contractId: contract.id,
    contractNumber: contract.number,
    systemName: contract.systemName,
    planName: contract.planSettings.name ?? "",
    daysPerYear: perYear,
    current: years.find((y) => y.startDate <= today && today <= y.endDate) ?? null,
    years,
  };
};

export const authorizedOnly = () =>
  new AppError("not_authorized_contact", { reason: "out_of_hours_authorized_only" });

/**
 * Which contract a booking takes its day from: the one named, or the organization's current one with days
 * (the caller's own, for a contact), preferring the one whose term holds the window's day.
 */
export const chooseContract = (
  caller: Actor,
  contracts: (ContractFacts & { authorized: boolean })[],
  contractId: string | undefined,
  startDay: string | null,
) => {
  const customer = caller.role === "customer_contact";
  const eligible = customer ? contracts.filter((c) => c.authorized) : contracts;
  if (contractId) {
    const named = contracts.find((c) => c.id === contractId);
    if (!named)
      throw invalidField(
        { reason: "out_of_hours_no_contract" },
        { field: "contractId", code: "not_found", params: { entity: "contract" } },
      );
    if (!eligible.includes(named)) throw authorizedOnly();
    return named;
  }
  const within = (c: ContractFacts) => startDay !== null && c.startDate <= startDay && startDay <= c.endDate;
  const chosen =
    eligible.find((c) => daysOf(c) > 0 && within(c)) ?? eligible.find((c) => daysOf(c) > 0) ?? eligible[0];
  if (chosen) return chosen;
  if (customer) throw authorizedOnly();
  throw invalidField(
    { reason: "out_of_hours_no_contract" },
    { field: "organizationId", code: "not_found", params: { entity: "contract" } },
  );
};

/** The refusal of a booking, naming its field, from the domain's answer. */
export const bookingRefusal = (
  check: Exclude<BookingCheck, { ok: true }>,
  facts: { contract: ContractFacts; notice: number; startDay: string },
): AppError => {
  const p = check.params ?? {};
  switch (check.code) {
    case "plan_without_out_of_hours":
      return invalidField(
        { reason: "out_of_hours_not_in_plan", params: { plan: facts.contract.planSettings.name ?? "" } },
        { field: "contractId", code: "out_of_hours_not_in_plan" },
      );
    case "range_reversed":
      return invalidField({ reason: "end_before_start" }, { field: "endsAt", code: "range_reversed" });
    case "window_too_long":
      return invalidField(
        { reason: "out_of_hours_window_too_long", params: { max: Number(p.max) } },
        { field: "endsAt", code: "window_too_long", params: { max: Number(p.max) } },
      );
    case "in_past":
      return invalidField({ reason: "out_of_hours_in_past" }, { field: "startsAt", code: "in_past" });
    case "notice_too_short":
      return invalidField(
        { reason: "out_of_hours_notice", params: { days: facts.notice, earliest: String(p.earliest) } },
        { field: "startsAt", code: "notice_too_short", params: { earliest: String(p.earliest) } },
      );
    case "outside_contract": {
      const params = { start: String(p.start), end: String(p.end) };
      return invalidField(
        { reason: "out_of_hours_outside_contract", params },
        { field: "startsAt", code: "outside_contract", params },
      );
    }
    case "out_of_hours_used": {
      // a state of the contract, not of the input: a conflict, naming the field and the year
      const count = daysOf(facts.contract);
      const year = contractYearRange(
        facts.contract,
        contractYearOf(facts.contract.startDate, facts.startDay),
      );
      return new AppError(
        "conflict",
        { reason: "out_of_hours_used", params: { count, start: year.startDate, end: year.endDate } },
        [{ field: "startsAt", code: "out_of_hours_used", params: { count } }],
      );
    }
  }
};
