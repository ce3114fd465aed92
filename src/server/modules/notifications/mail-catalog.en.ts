import type { mailCatalogEsMx } from "./mail-catalog.es-MX";

type Shape<T> = { [K in keyof T]: T[K] extends string ? string : Shape<T[K]> };

/** Outgoing mail in English; the type keeps its keys in step with the Spanish catalog. */
export const mailCatalogEn: Shape<typeof mailCatalogEsMx> = {
  greeting: "Hello {{name}},",
  signature: "Technical Support Center",
  viewCase: "View the case: {{link}}",
  doNotReply: "You can reply to this email; your reply is added to case {{number}}.",
  priority: { P1: "P1 (critical)", P2: "P2 (high)", P3: "P3 (medium)", P4: "P4 (low)" },
  status: {
    new: "new",
    open: "open",
    waiting_on_customer: "waiting for your reply",
    resolved: "resolved",
    closed: "closed",
    held: "held",
  },
  calendar: { "cdmx-habil": "Mexico City business hours", "24x7": "24×7, every day" },
  clock: { response: "response", resolution: "resolution" },
  minutes: "{{count}} minutes",
  minutes_one: "{{count}} minute",
  hours: "{{count}} hours",
  hours_one: "{{count}} hour",
  acknowledgement: {
    subject: "[{{number}}] We received your case: {{subject}}",
    body: "We registered your case {{number}} “{{subject}}” with preliminary priority {{priority}}.\n\nTarget response time: {{target}} ({{calendar}}).\nWe will answer by {{due}} at the latest.\n\nA specialist will confirm the priority in a preliminary diagnosis.",
    checklistUnconfirmed:
      "Before we start, please confirm that the associated components (databases, application servers, operating systems, networks, infrastructure and document repositories) work and are under a current support policy of their own.",
  },
  staffReply: {
    subject: "[{{number}}] Reply to your case: {{subject}}",
    body: "{{author}} replied to your case {{number}}:\n\n{{reply}}",
  },
  statusChanged: {
    subject: "[{{number}}] Your case is {{status}}: {{subject}}",
    body: "Case {{number}} “{{subject}}” changed from {{from}} to {{status}}.",
    resolvedHint: "If the problem persists, you can reopen the case within the next {{days}} days.",
  },
  heldRequest: {
    subject: "Your request is on hold: a purchase order is required",
    body: "We received your request “{{subject}}” for {{system}}, but the system has no current support contract.\n\nThe request is on hold until we receive the purchase order for the renewal or reinstatement. Your account executive can help you with the quote.",
  },
  refusal: {
    subject: "Re: {{subject}}",
    anonymous: "customer",
    body: "Thank you for writing. This mailbox handles technical support cases from the authorized contacts of each support contract, and your address is not among them.\n\nPlease send your request through one of your organization's authorized contacts, or ask your account executive to register your address.",
  },
  warning: {
    subject: "[{{number}}] Warning: the {{clock}} time is due {{due}}",
    body: "Case {{number}} “{{subject}}” of {{organization}} ({{priority}}) reached {{percent}} % of its {{clock}} time.\nIt is due {{due}}.",
  },
  escalation: {
    subject: "[{{number}}] Escalation level {{level}}: {{subject}}",
    body: "Case {{number}} “{{subject}}” of {{organization}} ({{priority}}) escalated to level {{level}}: it reached {{percent}} % of its {{clock}} time, which was due {{due}}.\nAssignee: {{assignee}}.",
    unassigned: "unassigned",
  },
  endOfSupport: {
    subject: "End of support of {{product}} {{line}} on {{date}}",
    body: "We are letting you know that support for {{product}} {{line}} ends on {{date}}.\n\nYour systems on that version: {{systems}}.\n\nAfter that date your cases are still registered, but those versions are no longer supported: we recommend planning the upgrade to a supported version. Your current contract entitles you to new versions; your account executive can help you plan it.",
  },
  digest: {
    subject: "Warning digest: {{count}} cases coming due",
    subject_one: "Warning digest: 1 case coming due",
    intro: "These cases reached the warning threshold:",
    line: "• {{number}} “{{subject}}” ({{priority}}): {{clock}} due {{due}}",
  },
  article: {
    kinds: { alert: "Technical alert", tip: "Technical tip", resolution: "Published resolution" },
    severity: { critical: "critical", high: "high", medium: "medium", low: "low" },
    subjectAlert: "{{product}} technical alert ({{severity}}): {{title}}",
    subject: "{{product}} {{kind}}: {{title}}",
    intro: "Published in the support center: a {{product}} {{kind}}.",
    affected: "Affected versions: {{range}}.",
    allVersions: "all",
    range: "{{from}} to {{to}}",
    fromOnly: "{{from}} and later",
    toOnly: "up to {{to}}",
    read: "Read it all at: {{link}}",
    footer:
      "You receive this mail because you subscribed to “{{kind}}” of {{product}}. Change your subscriptions at {{link}}",
  },
  articleDigest: {
    subject: "Support center: {{count}} new publications",
    subject_one: "Support center: 1 new publication",
    intro: "New publications of the products you subscribed to:",
    line: "• {{kind}} · {{product}}: {{title}}\n  {{link}}",
    footer: "You receive this digest for your support-center subscriptions. Change them at {{link}}",
  },
  featureRequest: {
    statuses: {
      submitted: "submitted",
      under_review: "under review",
      planned: "planned",
      released: "released",
      declined: "declined",
    },
    subject: "Feature request #{{number}} {{status}}: {{title}}",
    body: "Feature request #{{number}} “{{title}}” for {{product}}, which you follow, moved from “{{from}}” to “{{status}}”.",
    reason: "Reason: {{reason}}",
    release: "It ships in version {{version}}.",
    link: "See it in the support center: {{link}}",
    footer: "You receive this mail because you follow this request; you can stop following it from its page.",
  },
  outOfHours: {
    window: "Window: from {{start}} to {{end}}.\nContract {{contract}} ({{system}}) of {{organization}}.",
    maintenance: "Planned maintenance: {{maintenance}}",
    reason: "Reason: {{reason}}",
    refunded: "The out-of-hours day went back to the contract year.",
    notRefunded: "As it was cancelled with less notice than required, the out-of-hours day counts as used.",
    clock: "During the window, your organization's cases run on a 24×7 clock for their response targets.",
    link: "See it at: {{link}}",
    requested: {
      subject: "Out-of-hours day requested: {{organization}}",
      body: "{{requester}} requested an out-of-hours day for {{organization}}. Please confirm or decline it.",
    },
    confirmed: {
      subject: "Out-of-hours day confirmed: {{start}}",
      body: "{{actor}} confirmed the out-of-hours window {{requester}} requested.",
    },
    declined: {
      subject: "Out-of-hours day not confirmed: {{start}}",
      body: "{{actor}} could not confirm the out-of-hours window {{requester}} requested. The day is not taken.",
    },
    cancelled: {
      subject: "Out-of-hours day cancelled: {{start}}",
      body: "{{actor}} cancelled the out-of-hours window {{requester}} requested.",
    },
  },
  webhook: {
    disabled: {
      subject: "Webhook turned off: {{description}}",
      body: "Deliveries to the webhook {{url}} have failed without a break since {{since}}, so we turned it off. Pending events are kept and will be sent when you turn it on again.\n\nThe delivery log shows what the receiver answered.",
      link: "Webhook and delivery log: {{link}}",
    },
  },
  hourBank: {
    lowBalance: {
      subject: "{{organization}} hour bank: {{remaining}} of {{hours}} hours left",
      body: "The technical consulting hour bank of {{organization}} (purchase order {{purchaseOrder}}) has {{remaining}} of its {{hours}} hours left, less than {{percent}} %. It expires on {{date}}.\n\nIf you need more hours, your account executive can help you buy a new bank.",
    },
    expiring: {
      subject: "{{organization}} hour bank: expires on {{date}}",
      body: "The technical consulting hour bank of {{organization}} (purchase order {{purchaseOrder}}) expires on {{date}} with {{remaining}} of its {{hours}} hours left.\n\nAfter that date they can no longer be used: we suggest scheduling the remaining hours with us.",
    },
    expiredUnused: {
      subject: "{{organization}} hour bank: expired with {{remaining}} hours unused",
      body: "The technical consulting hour bank of {{organization}} (purchase order {{purchaseOrder}}) expired on {{date}} with {{remaining}} of its {{hours}} hours unused.\n\nYour account executive can help you buy a new bank.",
    },
    link: "See the balance and the entries at: {{link}}",
  },
  sts: {
    kinds: { business_review: "business review", tuning: "tuning service" },
    noPhone: "no phone on record",
    reminder: {
      subject: "Reminder: {{organization}} {{kind}} on {{date}}",
      body: "This is a reminder that the {{kind}} of the on-site support engineer service (STS) of {{organization}} is scheduled on {{date}}.",
      engineer: "Assigned engineer: {{engineer}} ({{email}}, {{phone}}).",
    },
    link: "See the service and its visits at: {{link}}",
  },
};
