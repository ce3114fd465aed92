import { randomBytes } from "node:crypto";
import type { z } from "zod";
import type {
  createStaffUserBodySchema,
  listStaffUsersQuerySchema,
  updateStaffUserBodySchema,
} from "../../../api/users";
import { type Actor, authorize, SYSTEM_ACTOR } from "../../platform/actor";
import { EMAIL_TAKEN, rethrowConflicts } from "../../platform/conflicts";
import type { ServiceDeps } from "../../platform/deps";
import { AppError, notFound } from "../../platform/errors";
import { insertAudit } from "../audit";
import { hashPassword } from "../auth";
import * as repo from "./users.repository";

type CreateStaffUser = z.output<typeof createStaffUserBodySchema>;
type UpdateStaffUser = z.output<typeof updateStaffUserBodySchema>;

const emailConflict = rethrowConflicts(EMAIL_TAKEN);

export const createUsersService = (
  { db, clock }: ServiceDeps,
  features: {
    /** A user's change is committed: sign-ins kept in memory are checked again. */
    forgetSignIns: () => void;
  },
) => {
  const getStaffUser = async (actor: Actor | null, id: string) => {
    authorize(actor, "users:read");
    const user = await repo.findStaffUser(db, id);
    if (!user) throw notFound("user");
    return user;
  };

  const listStaffUsers = (actor: Actor | null, query: z.output<typeof listStaffUsersQuerySchema>) => {
    authorize(actor, "users:read");
    return repo.findStaffUsers(db, query);
  };

  const createStaffUser = async (actor: Actor | null, input: CreateStaffUser) => {
    const caller = authorize(actor, "users:write");
    const passwordHash = await hashPassword(input.password);
    const id = await db
      .transaction()
      .execute(async (tx) => {
        const id = await repo.insertStaffUser(tx, {
          email: input.email,
          name: input.name,
          role: input.role,
          phone: input.phone ?? null,
          preferredLanguage: input.preferredLanguage,
          passwordHash,
          now: clock.now(),
        });
        const { password: _omitted, ...details } = input;
        await insertAudit(tx, {
          actor: caller,
          action: "user.created",
          entity: "user",
          entityId: id,
          details,
        });
        return id;
      })
      .catch(emailConflict);
    return getStaffUser(caller, id);
  };

  const updateStaffUser = async (actor: Actor | null, id: string, input: UpdateStaffUser) => {
    const caller = authorize(actor, "users:write");
    const existing = await getStaffUser(caller, id);
    const losesAdmin =
      existing.role === "admin" &&
      existing.active &&
      ((input.role !== undefined && input.role !== "admin") || input.active === false);
    if (losesAdmin && (await repo.countActiveAdmins(db)) <= 1) {
      throw new AppError("conflict", { reason: "last_admin" });
    }
    await db
      .transaction()
      .execute(async (tx) => {
        await repo.updateStaffUser(tx, id, { ...input, now: clock.now() });
        await insertAudit(tx, {
          actor: caller,
          action: "user.updated",
          entity: "user",
          entityId: id,
          details: { ...input },
        });
      })
      .catch(emailConflict);
    features.forgetSignIns();
    return getStaffUser(caller, id);
  };

  const countUsers = () => repo.countUsers(db);

  /** First start: an admin with a generated password, returned once to be shown to the operator. */
  const bootstrapAdmin = async (email: string): Promise<{ email: string; password: string } | null> => {
    if ((await repo.countActiveAdmins(db)) > 0) return null;
    const password = randomBytes(18).toString("base64url");
    try {
      await createStaffUser(SYSTEM_ACTOR, {
        email,
        name: "Administrador",
        role: "admin",
        preferredLanguage: "es-MX",
        password,
      });
    } catch (error) {
      // servers starting together on an empty database: the one that made the admin shows its password
      if (
        error instanceof AppError &&
        error.why?.reason === "email_taken" &&
        (await repo.countActiveAdmins(db)) > 0
      )
        return null;
      throw error;
    }
    return { email, password };
  };

  return { getStaffUser, listStaffUsers, createStaffUser, updateStaffUser, countUsers, bootstrapAdmin };
};

export type UsersService = ReturnType<typeof createUsersService>;
