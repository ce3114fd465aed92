import type { z } from "zod";
import type { HeldRequest, listHeldRequestsQuerySchema } from "../../../api/contracts";
import { decideCaseIntake } from "../../../domain/contracts/entitlement";
import { localDateOf } from "../../../domain/contracts/local-date";
import { type Actor, authorize, scopeOf } from "../../platform/actor";
import type { Database } from "../../platform/db";
import type { ServiceDeps } from "../../platform/deps";
import { AppError, notFound } from "../../platform/errors";
import { VENDOR_TIME_ZONE } from "./contract-context";
import * as repo from "./contracts.repository";
import * as heldRepo from "./held-requests.repository";

export const createHeldRequestsService = ({ db, clock }: ServiceDeps) => {
  /**
   * The entitlement decision for a request: every channel asks this (SPEC §3). Loads the person, the
   * system, its contracts and the plans, and applies decideCaseIntake.
   */
  const decideIntake = async (options: {
    personId: string | null;
    systemId: string | null;
    at: Date;
    tx?: Database;
    /** The system's owner when the caller has read it (a system never changes organization). */
    owner?: string;
    /** The person when the caller has read it (null: no such user). */
    person?: Awaited<ReturnType<typeof heldRepo.findPerson>>;
  }) => {
    const executor = options.tx ?? db;
    const person =
      options.person !== undefined
        ? options.person
        : options.personId
          ? await heldRepo.findPerson(executor, options.personId)
          : null;
    const system = !options.systemId
      ? null
      : options.owner
        ? { id: options.systemId, organizationId: options.owner }
        : await repo.findSystemOwner(executor, { kind: "all" }, options.systemId);
    const contracts = system ? await repo.findContractsOfSystem(executor, system.id) : [];
    const plans = contracts.map((c) => ({ id: c.planId, settings: c.planSettings }));
    return decideCaseIntake({
      person,
      system,
      at: localDateOf(options.at.getTime(), VENDOR_TIME_ZONE),
      contracts: contracts.map((c) => ({
        ...c,
        authorizedContactIds: c.authorizedContacts.map((a) => a.id),
      })),
      plans,
    });
  };

  /**
   * The decision for every system of a person's organization at once (the portal's system picker, a mail
   * that names no system): the person, the systems, their contracts and contacts in four reads in all — three
   * when the caller has the person already. Null when the person is not a customer contact.
   */
  const decideIntakeForOrganization = async (options: {
    person: string | { id: string; role: string; organizationId: string | null; active: boolean };
    at: Date;
    tx?: Database;
    /**
     * Only the systems under a contract, in one read instead of two: for email, which can open no other.
     * The caller may have read them already, for several organizations at once (loadUnderContract).
     */
    systems?: "all" | "under contract" | Map<string, repo.UnderContract>;
  }) => {
    const executor = options.tx ?? db;
    const person =
      typeof options.person === "string"
        ? await heldRepo.findPerson(executor, options.person)
        : options.person;
    if (!person?.organizationId || person.role !== "customer_contact") return null;
    const organizationId = person.organizationId;
    const preloaded = options.systems instanceof Map ? options.systems.get(organizationId) : undefined;
    const { systems, contracts } = preloaded
      ? preloaded
      : options.systems !== undefined && options.systems !== "all"
        ? (await repo.findContractsOfOrganizations(executor, [organizationId])).get(organizationId)!
        : await (async () => {
            const all = await repo.findSystemsForIntake(executor, person.organizationId!);
            return {
              systems: all,
              contracts: await repo.findContractsOfSystems(
                executor,
                all.map((s) => s.id),
              ),
            };
          })();
    const at = localDateOf(options.at.getTime(), VENDOR_TIME_ZONE);
    return systems.map((system) => {
      const own = contracts.filter((c) => c.systemId === system.id);
      return {
        system,
        decision: decideCaseIntake({
          person,
          system: { id: system.id, organizationId: system.organization_id },
          at,
          contracts: own.map((c) => ({ ...c, authorizedContactIds: c.authorizedContacts.map((a) => a.id) })),
          plans: own.map((c) => ({ id: c.planId, settings: c.planSettings })),
        }),
      };
    });
  };

  /** Records a request that waits for a purchase order (called by intake in the same transaction). */
  const recordHeldRequest = (
    tx: Database,
    values: Omit<Parameters<typeof heldRepo.insertHeldRequest>[1], "now">,
  ): Promise<string> => heldRepo.insertHeldRequest(tx, { ...values, now: clock.now() });

  const listHeldRequests = async (actor: Actor | null, query: z.output<typeof listHeldRequestsQuerySchema>) =>
    heldRepo.findHeldRequests(db, scopeOf(authorize(actor, "held-requests:read")), query);

  const getHeldRequest = async (actor: Actor | null, id: string): Promise<HeldRequest> => {
    const caller = authorize(actor, "held-requests:read");
    const held = await heldRepo.findHeldRequest(db, scopeOf(caller), id);
    if (!held) throw notFound("held_request");
    return held;
  };

  /**
   * Marks the request released with its purchase order, in the caller's transaction (the cases module
   * opens its case in the same one): a conflict when it was released already.
   */
  const markReleased = async (
    tx: Database,
    values: { id: string; purchaseOrder: string; releasedBy: string | null; now: Date },
  ) => {
    const released = await heldRepo.releaseHeldRequest(tx, values);
    if (!released) throw new AppError("conflict", { reason: "held_request_released" });
    return released;
  };

  const setCase = (tx: Database, id: string, caseId: string) => heldRepo.setHeldRequestCase(tx, id, caseId);

  /** What decideIntakeForOrganization needs for systems under contract, for several organizations at once. */
  const loadUnderContract = (tx: Database, organizationIds: readonly string[]) =>
    repo.findContractsOfOrganizations(tx, [...new Set(organizationIds)]);

  return {
    decideIntake,
    decideIntakeForOrganization,
    loadUnderContract,
    recordHeldRequest,
    listHeldRequests,
    getHeldRequest,
    markReleased,
    setCase,
  };
};

export type HeldRequestsService = ReturnType<typeof createHeldRequestsService>;
