import { SYSTEM_ACTOR } from "../../src/server/platform/actor";
import { p1Report } from "../harness/case-fixtures";
import { type Check, type Hostile, multipart, NOBODY } from "./types";
import type { World } from "./world";

/**
 * Who may write: a cookie-authenticated write without (or with a wrong) CSRF header, a session stolen
 * before a password change or a sign-out, a read-only API token writing, a revoked token, a token of a
 * deactivated user, forged credentials — 403 or 401 problems, and nothing written.
 */

const NEW_PASSWORD = "otra contraseña muy larga";

/** Two sessions of one new contact of A; the second changes the password, the first is the stolen one. */
const stolenBeforePasswordChange = async (w: World) => {
  const user = await w.freshSession("customer_contact");
  const thief = await w.signInAs(user.email);
  const changed = await w.request("POST", "/api/v1/auth/password", {
    session: user,
    body: { currentPassword: w.PASSWORD, newPassword: NEW_PASSWORD },
  });
  if (changed.statusCode !== 204) throw new Error(`password change: ${changed.statusCode} ${changed.body}`);
  return thief;
};

/** A session whose user signed out. */
const stolenBeforeSignOut = async (w: World, role: "specialist" | "customer_contact") => {
  const user = await w.freshSession(role);
  const out = await w.request("POST", "/api/v1/auth/logout", { session: user });
  if (out.statusCode !== 204) throw new Error(`sign-out: ${out.statusCode} ${out.body}`);
  return user;
};

/** Nothing new in the table since the input was prepared. */
const noOrganizationNamed =
  (name: string): Check =>
  async (_, w) => {
    const found = await w.ctx.db.db
      .selectFrom("organizations")
      .select("id")
      .where("name", "=", name)
      .execute();
    return found.length ? `organization ${name} was created` : null;
  };

const csrf = { status: 403, code: "csrf_failed", reason: "csrf_token_required" } as const;
const unauthenticated = { status: 401, code: "unauthenticated" } as const;
const readOnly = { status: 403, code: "forbidden", reason: "token_read_only" } as const;

export const authInputs: Hostile[] = [
  {
    family: "auth",
    area: "cases",
    input: "a portal case with the session cookie but no CSRF header",
    send: (w) => ({
      method: "POST",
      url: "/api/v1/cases",
      as: w.contactA,
      body: p1Report(w.a.system),
      withoutCsrf: true,
    }),
    expect: csrf,
  },
  {
    family: "auth",
    area: "cases",
    input: "a portal reply with another session's CSRF token",
    send: (w) => ({
      method: "POST",
      url: `/api/v1/cases/${w.a.case}/replies`,
      as: w.contactA,
      body: { body: "Hola" },
      headers: { "x-csrf-token": w.contactB.csrf },
    }),
    expect: csrf,
  },
  {
    family: "auth",
    area: "organizations",
    input: "an organization created with the CSRF token in the query string instead of the header",
    send: (w) => ({
      method: "POST",
      url: `/api/v1/organizations?csrf=${w.admin.csrf}&x-csrf-token=${w.admin.csrf}`,
      as: w.admin,
      body: { name: "Sin CSRF", timeZone: "UTC" },
      withoutCsrf: true,
    }),
    expect: csrf,
    check: noOrganizationNamed("Sin CSRF"),
  },
  {
    family: "auth",
    area: "auth",
    input: "an API token revoked by cookie without the CSRF header",
    send: (w) => ({
      method: "DELETE",
      url: `/api/v1/auth/tokens/${w.readOnlyTokenId}`,
      as: w.admin,
      withoutCsrf: true,
    }),
    expect: csrf,
  },
  {
    family: "auth",
    area: "support-center",
    input: "a feature request followed with an empty CSRF header",
    send: (w) => ({
      method: "PUT",
      url: `/api/v1/support-center/feature-requests/${w.a.featureRequest}/follow`,
      as: w.contactA,
      headers: { "x-csrf-token": "" },
    }),
    expect: csrf,
  },
  {
    family: "auth",
    area: "email-settings",
    input: "the mail settings replaced with a CSRF token of the right length but wrong",
    send: (w) => ({
      method: "PUT",
      url: "/api/v1/settings/mail",
      as: w.admin,
      body: {
        supportAddresses: [],
        trustedAuthServIds: [],
        autoRepliesPerAddressPerDay: 1,
        loopThreshold: { messages: 1, minutes: 1 },
        imap: null,
      },
      headers: { "x-csrf-token": "x".repeat(w.admin.csrf.length) },
    }),
    expect: csrf,
  },
  {
    family: "auth",
    area: "uploads",
    input: "a case attachment uploaded by cookie without the CSRF header",
    send: (w) => ({
      method: "POST",
      url: `/api/v1/cases/${w.a.case}/attachments`,
      as: w.contactA,
      withoutCsrf: true,
      ...multipart({ disposition: 'filename="a.txt"', type: "text/plain", content: "x" }),
    }),
    expect: csrf,
  },
  {
    family: "auth",
    area: "auth",
    input: "a session stolen before its user changed the password, reading",
    send: async (w) => ({
      method: "GET",
      url: "/api/v1/auth/session",
      as: await stolenBeforePasswordChange(w),
    }),
    expect: unauthenticated,
  },
  {
    family: "auth",
    area: "cases",
    input: "a session stolen before its user changed the password, opening a case",
    send: async (w) => ({
      method: "POST",
      url: "/api/v1/cases",
      as: await stolenBeforePasswordChange(w),
      body: p1Report(w.a.system),
    }),
    expect: unauthenticated,
  },
  {
    family: "auth",
    area: "cases",
    input: "a staff session used after its user signed out, reading cases",
    send: async (w) => ({
      method: "GET",
      url: "/api/v1/cases",
      as: await stolenBeforeSignOut(w, "specialist"),
    }),
    expect: unauthenticated,
  },
  {
    family: "auth",
    area: "support-center",
    input: "a portal session used after sign-out, asking for a feature",
    send: async (w) => ({
      method: "POST",
      url: "/api/v1/support-center/feature-requests",
      as: await stolenBeforeSignOut(w, "customer_contact"),
      body: { productId: w.a.product, title: "Después de salir" },
    }),
    expect: unauthenticated,
  },
  {
    family: "auth",
    area: "auth",
    input: "a forged session cookie",
    send: (w) => ({
      method: "GET",
      url: "/api/v1/cases",
      as: { ...w.admin, cookie: "soporte_session=forjada" },
    }),
    expect: unauthenticated,
  },
  {
    family: "auth",
    area: "organizations",
    input: "a read-only API token creating an organization",
    send: (w) => ({
      method: "POST",
      url: "/api/v1/organizations",
      as: { token: w.readOnlyToken },
      body: { name: "Token lector", timeZone: "UTC" },
    }),
    expect: readOnly,
    check: noOrganizationNamed("Token lector"),
  },
  {
    family: "auth",
    area: "admin",
    input: "a read-only API token promoting a user",
    send: (w) => ({
      method: "PATCH",
      url: `/api/v1/users/${w.specialist.userId}`,
      as: { token: w.readOnlyToken },
      body: { role: "admin" },
    }),
    expect: readOnly,
  },
  {
    family: "auth",
    area: "auth",
    input: "a read-only API token revoking itself",
    send: (w) => ({
      method: "DELETE",
      url: `/api/v1/auth/tokens/${w.readOnlyTokenId}`,
      as: { token: w.readOnlyToken },
    }),
    expect: readOnly,
  },
  {
    family: "auth",
    area: "uploads",
    input: "a read-only API token uploading a case attachment",
    send: (w) => ({
      method: "POST",
      url: `/api/v1/cases/${w.a.case}/attachments`,
      as: { token: w.readOnlyToken },
      ...multipart({ disposition: 'filename="a.txt"', type: "text/plain", content: "x" }),
    }),
    expect: readOnly,
  },
  {
    family: "auth",
    area: "webhooks",
    input: "a read-only API token rotating a webhook's secret",
    send: (w) => ({
      method: "POST",
      url: `/api/v1/webhooks/${w.webhook}/secret`,
      as: { token: w.readOnlyToken },
      body: {},
    }),
    expect: readOnly,
  },
  {
    family: "auth",
    area: "auth",
    input: "a read-only API token reading (allowed: the control)",
    send: (w) => ({ method: "GET", url: "/api/v1/organizations", as: { token: w.readOnlyToken } }),
    expect: { status: 200 },
  },
  {
    family: "auth",
    area: "cases",
    input: "a revoked API token reading cases",
    send: (w) => ({ method: "GET", url: "/api/v1/cases", as: { token: w.revokedToken } }),
    expect: unauthenticated,
  },
  {
    family: "auth",
    area: "organizations",
    input: "a revoked API token creating an organization",
    send: (w) => ({
      method: "POST",
      url: "/api/v1/organizations",
      as: { token: w.revokedToken },
      body: { name: "Token revocado", timeZone: "UTC" },
    }),
    expect: unauthenticated,
    check: noOrganizationNamed("Token revocado"),
  },
  {
    family: "auth",
    area: "admin",
    input: "the API token of a user since deactivated",
    send: async (w) => {
      const user = await w.freshSession("manager");
      const token = (
        await w.request("POST", "/api/v1/auth/tokens", { session: user, body: { name: "Antes de salir" } })
      ).json().token;
      await w.ctx.app.services.users.updateStaffUser(SYSTEM_ACTOR, user.userId, { active: false });
      return { method: "GET", url: "/api/v1/audit", as: { token } };
    },
    expect: unauthenticated,
  },
  {
    family: "auth",
    area: "auth",
    input: "a 5,000-character bearer token",
    send: () => ({ method: "GET", url: "/api/v1/cases", as: { token: `sop_${"A".repeat(5_000)}` } }),
    expect: unauthenticated,
  },
  {
    family: "auth",
    area: "auth",
    input: "a bearer token that is a session cookie's value",
    send: (w) => ({ method: "GET", url: "/api/v1/cases", as: { token: w.admin.cookie.split("=")[1]! } }),
    expect: unauthenticated,
  },
  {
    family: "auth",
    area: "auth",
    input: "no credentials at all on a write",
    send: () => ({ method: "DELETE", url: `/api/v1/auth/tokens/${NOBODY}`, as: null }),
    expect: unauthenticated,
  },
];
