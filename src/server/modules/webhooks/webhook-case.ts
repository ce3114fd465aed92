import type { WebhookCase } from "../../../api/webhooks";

/** The case as a webhook payload names it: what any subscriber may see (no staff-only fields). */
export const webhookCaseOf = (c: {
  id: string;
  number: string;
  subject: string;
  status: string;
  priority: string;
  organization_id: string;
  system_id: string;
  channel: string;
  registered_at: Date;
  response_due_at: Date;
}): WebhookCase => ({
  id: c.id,
  number: c.number,
  subject: c.subject,
  status: c.status,
  priority: c.priority,
  organizationId: c.organization_id,
  systemId: c.system_id,
  channel: c.channel,
  registeredAt: c.registered_at.toISOString(),
  responseDueAt: c.response_due_at.toISOString(),
});
