import { p1Report } from "../harness/case-fixtures";
import { type Check, type Hostile, jsonOf, NOBODY } from "./types";

/** Bodies over the limit, nested past reason, not JSON; prototype-pollution keys in bodies and queries. */

const MB = 1024 * 1024;
const nestedArrays = (depth: number) => `${"[".repeat(depth)}${"]".repeat(depth)}`;
const nestedObjects = (depth: number, key = "a") => `${`{"${key}":`.repeat(depth)}1${"}".repeat(depth)}`;
const json = { "content-type": "application/json" };

/** Nothing of the process took the key: no property on Object.prototype, on a fresh object or a list. */
const notPolluted: Check = () => {
  const probes = [{}, [], Object.create(Object.prototype)] as Record<string, unknown>[];
  if (probes.some((p) => p.polluted !== undefined || p.isAdmin !== undefined))
    return "a prototype was polluted";
  return null;
};

/** The list answered as usual: the odd keys were ignored. */
const listed: Check = (res) =>
  Array.isArray(jsonOf(res)?.items) ? notPolluted(res, undefined as never) : "no list";

export const bodyInputs: Hostile[] = [
  {
    family: "body",
    area: "organizations",
    input: "a 2 MB JSON body (over the 1 MB limit)",
    send: (w) => ({
      method: "POST",
      url: "/api/v1/organizations",
      as: w.admin,
      payload: JSON.stringify({ name: "x".repeat(2 * MB) }),
      headers: json,
    }),
    expect: { status: 413, code: "payload_too_large" },
  },
  {
    family: "body",
    area: "cases",
    input: "a 1.5 MB case description from the portal",
    send: (w) => ({
      method: "POST",
      url: "/api/v1/cases",
      as: w.contactA,
      body: p1Report(w.a.system, { description: "a".repeat(1.5 * MB) }),
    }),
    expect: { status: 413, code: "payload_too_large" },
  },
  {
    family: "body",
    area: "support-center",
    input: "a 1 MB body of whitespace around a feature request",
    send: (w) => ({
      method: "POST",
      url: "/api/v1/support-center/feature-requests",
      as: w.contactA,
      payload: `${" ".repeat(MB)}{"productId":"${w.a.product}","title":"x"}`,
      headers: json,
    }),
    expect: { status: 413, code: "payload_too_large" },
  },
  {
    family: "body",
    area: "organizations",
    input: "10,000 nested arrays as an organization's name",
    send: (w) => ({
      method: "POST",
      url: "/api/v1/organizations",
      as: w.admin,
      payload: `{"name":${nestedArrays(10_000)},"timeZone":"UTC"}`,
      headers: json,
    }),
    expect: { status: 400, code: "malformed_request", reason: "json_too_deep" },
  },
  {
    family: "body",
    area: "calendars",
    input: "10,000 nested objects as a calendar's holiday rule (a free-form object)",
    send: (w) => ({
      method: "POST",
      url: "/api/v1/calendars",
      as: w.admin,
      payload: `{"id":"profundo","name":"Profundo","timeZone":"UTC","week":{},"holidayRules":[${nestedObjects(10_000)}]}`,
      headers: json,
    }),
    expect: { status: 400, code: "malformed_request", reason: "json_too_deep" },
  },
  {
    family: "body",
    area: "email-settings",
    input: "10,000 nested objects as the IMAP settings",
    send: (w) => ({
      method: "PUT",
      url: "/api/v1/settings/mail",
      as: w.admin,
      payload: `{"supportAddresses":[],"trustedAuthServIds":[],"autoRepliesPerAddressPerDay":3,"loopThreshold":{"messages":20,"minutes":60},"imap":${nestedObjects(10_000, "host")}}`,
      headers: json,
    }),
    expect: { status: 400, code: "malformed_request", reason: "json_too_deep" },
  },
  {
    family: "body",
    area: "support-center",
    input: "400,000 nested arrays (0.8 MB) as a feature request from the portal",
    send: (w) => ({
      method: "POST",
      url: "/api/v1/support-center/feature-requests",
      as: w.contactA,
      payload: `{"productId":"${w.a.product}","title":${nestedArrays(400_000)}}`,
      headers: json,
    }),
    expect: { status: 400, code: "malformed_request", reason: "json_too_deep" },
  },
  {
    family: "body",
    area: "webhooks",
    input: "a body 33 levels deep (one past the limit): 32 nested arrays as a webhook's events",
    send: (w) => ({
      method: "POST",
      url: "/api/v1/webhooks",
      as: w.admin,
      payload: `{"url":"https://hooks.example.com/x","events":${nestedArrays(32)}}`,
      headers: json,
    }),
    expect: { status: 400, code: "malformed_request", reason: "json_too_deep" },
  },
  {
    family: "body",
    area: "cases",
    input: "a truncated JSON body",
    send: (w) => ({
      method: "POST",
      url: `/api/v1/cases/${w.a.case}/replies`,
      as: w.contactA,
      payload: '{"body":"Hola',
      headers: json,
    }),
    expect: { status: 400, code: "malformed_request" },
  },
  {
    family: "body",
    area: "organizations",
    input: "a JSON body sent as text/plain (read as a string, refused by the schema)",
    send: (w) => ({
      method: "POST",
      url: "/api/v1/organizations",
      as: w.admin,
      payload: '{"name":"Texto plano"}',
      headers: { "content-type": "text/plain" },
    }),
    expect: { status: [400, 415], code: ["validation_failed", "unsupported_media_type"] },
  },
  {
    family: "body",
    area: "contracts",
    input: "a JSON body declared as application/x-www-form-urlencoded",
    send: (w) => ({
      method: "PATCH",
      url: `/api/v1/contracts/${w.a.contract}`,
      as: w.admin,
      payload: "notes=hola&__proto__[polluted]=1",
      headers: { "content-type": "application/x-www-form-urlencoded" },
    }),
    expect: { status: 415, code: "unsupported_media_type" },
    check: notPolluted,
  },
  // prototype pollution
  {
    family: "prototype",
    area: "organizations",
    input: '"__proto__": {"polluted": …} in a new organization',
    send: (w) => ({
      method: "POST",
      url: "/api/v1/organizations",
      as: w.admin,
      payload: '{"name":"Proto","timeZone":"UTC","__proto__":{"polluted":"yes","isAdmin":true}}',
      headers: json,
    }),
    expect: { status: 400 },
    check: notPolluted,
  },
  {
    family: "prototype",
    area: "cases",
    input: '"constructor": {"prototype": {"polluted": …}} in a portal case',
    send: (w) => ({
      method: "POST",
      url: "/api/v1/cases",
      as: w.contactA,
      payload: JSON.stringify({ ...p1Report(w.a.system), constructor: { prototype: { polluted: "yes" } } }),
      headers: json,
    }),
    expect: { status: 400 },
    check: notPolluted,
  },
  {
    family: "prototype",
    area: "cases",
    input: '"__proto__" inside the case checklist',
    send: (w) => ({
      method: "POST",
      url: "/api/v1/cases",
      as: w.contactA,
      payload: JSON.stringify(p1Report(w.a.system)).replace(
        '"checklist":{',
        '"checklist":{"__proto__":{"polluted":"yes"},',
      ),
      headers: json,
    }),
    expect: { status: 400 },
    check: notPolluted,
  },
  {
    family: "prototype",
    area: "organizations",
    input: '"\\u005f\\u005fproto\\u005f\\u005f" (escaped) in a contact change',
    send: (w) => ({
      method: "PATCH",
      url: `/api/v1/contacts/${w.a.contact}`,
      as: w.admin,
      payload: '{"\\u005f\\u005fproto\\u005f\\u005f":{"polluted":"yes"},"phone":"+52 55 1234 5678"}',
      headers: json,
    }),
    expect: { status: [200, 400] },
    check: notPolluted,
  },
  {
    family: "prototype",
    area: "webhooks",
    input: '"prototype" and "constructor" as plain keys of a webhook',
    send: (w) => ({
      method: "POST",
      url: "/api/v1/webhooks",
      as: w.admin,
      body: {
        url: "https://hooks.example.com/p",
        events: ["case.created"],
        prototype: { polluted: 1 },
        constructor: "x",
      },
    }),
    expect: { status: 400, code: "validation_failed", fields: ["prototype"], fieldCode: "unknown_field" },
    check: notPolluted,
  },
  {
    family: "prototype",
    area: "calendars",
    input: '"__proto__" in a holiday rule, nested 20 deep',
    send: (w) => ({
      method: "POST",
      url: "/api/v1/calendars",
      as: w.admin,
      payload: `{"id":"proto","name":"Proto","timeZone":"UTC","week":{},"holidayRules":[${nestedObjects(20, "__proto__")}]}`,
      headers: json,
    }),
    expect: { status: 400 },
    check: notPolluted,
  },
  {
    family: "prototype",
    area: "organizations",
    input: "?__proto__[polluted]=1 on the organization list",
    send: (w) => ({ method: "GET", url: "/api/v1/organizations?__proto__[polluted]=1", as: w.admin }),
    expect: { status: [200, 400] },
    check: (res, w) => (res.statusCode === 200 ? listed(res, w) : notPolluted(res, w)),
  },
  {
    family: "prototype",
    area: "cases",
    input: "?constructor[prototype][polluted]=1 on the portal's case list",
    send: (w) => ({ method: "GET", url: "/api/v1/cases?constructor[prototype][polluted]=1", as: w.contactA }),
    expect: { status: [200, 400] },
    check: (res, w) => (res.statusCode === 200 ? listed(res, w) : notPolluted(res, w)),
  },
  {
    family: "prototype",
    area: "calendars",
    input: "?__proto__=1 on a calendar's year view (a strict query)",
    send: (w) => ({ method: "GET", url: "/api/v1/calendars/24x7/year?__proto__=1&year=2026", as: w.admin }),
    expect: { status: [200, 400] },
    check: notPolluted,
  },
  {
    family: "prototype",
    area: "audit",
    input: "?__proto__.polluted=1&prototype=1 on the audit log",
    send: (w) => ({ method: "GET", url: "/api/v1/audit?__proto__.polluted=1&prototype=1", as: w.admin }),
    expect: { status: 400, code: "validation_failed" },
    check: notPolluted,
  },
  {
    family: "prototype",
    area: "reports",
    input: "?__proto__=x&constructor=y on a report",
    send: (w) => ({
      method: "GET",
      url: "/api/v1/reports/compliance?from=2026-01-01&to=2026-12-31&__proto__=x&constructor=y",
      as: w.manager,
    }),
    expect: { status: [200, 400] },
    check: notPolluted,
  },
  {
    family: "prototype",
    area: "notifications",
    input: '"__proto__" as a notification id list',
    send: (w) => ({
      method: "POST",
      url: "/api/v1/notifications/read",
      as: w.contactA,
      payload: `{"ids":{"__proto__":["${NOBODY}"]}}`,
      headers: json,
    }),
    expect: { status: 400 },
    check: notPolluted,
  },
];
