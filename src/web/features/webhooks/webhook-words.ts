import type { MantineColor } from "@mantine/core";
import {
  ORGANIZATION_WEBHOOK_EVENTS,
  WEBHOOK_EVENT_TYPES,
  type WebhookEndpoint,
  type WebhookEventType,
} from "../../../api/webhooks";

/** What an endpoint's state badge says: on, turned off by an admin or by a day of failures, or failing. */
export type WebhookState = "active" | "failing" | "disabledAdmin" | "disabledFailing";

export const webhookState = (
  endpoint: Pick<WebhookEndpoint, "active" | "disabledReason" | "failingSince">,
): WebhookState => {
  if (!endpoint.active) return endpoint.disabledReason === "failing" ? "disabledFailing" : "disabledAdmin";
  return endpoint.failingSince ? "failing" : "active";
};

export const WEBHOOK_STATE_COLORS: Record<WebhookState, MantineColor> = {
  active: "teal",
  failing: "orange",
  disabledAdmin: "gray",
  disabledFailing: "red",
};

/** The events, in groups as the form shows them (the order of the API's list within each). */
export const WEBHOOK_EVENT_GROUPS = [
  { key: "cases", events: WEBHOOK_EVENT_TYPES.filter((event) => event.startsWith("case.")) },
  {
    key: "customers",
    events: WEBHOOK_EVENT_TYPES.filter(
      (event) => event.startsWith("contract.") || event.startsWith("held_request."),
    ),
  },
  {
    key: "supportCenter",
    events: WEBHOOK_EVENT_TYPES.filter(
      (event) => event.startsWith("alert.") || event.startsWith("feature_request."),
    ),
  },
] as const;

/** The events an endpoint may choose: every one, or an organization's own only. */
export const eventsFor = (organizationId: string | null): readonly WebhookEventType[] =>
  organizationId === null ? WEBHOOK_EVENT_TYPES : ORGANIZATION_WEBHOOK_EVENTS;

/** Keeps of a choice only the events its scope allows (picking an organization drops the desk's events). */
export const keepAllowedEvents = (
  events: readonly WebhookEventType[],
  organizationId: string | null,
): WebhookEventType[] => {
  const allowed = eventsFor(organizationId);
  return events.filter((event) => allowed.includes(event));
};

/** The failures a delivery attempt records, worded in `webhooks.errors.*`; another shows as its code. */
export const DELIVERY_ERROR_CODES = [
  "blocked_address",
  "insecure_url",
  "invalid_url",
  "dns_failure",
  "connect_failed",
  "timeout",
  "http_error",
  "redirect_not_followed",
  "response_too_large",
  "tls_error",
] as const;
export type DeliveryErrorCode = (typeof DELIVERY_ERROR_CODES)[number];

export const isDeliveryErrorCode = (code: string): code is DeliveryErrorCode =>
  (DELIVERY_ERROR_CODES as readonly string[]).includes(code);

/** A URL the form lets through (the server also refuses private, loopback and metadata addresses). */
export const isHttpsUrl = (value: string) => {
  try {
    const url = new URL(value.trim());
    return url.protocol === "https:" && url.hostname !== "";
  } catch {
    return false;
  }
};
