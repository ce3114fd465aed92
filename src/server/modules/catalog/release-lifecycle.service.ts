import type { z } from "zod";
import type {
  CustomerSystem,
  createEolAnnouncementBodySchema,
  EndOfSupportList,
  Release,
  Support,
} from "../../../api/catalog";
import { can } from "../../../api/permissions";
import {
  announceableLines,
  checkEolAnnouncement,
  computeLineSupport,
  computeReleaseSupport,
} from "../../../domain/catalog/release-lifecycle";
import { parseVersion } from "../../../domain/catalog/release-version";
import { type Actor, actorUserId, authorize, scopeOf } from "../../platform/actor";
import { vendorToday } from "../../platform/clock";
import type { Database } from "../../platform/db";
import type { ServiceDeps } from "../../platform/deps";
import { AppError, notFound } from "../../platform/errors";
import { insertAudit } from "../audit";
import type { NotificationsService } from "../notifications";
import * as repo from "./catalog.repository";
import type { SystemRecord } from "./customer-systems.repository";
import * as lifecycleRepo from "./release-lifecycle.repository";

/**
 * The support policy applied (SPEC §2): each release's and each installed version's support today, from the
 * product's releases and end-of-support announcements (`domain/catalog/release-lifecycle`), and announcing
 * the end of an older line, which tells the organizations running it.
 */
export const createReleaseLifecycleService = (
  { db, clock }: ServiceDeps,
  deps: { notifications: NotificationsService },
) => {
  /** The support of installed versions (or releases), for any products, with one read per call. */
  const supportOf = async (
    executor: Database,
    items: readonly { productId: string; version: string }[],
  ): Promise<Support[]> => {
    const facts = await lifecycleRepo.findLifecycleFacts(
      executor,
      items.map((i) => i.productId),
    );
    const on = vendorToday(clock);
    return items.map(({ productId, version }) => {
      const { releases, announcements } = facts.get(productId)!;
      const parsed = parseVersion(version);
      if (!parsed) return { status: "unannounced", endOfSupportOn: null };
      const release = releases.find(
        (r) =>
          r.version.major === parsed.major &&
          r.version.minor === parsed.minor &&
          r.version.patch === parsed.patch,
      );
      return release
        ? computeReleaseSupport({ release, releases, announcements, on })
        : computeLineSupport({ major: parsed.major, releases, announcements, on });
    });
  };

  const withReleaseSupport = async (
    executor: Database,
    records: repo.ReleaseRecord[],
  ): Promise<Release[]> => {
    const support = await supportOf(executor, records);
    return records.map((r, i) => ({ ...r, support: support[i]! }));
  };

  const withSystemSupport = async (
    executor: Database,
    records: SystemRecord[],
  ): Promise<CustomerSystem[]> => {
    const support = await supportOf(
      executor,
      records.map((s) => ({ productId: s.productId, version: s.installedVersion })),
    );
    return records.map((s, i) => ({ ...s, support: support[i]! }));
  };

  const toAnnouncement = (a: Awaited<ReturnType<typeof lifecycleRepo.findEolAnnouncements>>[number]) => ({
    id: a.id,
    productId: a.product_id,
    major: a.major,
    announcedOn: a.announced_on,
    endOfSupportOn: a.end_of_support_on,
    note: a.note,
    systemsNotified: a.systems_notified,
    createdAt: a.created_at.toISOString(),
  });

  const visibleProduct = async (actor: Actor, productId: string) => {
    const product = await repo.findProduct(db, scopeOf(actor), productId);
    if (!product) throw notFound("product");
    return product;
  };

  const listAnnouncements = async (actor: Actor | null, productId: string): Promise<EndOfSupportList> => {
    const caller = authorize(actor, "catalog:read");
    await visibleProduct(caller, productId);
    const items = (await lifecycleRepo.findEolAnnouncements(db, productId)).map(toAnnouncement);
    // how many systems run a line is other organizations' business: only for who announces
    if (!can(caller.role, "catalog:write")) return { items, announceable: [] };
    const [facts, systems] = await Promise.all([
      lifecycleRepo.findLifecycleFacts(db, [productId]),
      lifecycleRepo.countSystemsByLine(db, productId),
    ]);
    const announceable = announceableLines({ ...facts.get(productId)!, on: vendorToday(clock) }).map(
      (major) => ({ major, systems: systems.get(major) ?? 0 }),
    );
    return { items, announceable };
  };

  /** Announces the end of support of an older major line, at least six months ahead, and tells its users. */
  const announceEndOfSupport = async (
    actor: Actor | null,
    productId: string,
    input: z.output<typeof createEolAnnouncementBodySchema>,
  ) => {
    const caller = authorize(actor, "catalog:write");
    const product = await visibleProduct(caller, productId);
    const announcedOn = vendorToday(clock);
    const major = input.major;
    await db.transaction().execute(async (tx) => {
      await lifecycleRepo.lockProduct(tx, productId);
      const { releases, announcements } = (await lifecycleRepo.findLifecycleFacts(tx, [productId])).get(
        productId,
      )!;
      const check = checkEolAnnouncement({
        announcement: { major, announcedOn, endOfSupportOn: input.endOfSupportOn },
        releases,
        announcements,
      });
      if (!check.ok) {
        switch (check.reason) {
          case "notice_too_short":
            throw new AppError(
              "support_policy",
              { reason: "eol_notice_too_short", params: { major, earliest: check.earliest } },
              [
                {
                  field: "endOfSupportOn",
                  code: "earliest_end_of_support",
                  params: { earliest: check.earliest },
                },
              ],
            );
          case "end_before_announcement":
            throw new AppError(
              "support_policy",
              { reason: "eol_end_before_announcement", params: { major } },
              [{ field: "endOfSupportOn", code: "before", params: { other: "announcedOn" } }],
            );
          case "line_supported":
            throw new AppError("support_policy", { reason: "eol_line_supported", params: { major } });
          case "line_not_released":
            throw new AppError("support_policy", { reason: "eol_line_not_released", params: { major } });
          case "already_announced":
            throw new AppError("conflict", { reason: "eol_already_announced", params: { major } });
        }
      }
      // each person once, with their systems on the line
      const people = new Map<
        string,
        { id: string; email: string; name: string; preferredLanguage: string; systems: string[] }
      >();
      for (const r of await lifecycleRepo.findLineRecipients(tx, { productId, major, on: announcedOn })) {
        const person = people.get(r.id) ?? {
          id: r.id,
          email: r.email,
          name: r.name,
          preferredLanguage: r.preferred_language,
          systems: [],
        };
        const system = `${r.system_name} (${r.installed_version})`;
        if (!person.systems.includes(system)) person.systems.push(system);
        people.set(r.id, person);
      }
      const systemsNotified = (await lifecycleRepo.countSystemsByLine(tx, productId)).get(major) ?? 0;
      const id = await lifecycleRepo.insertEolAnnouncement(tx, {
        productId,
        major,
        announcedOn,
        endOfSupportOn: input.endOfSupportOn,
        note: input.note,
        by: actorUserId(caller),
        systemsNotified,
        now: clock.now(),
      });
      await deps.notifications.onEndOfSupportAnnounced(tx, {
        product: product.name,
        major,
        endOfSupportOn: input.endOfSupportOn,
        note: input.note,
        recipients: [...people.values()],
      });
      await insertAudit(tx, {
        actor: caller,
        action: "release_line.end_of_support_announced",
        entity: "product",
        entityId: productId,
        details: {
          id,
          major,
          announcedOn,
          endOfSupportOn: input.endOfSupportOn,
          people: people.size,
          systemsNotified,
        },
      });
    });
    return (await listAnnouncements(caller, productId)).items.find((a) => a.major === major)!;
  };

  return { supportOf, withReleaseSupport, withSystemSupport, listAnnouncements, announceEndOfSupport };
};

export type ReleaseLifecycleService = ReturnType<typeof createReleaseLifecycleService>;
