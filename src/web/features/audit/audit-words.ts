import type { AuditEntry } from "../../../api/audit";

/**
 * The actions the server writes today, each with its words in the catalogs (`audit.actions.*`); an action
 * not listed here (a newer server, an older entry) shows as its code.
 */
export const AUDIT_ACTION_KEYS = {
  "auth.signed_in": "audit.actions.auth.signed_in",
  "auth.login": "audit.actions.auth.login",
  "auth.signed_out": "audit.actions.auth.signed_out",
  "auth.password_changed": "audit.actions.auth.password_changed",
  "auth.token_created": "audit.actions.auth.token_created",
  "auth.token_revoked": "audit.actions.auth.token_revoked",
  "organization.created": "audit.actions.organization.created",
  "organization.updated": "audit.actions.organization.updated",
  "contact.created": "audit.actions.contact.created",
  "contact.updated": "audit.actions.contact.updated",
  "contact.mail_delivery_cleared": "audit.actions.contact.mail_delivery_cleared",
  "contact.training_added": "audit.actions.contact.training_added",
  "contact.training_removed": "audit.actions.contact.training_removed",
  "user.created": "audit.actions.user.created",
  "user.updated": "audit.actions.user.updated",
  "calendar.created": "audit.actions.calendar.created",
  "calendar.updated": "audit.actions.calendar.updated",
  "calendar.deleted": "audit.actions.calendar.deleted",
  "calendar.cases_recomputed": "audit.actions.calendar.cases_recomputed",
  "webhook.created": "audit.actions.webhook.created",
  "webhook.updated": "audit.actions.webhook.updated",
  "webhook.deleted": "audit.actions.webhook.deleted",
  "webhook.secret_rotated": "audit.actions.webhook.secret_rotated",
  "webhook.redelivered": "audit.actions.webhook.redelivered",
  "product.created": "audit.actions.product.created",
  "product.updated": "audit.actions.product.updated",
  "product.module_added": "audit.actions.product.module_added",
  "product.module_renamed": "audit.actions.product.module_renamed",
  "release.created": "audit.actions.release.created",
  "release.updated": "audit.actions.release.updated",
  "release.file_added": "audit.actions.release.file_added",
  "release.file_removed": "audit.actions.release.file_removed",
  "release_line.end_of_support_announced": "audit.actions.release_line.end_of_support_announced",
  "system.created": "audit.actions.system.created",
  "system.updated": "audit.actions.system.updated",
  "plan.updated": "audit.actions.plan.updated",
  "settings.contracts_updated": "audit.actions.settings.contracts_updated",
  "settings.cases_updated": "audit.actions.settings.cases_updated",
  "settings.escalation_updated": "audit.actions.settings.escalation_updated",
  "settings.mail_updated": "audit.actions.settings.mail_updated",
  "settings.mail_imap_tested": "audit.actions.settings.mail_imap_tested",
  "settings.out_of_hours_updated": "audit.actions.settings.out_of_hours_updated",
  "contract.created": "audit.actions.contract.created",
  "contract.updated": "audit.actions.contract.updated",
  "contract.renewed": "audit.actions.contract.renewed",
  "contract.reinstated": "audit.actions.contract.reinstated",
  "contract.contact_authorized": "audit.actions.contract.contact_authorized",
  "contract.contact_removed": "audit.actions.contract.contact_removed",
  "held_request.recorded": "audit.actions.held_request.recorded",
  "held_request.released": "audit.actions.held_request.released",
  "case.opened": "audit.actions.case.opened",
  "case.intake_checked": "audit.actions.case.intake_checked",
  "case.intake_refused": "audit.actions.case.intake_refused",
  "case.replied": "audit.actions.case.replied",
  "case.note_added": "audit.actions.case.note_added",
  "case.triaged": "audit.actions.case.triaged",
  "case.status_changed": "audit.actions.case.status_changed",
  "case.assigned": "audit.actions.case.assigned",
  "case.attachment_added": "audit.actions.case.attachment_added",
  "notification.read": "audit.actions.notification.read",
  "notification_preferences.updated": "audit.actions.notification_preferences.updated",
  "outbox.retried": "audit.actions.outbox.retried",
  "inbound_mail.retried": "audit.actions.inbound_mail.retried",
  "inbound_mail.dismissed": "audit.actions.inbound_mail.dismissed",
  "article.created": "audit.actions.article.created",
  "article.updated": "audit.actions.article.updated",
  "article.published": "audit.actions.article.published",
  "article.archived": "audit.actions.article.archived",
  "article.read": "audit.actions.article.read",
  "article.file_added": "audit.actions.article.file_added",
  "article.file_removed": "audit.actions.article.file_removed",
  "support_subscriptions.updated": "audit.actions.support_subscriptions.updated",
  "feature_request.submitted": "audit.actions.feature_request.submitted",
  "feature_request.status_changed": "audit.actions.feature_request.status_changed",
  "feature_request.merged": "audit.actions.feature_request.merged",
  "feature_request.voted": "audit.actions.feature_request.voted",
  "feature_request.vote_withdrawn": "audit.actions.feature_request.vote_withdrawn",
  "feature_request.followed": "audit.actions.feature_request.followed",
  "feature_request.unfollowed": "audit.actions.feature_request.unfollowed",
  "hour_bank.package_sold": "audit.actions.hour_bank.package_sold",
  "hour_bank.entry_logged": "audit.actions.hour_bank.entry_logged",
  "hour_bank.entry_overridden": "audit.actions.hour_bank.entry_overridden",
  "sts_service.created": "audit.actions.sts_service.created",
  "sts_visit.held": "audit.actions.sts_visit.held",
  "sts_visit.rescheduled": "audit.actions.sts_visit.rescheduled",
  "out_of_hours.requested": "audit.actions.out_of_hours.requested",
  "out_of_hours.confirmed": "audit.actions.out_of_hours.confirmed",
  "out_of_hours.declined": "audit.actions.out_of_hours.declined",
  "out_of_hours.cancelled": "audit.actions.out_of_hours.cancelled",
} as const;
export type KnownAuditAction = keyof typeof AUDIT_ACTION_KEYS;

/** The part before the dot, as filters offer it ("case." is every case action). */
export const AUDIT_ACTION_GROUP_KEYS = {
  auth: "audit.actionGroups.auth",
  case: "audit.actionGroups.case",
  held_request: "audit.actionGroups.held_request",
  organization: "audit.actionGroups.organization",
  contact: "audit.actionGroups.contact",
  contract: "audit.actionGroups.contract",
  system: "audit.actionGroups.system",
  product: "audit.actionGroups.product",
  release: "audit.actionGroups.release",
  release_line: "audit.actionGroups.release_line",
  plan: "audit.actionGroups.plan",
  calendar: "audit.actionGroups.calendar",
  settings: "audit.actionGroups.settings",
  user: "audit.actionGroups.user",
  notification: "audit.actionGroups.notification",
  notification_preferences: "audit.actionGroups.notification_preferences",
  outbox: "audit.actionGroups.outbox",
  inbound_mail: "audit.actionGroups.inbound_mail",
  article: "audit.actionGroups.article",
  support_subscriptions: "audit.actionGroups.support_subscriptions",
  feature_request: "audit.actionGroups.feature_request",
  hour_bank: "audit.actionGroups.hour_bank",
  sts_service: "audit.actionGroups.sts_service",
  sts_visit: "audit.actionGroups.sts_visit",
  out_of_hours: "audit.actionGroups.out_of_hours",
} as const;
export type AuditActionGroup = keyof typeof AUDIT_ACTION_GROUP_KEYS;

export const isKnownAction = (action: string): action is KnownAuditAction =>
  Object.hasOwn(AUDIT_ACTION_KEYS, action);

export const isActionGroup = (group: string): group is AuditActionGroup =>
  Object.hasOwn(AUDIT_ACTION_GROUP_KEYS, group);

const text = (value: unknown) => (typeof value === "string" && value ? value : null);

/**
 * The console page an entry is about, where there is one: its id, or (a calendar's id is text, a release
 * lives on its product's page) the id its details name.
 */
export const entityPath = (
  entry: Pick<AuditEntry, "action" | "entity" | "entityId" | "details">,
): string | null => {
  const id = entry.entityId;
  switch (entry.entity) {
    case "case":
      return id && `/cases/${id}`;
    case "organization":
      return id && `/organizations/${id}`;
    case "contact":
      return id && `/contacts/${id}`;
    case "contract":
      return id && `/contracts/${id}`;
    case "product":
      return id && `/catalog/${id}`;
    case "release": {
      const productId = text(entry.details.productId);
      return productId && `/catalog/${productId}`;
    }
    case "calendar": {
      const calendarId = text(entry.details.id);
      return calendarId && entry.action !== "calendar.deleted" ? `/calendars/${calendarId}` : null;
    }
    case "article":
      return id && `/support-center/articles/${id}`;
    case "feature_request":
      return id && `/support-center/feature-requests/${id}`;
    case "hour_bank_package":
      return id && `/hour-banks/${id}`;
    case "sts_service":
      return id && `/sts/services/${id}`;
    case "inbound_mail":
      return id && `/inbound-mail/${id}`;
    case "webhook_endpoint":
      return id && entry.action !== "webhook.deleted" ? `/settings/webhooks/${id}` : null;
    default:
      return null;
  }
};

/** What names the entry's thing in a line: a case's or request's number, a calendar's id, else a short id. */
export const entityLabel = (entry: Pick<AuditEntry, "entity" | "entityId" | "details">): string | null => {
  const number = entry.details.number;
  if (typeof number === "string" && number) return number;
  if (typeof number === "number") return `#${number}`;
  if (entry.entity === "calendar") return text(entry.details.id);
  if (entry.entity === "release") return text(entry.details.version);
  return entry.entityId ? entry.entityId.slice(0, 8) : null;
};
