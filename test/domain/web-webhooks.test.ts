import { describe, expect, it } from "vitest";
import { ORGANIZATION_WEBHOOK_EVENTS, WEBHOOK_EVENT_TYPES } from "../../src/api/webhooks";
import {
  DELIVERY_ERROR_CODES,
  eventsFor,
  isHttpsUrl,
  keepAllowedEvents,
  WEBHOOK_EVENT_GROUPS,
  webhookState,
} from "../../src/web/features/webhooks/webhook-words";
import en from "../../src/web/i18n/locales/en.json";
import esMX from "../../src/web/i18n/locales/es-MX.json";

const at = (tree: unknown, path: string): unknown =>
  path.split(".").reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], tree);

describe("a webhook endpoint, as the admin's screens show it", () => {
  it("names its state: on, failing since a time, off by an admin, off after a day of failures", () => {
    const on = { active: true, disabledReason: null, failingSince: null } as const;
    expect(webhookState(on)).toBe("active");
    expect(webhookState({ ...on, failingSince: "2026-05-04T10:00:00.000Z" })).toBe("failing");
    expect(webhookState({ active: false, disabledReason: "admin", failingSince: null })).toBe(
      "disabledAdmin",
    );
    expect(
      webhookState({ active: false, disabledReason: "failing", failingSince: "2026-05-03T10:00:00.000Z" }),
    ).toBe("disabledFailing");
  });

  it("offers an organization's endpoint only that organization's events, and drops the others on picking one", () => {
    expect(eventsFor(null)).toEqual(WEBHOOK_EVENT_TYPES);
    expect(eventsFor("6f1d3c1e-9a59-4b6e-9c55-0d3c6c0a1f00")).toEqual(ORGANIZATION_WEBHOOK_EVENTS);
    expect(
      keepAllowedEvents(["case.created", "case.escalated", "alert.published", "contract.expiring"], "org"),
    ).toEqual(["case.created", "contract.expiring"]);
    expect(keepAllowedEvents(["case.escalated"], null)).toEqual(["case.escalated"]);
  });

  it("says why a URL was refused, for each reason the server gives, in both languages", () => {
    for (const problem of ["invalid_url", "insecure_url", "blocked_address"]) {
      for (const locale of [esMX, en])
        expect(at(locale, `webhookUrlProblems.${problem}`)).toEqual(expect.any(String));
    }
    for (const locale of [esMX, en]) {
      expect(at(locale, "fieldErrors.webhook_url")).toContain("{{problem}}");
      expect(at(locale, "problems.webhook_url_refused")).toContain("{{problem}}");
    }
  });

  it("shows every event in exactly one group", () => {
    expect(WEBHOOK_EVENT_GROUPS.flatMap((group) => group.events).sort()).toEqual(
      [...WEBHOOK_EVENT_TYPES].sort(),
    );
  });

  it("lets only complete https addresses through the form", () => {
    expect(isHttpsUrl("https://hooks.example.com/soporte")).toBe(true);
    expect(isHttpsUrl("  https://hooks.example.com  ")).toBe(true);
    expect(isHttpsUrl("http://hooks.example.com/soporte")).toBe(false);
    expect(isHttpsUrl("https://")).toBe(false);
    expect(isHttpsUrl("hooks.example.com")).toBe(false);
  });

  it("words every event and every delivery failure in both languages", () => {
    const keys = [
      ...WEBHOOK_EVENT_TYPES.flatMap((event) => [
        `webhooks.events.${event}.label`,
        `webhooks.events.${event}.description`,
      ]),
      ...DELIVERY_ERROR_CODES.map((code) => `webhooks.errors.${code}`),
      ...WEBHOOK_EVENT_GROUPS.map((group) => `webhooks.eventGroups.${group.key}`),
    ];
    for (const catalog of [esMX, en]) {
      expect(keys.filter((key) => typeof at(catalog, key) !== "string")).toEqual([]);
    }
  });
});
