import type { ColumnType, Generated } from "kysely";

/** Column types of the committed SQL migrations, for Kysely. */
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
type LocalDate = ColumnType<string, string, string>;
type Jsonb = ColumnType<unknown, string, string>;

export interface OrganizationsTable {
  id: Generated<string>;
  name: string;
  rfc: string | null;
  email_domains: ColumnType<string[], string[] | undefined, string[]>;
  time_zone: Generated<string>;
  account_executive_id: string | null;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface UsersTable {
  id: Generated<string>;
  email: string;
  name: string;
  role: string;
  organization_id: string | null;
  phone: string | null;
  preferred_language: Generated<string>;
  password_hash: string | null;
  active: Generated<boolean>;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface SessionsTable {
  token_hash: string;
  user_id: string;
  csrf_token: string;
  created_at: CreatedAt;
  last_seen_at: Timestamp;
  expires_at: Timestamp;
  ip: string | null;
  user_agent: string | null;
}

export interface ApiTokensTable {
  id: Generated<string>;
  user_id: string;
  name: string;
  prefix: string;
  token_hash: string;
  /** `read_only`: every write by the token is refused (migration 0021). */
  scope: Generated<"read_write" | "read_only">;
  created_at: CreatedAt;
  last_used_at: Timestamp | null;
  revoked_at: Timestamp | null;
}

export interface LoginFailuresTable {
  id: Generated<number>;
  email: string;
  ip: string;
  at: Timestamp;
}

export interface ProductsTable {
  id: Generated<string>;
  name: string;
  description: Generated<string>;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface ProductModulesTable {
  id: Generated<string>;
  product_id: string;
  name: string;
  created_at: CreatedAt;
}

export interface ReleasesTable {
  id: Generated<string>;
  product_id: string;
  major: number;
  minor: number;
  patch: number;
  kind: string;
  release_date: LocalDate;
  notes: Generated<string>;
  created_at: CreatedAt;
}

export interface CustomerSystemsTable {
  id: Generated<string>;
  organization_id: string;
  product_id: string;
  name: string;
  installed_version: string;
  environment: string;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface CustomerSystemModulesTable {
  system_id: string;
  module_id: string;
}

export interface AuditLogTable {
  id: Generated<number>;
  at: CreatedAt;
  actor_id: string | null;
  action: string;
  entity: string;
  entity_id: string | null;
  organization_id: string | null;
  details: Jsonb;
  /** session, token, email or system; null on entries written before it was kept */
  via: string | null;
}

export interface PlansTable {
  id: string;
  name: string;
  settings: ColumnType<unknown, string, string>;
  updated_at: Timestamp;
}

export interface CalendarsTable {
  id: string;
  name: string;
  definition: Jsonb;
  version: Generated<number>;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface CalendarRecomputationsTable {
  id: Generated<string>;
  calendar_id: string;
  calendar_version: number;
  status: Generated<string>;
  cases_recomputed: Generated<number>;
  after_case_id: string | null;
  started_at: Timestamp;
  finished_at: Timestamp | null;
}

export interface SettingsTable {
  key: string;
  value: ColumnType<unknown, string, string>;
  updated_at: Timestamp;
}

export interface ContractsTable {
  id: Generated<string>;
  number: string;
  organization_id: string;
  system_id: string;
  plan_id: string;
  plan_settings: ColumnType<unknown, string, string>;
  kind: string;
  start_date: LocalDate;
  end_date: LocalDate;
  sale_price_cents: number;
  currency: Generated<string>;
  annual_fee_cents: number;
  billed_cents: number;
  billing_lines: ColumnType<unknown, string, string>;
  purchase_order: string | null;
  notes: Generated<string>;
  previous_contract_id: string | null;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface TrainingRecordsTable {
  id: Generated<string>;
  contact_id: string;
  course: string;
  completed_on: LocalDate;
  certificate_id: string | null;
  expires_on: LocalDate | null;
  created_at: CreatedAt;
}

export interface ContractContactsTable {
  contract_id: string;
  contact_id: string;
  authorized_at: Timestamp;
}

export interface HeldRequestsTable {
  id: Generated<string>;
  organization_id: string;
  system_id: string | null;
  requester_id: string | null;
  channel: string;
  subject: string;
  details: ColumnType<unknown, string | undefined, string>;
  created_at: CreatedAt;
  released_at: Timestamp | null;
  released_by: string | null;
  purchase_order: string | null;
  /** The case it became when released. */
  case_id: string | null;
}

export interface HeldRequestAttachmentsTable {
  id: Generated<string>;
  held_request_id: string;
  filename: string;
  content_type: string;
  content: Buffer;
  created_at: Timestamp;
}

export interface CasesTable {
  id: Generated<string>;
  number: string;
  organization_id: string;
  system_id: string;
  contract_id: string;
  requester_id: string;
  channel: string;
  subject: string;
  description: string;
  installed_version: string;
  environment: string;
  affected_percent: ColumnType<string, number, number>;
  can_keep_working: boolean;
  checklist: ColumnType<unknown, string, string>;
  suggested_priority: string;
  proposed_priority: string | null;
  priority: string;
  triaged_at: Timestamp | null;
  status: string;
  assignee_id: string | null;
  registered_at: Timestamp;
  sla_calendar_id: string;
  sla_target_minutes: number;
  response_due_at: Timestamp;
  response_met_at: Timestamp | null;
  sla_explanation: ColumnType<unknown, string, string>;
  sla_window: ColumnType<unknown, string | null | undefined, string | null>;
  response_business_seconds: ColumnType<number | null, number | null | undefined, number | null>;
  resolution_calendar_id: string | null;
  resolution_target_minutes: number | null;
  resolution_due_at: Timestamp | null;
  resolution_met_at: Timestamp | null;
  paused_since: Timestamp | null;
  pauses: ColumnType<unknown, string | undefined, string>;
  resolved_at: Timestamp | null;
  closed_at: Timestamp | null;
  version: Generated<number>;
  updated_at: Timestamp;
  escalation_level: number | null;
  escalated_at: Timestamp | null;
  thread_token: Generated<string>;
  version_support: string | null;
  version_end_of_support: LocalDate | null;
  /** Generated: soporte_fold(number || ' ' || subject), for the list's search. */
  search_text: ColumnType<string, never, never>;
  /** Set by a trigger on every update (migration 0024): a case view kept in memory is keyed by it. */
  revision: ColumnType<number, never, never>;
}

export interface CaseEventsTable {
  id: Generated<number>;
  case_id: string;
  at: Timestamp;
  actor_id: string | null;
  kind: string;
  visibility: string;
  body: Generated<string>;
  data: ColumnType<unknown, string | undefined, never>;
}

export interface CaseAttachmentsTable {
  id: Generated<string>;
  case_id: string;
  event_id: number | null;
  filename: string;
  content_type: string;
  size_bytes: number;
  sha256: string;
  visibility: string;
  content: Buffer;
  uploaded_by: string | null;
  created_at: CreatedAt;
}

export interface CaseEscalationsTable {
  case_id: string;
  clock: string;
  level: number;
  due_at: Timestamp;
  fired_at: Timestamp;
  event_id: number;
}

export interface EscalationTimersTable {
  case_id: string;
  clock: string;
  level: number;
  due_at: Timestamp;
  /** The pg-boss job that wakes the step; null until the step comes within the arming horizon. */
  job_id: string | null;
}

export interface NotificationsTable {
  id: Generated<string>;
  user_id: string;
  case_id: string | null;
  kind: string;
  data: ColumnType<unknown, string | undefined, string>;
  created_at: Timestamp;
  read_at: Timestamp | null;
  digest_state: string | null;
}

export interface NotificationPreferencesTable {
  user_id: string;
  warning_delivery: Generated<string>;
  updated_at: Timestamp;
}

export interface OutboxTable {
  id: Generated<string>;
  message_id: string;
  kind: string;
  case_id: string | null;
  to_user_id: string | null;
  to_address: string;
  locale: string;
  subject: string;
  text_body: string;
  html_body: string;
  in_reply_to: string | null;
  references: ColumnType<string[], string[] | undefined, string[]>;
  status: Generated<string>;
  attempts: Generated<number>;
  next_attempt_at: Timestamp;
  locked_until: Timestamp | null;
  last_error: string | null;
  created_at: Timestamp;
  sent_at: Timestamp | null;
  bounce_action: string | null;
  bounce_status: string | null;
  bounce_recipient: string | null;
  bounce_diagnostic: string | null;
  bounced_at: Timestamp | null;
}

export interface EolAnnouncementsTable {
  id: Generated<string>;
  product_id: string;
  major: number;
  announced_on: LocalDate;
  end_of_support_on: LocalDate;
  note: Generated<string>;
  announced_by: string | null;
  systems_notified: Generated<number>;
  created_at: Timestamp;
}

export interface UndeliverableAddressesTable {
  address: string;
  status: string | null;
  diagnostic: string | null;
  outbox_id: string | null;
  since: Timestamp;
}

export interface InboundMailTable {
  id: Generated<string>;
  dedupe_key: string;
  message_id: string | null;
  source: string;
  source_detail: ColumnType<unknown, string | undefined, string>;
  raw: Buffer;
  size_bytes: number;
  received_at: Timestamp;
  deliveries: Generated<number>;
  last_delivered_at: Timestamp;
  status: Generated<string>;
  outcome: string | null;
  detail: string | null;
  reason: string | null;
  reason_params: ColumnType<Record<string, string | number>, string | undefined, string>;
  from_address: string | null;
  subject: string | null;
  case_id: string | null;
  held_request_id: string | null;
  auto_replied: Generated<boolean>;
  html: string | null;
  attempts: Generated<number>;
  claim_id: string | null;
  locked_until: Timestamp | null;
  processed_at: Timestamp | null;
  resolved_by: string | null;
  resolved_at: Timestamp | null;
}

export interface ArticlesTable {
  id: Generated<string>;
  kind: string;
  status: Generated<string>;
  product_id: string | null;
  title: string;
  body: Generated<string>;
  body_html: Generated<string>;
  severity: string | null;
  affected_from: string | null;
  affected_to: string | null;
  workaround: Generated<string>;
  workaround_html: Generated<string>;
  fixed_in_release_id: string | null;
  first_published_at: Timestamp | null;
  published_at: Timestamp | null;
  created_by: string | null;
  updated_by: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  version: Generated<number>;
  search: ColumnType<string, never, never>;
}

export interface ArticleCasesTable {
  article_id: string;
  case_id: string;
}

export interface ArticleAttachmentsTable {
  id: Generated<string>;
  article_id: string;
  filename: string;
  content_type: string;
  size_bytes: number;
  sha256: string;
  content: Buffer;
  uploaded_by: string | null;
  created_at: Timestamp;
}

export interface ArticleReadsTable {
  article_id: string;
  user_id: string;
  read_at: Timestamp;
}

export interface SupportSubscriptionsTable {
  user_id: string;
  product_id: string;
  kind: string;
  digest: Generated<boolean>;
  created_at: Timestamp;
}

export interface ArticleDeliveriesTable {
  article_id: string;
  user_id: string;
  state: string;
  created_at: Timestamp;
}

export interface FeatureRequestsTable {
  id: Generated<string>;
  number: ColumnType<number, never, never>;
  product_id: string;
  organization_id: string;
  submitted_by: string | null;
  title: string;
  description: Generated<string>;
  status: Generated<string>;
  status_reason: Generated<string>;
  release_id: string | null;
  merged_into_id: string | null;
  vote_count: Generated<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
  status_changed_at: Timestamp | null;
  version: Generated<number>;
  search: ColumnType<string, never, never>;
}

export interface FeatureRequestVotesTable {
  request_id: string;
  user_id: string;
  created_at: Timestamp;
}

export interface FeatureRequestFollowersTable {
  request_id: string;
  user_id: string;
  created_at: Timestamp;
}

export interface FeatureRequestChangesTable {
  id: Generated<number>;
  request_id: string;
  from_status: string | null;
  to_status: string;
  reason: Generated<string>;
  release_id: string | null;
  changed_by: string | null;
  changed_at: Timestamp;
}

export interface ReleaseFilesTable {
  id: Generated<string>;
  release_id: string;
  filename: string;
  content_type: string;
  size_bytes: number;
  sha256: string;
  uploaded_by: string | null;
  created_at: Timestamp;
}

export interface ReleaseFileChunksTable {
  file_id: string;
  seq: number;
  data: Buffer;
}

export interface ReleaseDownloadsTable {
  id: Generated<number>;
  file_id: string;
  user_id: string | null;
  organization_id: string | null;
  contract_id: string | null;
  downloaded_at: Timestamp;
}

export interface StsServicesTable {
  id: Generated<string>;
  organization_id: string;
  engineer_id: string;
  start_date: LocalDate;
  end_date: LocalDate;
  purchase_order: string;
  price_cents: number;
  currency: Generated<string>;
  notes: Generated<string>;
  calendar_id: string;
  created_by: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface StsVisitsTable {
  id: Generated<string>;
  service_id: string;
  kind: string;
  sequence: number;
  due_on: LocalDate;
  scheduled_on: LocalDate;
  remind_on: LocalDate;
  reminder_sent_at: Timestamp | null;
  status: Generated<string>;
  held_on: LocalDate | null;
  minutes: string | null;
  held_by: string | null;
  held_at: Timestamp | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface StsVisitReschedulesTable {
  id: Generated<string>;
  visit_id: string;
  from_date: LocalDate;
  to_date: LocalDate;
  reason: Generated<string>;
  changed_by: string | null;
  changed_at: Timestamp;
}

export interface HourBankPackagesTable {
  id: Generated<string>;
  organization_id: string;
  contract_id: string;
  quarters: number;
  used_quarters: Generated<number>;
  purchased_on: LocalDate;
  expires_on: LocalDate;
  purchase_order: string;
  price_cents: number;
  currency: string;
  sold_by: string | null;
  created_at: CreatedAt;
}

export interface HourBankEntriesTable {
  id: Generated<string>;
  organization_id: string;
  worked_on: LocalDate;
  quarters: number;
  kind: string;
  description: Generated<string>;
  case_id: string | null;
  consultant_id: string;
  override_reason: string | null;
  logged_by: string | null;
  created_at: CreatedAt;
}

export interface HourBankAllocationsTable {
  entry_id: string;
  package_id: string;
  quarters: number;
}

export interface HourBankAlertsTable {
  package_id: string;
  kind: string;
  recipients: number;
  sent_at: Timestamp;
}

export interface OutOfHoursWindowsTable {
  id: Generated<string>;
  organization_id: string;
  contract_id: string;
  contract_year: number;
  starts_at: Timestamp;
  ends_at: Timestamp;
  time_zone: string;
  maintenance: string;
  status: Generated<string>;
  requested_by: string | null;
  confirmed_by: string | null;
  confirmed_at: Timestamp | null;
  declined_by: string | null;
  declined_at: Timestamp | null;
  cancelled_by: string | null;
  cancelled_at: Timestamp | null;
  reason: Generated<string>;
  refunded: Generated<boolean>;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface WebhookEndpointsTable {
  id: Generated<string>;
  url: string;
  description: Generated<string>;
  events: ColumnType<string[], string[], string[]>;
  organization_id: string | null;
  active: Generated<boolean>;
  secret_sealed: string;
  previous_secret_sealed: string | null;
  previous_secret_until: Date | null;
  failing_since: Date | null;
  disabled_at: Date | null;
  disabled_reason: string | null;
  created_by: string | null;
  created_at: CreatedAt;
  updated_at: Timestamp;
  version: Generated<number>;
}

export interface WebhookEventsTable {
  id: Generated<string>;
  type: string;
  organization_id: string | null;
  case_id: string | null;
  payload: Jsonb;
  dedupe_key: string | null;
  created_at: CreatedAt;
}

export interface WebhookDeliveriesTable {
  id: Generated<number>;
  event_id: string;
  endpoint_id: string;
  order_key: string;
  status: Generated<string>;
  attempts: Generated<number>;
  next_attempt_at: Timestamp;
  lease_until: Date | null;
  last_error: string | null;
  delivered_at: Date | null;
  created_at: CreatedAt;
}

export interface WebhookAttemptsTable {
  id: Generated<number>;
  delivery_id: number;
  endpoint_id: string;
  at: Date;
  ok: boolean;
  status_code: number | null;
  latency_ms: number;
  error: string | null;
  detail: string | null;
  response_excerpt: Generated<string>;
}

export interface DB {
  out_of_hours_windows: OutOfHoursWindowsTable;
  hour_bank_packages: HourBankPackagesTable;
  hour_bank_entries: HourBankEntriesTable;
  hour_bank_allocations: HourBankAllocationsTable;
  hour_bank_alerts: HourBankAlertsTable;
  inbound_mail: InboundMailTable;
  case_escalations: CaseEscalationsTable;
  escalation_timers: EscalationTimersTable;
  notifications: NotificationsTable;
  notification_preferences: NotificationPreferencesTable;
  outbox: OutboxTable;
  undeliverable_addresses: UndeliverableAddressesTable;
  eol_announcements: EolAnnouncementsTable;
  articles: ArticlesTable;
  article_cases: ArticleCasesTable;
  article_attachments: ArticleAttachmentsTable;
  article_reads: ArticleReadsTable;
  support_subscriptions: SupportSubscriptionsTable;
  article_deliveries: ArticleDeliveriesTable;
  feature_requests: FeatureRequestsTable;
  feature_request_votes: FeatureRequestVotesTable;
  feature_request_followers: FeatureRequestFollowersTable;
  feature_request_changes: FeatureRequestChangesTable;
  release_files: ReleaseFilesTable;
  release_file_chunks: ReleaseFileChunksTable;
  release_downloads: ReleaseDownloadsTable;
  case_attachments: CaseAttachmentsTable;
  cases: CasesTable;
  case_events: CaseEventsTable;
  plans: PlansTable;
  calendars: CalendarsTable;
  calendar_recomputations: CalendarRecomputationsTable;
  settings: SettingsTable;
  contracts: ContractsTable;
  training_records: TrainingRecordsTable;
  contract_contacts: ContractContactsTable;
  held_requests: HeldRequestsTable;
  held_request_attachments: HeldRequestAttachmentsTable;
  organizations: OrganizationsTable;
  users: UsersTable;
  sessions: SessionsTable;
  api_tokens: ApiTokensTable;
  login_failures: LoginFailuresTable;
  products: ProductsTable;
  product_modules: ProductModulesTable;
  releases: ReleasesTable;
  customer_systems: CustomerSystemsTable;
  customer_system_modules: CustomerSystemModulesTable;
  audit_log: AuditLogTable;
  sts_services: StsServicesTable;
  sts_visits: StsVisitsTable;
  sts_visit_reschedules: StsVisitReschedulesTable;
  webhook_endpoints: WebhookEndpointsTable;
  webhook_events: WebhookEventsTable;
  webhook_deliveries: WebhookDeliveriesTable;
  webhook_attempts: WebhookAttemptsTable;
}
