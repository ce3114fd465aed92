import type { Contract } from "../../../api/contracts";
import { computeContractStatus } from "../../../domain/contracts/contract-term";
import type { Actor } from "../../platform/actor";
import { type Clock, VENDOR_TIME_ZONE, vendorToday } from "../../platform/clock";
import type { ContractRow } from "./contracts.repository";

export { VENDOR_TIME_ZONE };
/** Contract dates, statuses and renewals are reckoned in the vendor's zone (Mexico City). */
export const todayOf = (clock: Clock) => vendorToday(clock);

/** The API view of a contract; customers see neither internal notes nor contacts' emails. */
export const toContractDto = (row: ContractRow, actor: Actor, today: string): Contract => {
  const customer = actor.role === "customer_contact";
  return {
    id: row.id,
    number: row.number,
    organizationId: row.organizationId,
    organizationName: row.organizationName,
    systemId: row.systemId,
    systemName: row.systemName,
    productName: row.productName,
    planId: row.planId,
    planName: row.planSettings.name,
    kind: row.kind,
    startDate: row.startDate,
    endDate: row.endDate,
    status: computeContractStatus(row, today),
    salePriceCents: row.salePriceCents,
    currency: "USD",
    annualFeeCents: row.annualFeeCents,
    billedCents: row.billedCents,
    billingLines: row.billingLines,
    purchaseOrder: row.purchaseOrder,
    notes: customer ? null : row.notes,
    previousContractId: row.previousContractId,
    successorContractId: row.successorContractId,
    authorizedContacts: row.authorizedContacts.map((c) => ({
      id: c.id,
      name: c.name,
      email: customer ? null : c.email,
      authorizedAt: c.authorizedAt.toISOString(),
    })),
    seats: { used: row.authorizedContacts.length, limit: row.planSettings.maxAuthorizedContacts },
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
};
