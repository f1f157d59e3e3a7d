import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';

/** Timestamps are ISO-8601 UTC strings (`Date#toISOString`), which sort correctly as text. */
type Timestamp = string;
/** JSON documents are stored as text so the schema ports to PostgreSQL unchanged. */
type Json = string;
/** Booleans are stored as 0/1 integers for the same reason. */
type Flag = number;

export interface CheckGroupTable {
  id: Generated<number>;
  name: string;
  name_key: string;
  created_at: Timestamp;
  ticket_fields: ColumnType<Json, Json | undefined, Json>;
  /** Anomaly and RPO settings of the group's checks (over the organization's). */
  job_settings: ColumnType<Json, Json | undefined, Json>;
}

export interface CheckTable {
  id: Generated<number>;
  name: string;
  group_id: number | null;
  description: string;
  asset_id: string | null;
  alias: string;
  paused: ColumnType<Flag, Flag | undefined, Flag>;
  matching: Json;
  status_rules: Json;
  schedule: Json;
  status: ColumnType<string, string | undefined, string>;
  status_since: Timestamp | null;
  last_activity_at: Timestamp | null;
  due_at: ColumnType<Timestamp | null, Timestamp | null | undefined, Timestamp | null>;
  deadline_at: ColumnType<Timestamp | null, Timestamp | null | undefined, Timestamp | null>;
  notifications: ColumnType<Json, Json | undefined, Json>;
  problem_streak: ColumnType<number, number | undefined, number>;
  alerted_at: ColumnType<Timestamp | null, Timestamp | null | undefined, Timestamp | null>;
  alerted_status: ColumnType<string | null, string | null | undefined, string | null>;
  alert_held_until: ColumnType<Timestamp | null, Timestamp | null | undefined, Timestamp | null>;
  alert_announced: ColumnType<Flag, Flag | undefined, Flag>;
  ticket_fields: ColumnType<Json, Json | undefined, Json>;
  /** 'manual', or the id of the report format whose discovery made the check ('comet', 'veeam'…). */
  origin: ColumnType<string, string | undefined, string>;
  /** The job a discovered check stands for: `<format>:<key parts>` (see jobKey). */
  job_key: ColumnType<string | null, string | null | undefined, string | null>;
  /** 'default' (nobody chose yet), 'user' or 'suggestion'. */
  schedule_set_by: ColumnType<string, string | undefined, string>;
  schedule_suggestion: ColumnType<Json | null, Json | null | undefined, Json | null>;
  /** The check's own anomaly and RPO settings. */
  job_settings: ColumnType<Json, Json | undefined, Json>;
  /** The newest job that reached the check. */
  last_job_id: ColumnType<number | null, number | null | undefined, number | null>;
  last_success_at: ColumnType<Timestamp | null, Timestamp | null | undefined, Timestamp | null>;
  rpo_warned_for: ColumnType<Timestamp | null, Timestamp | null | undefined, Timestamp | null>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface CheckLabelTable {
  check_id: number;
  label: string;
}

export interface MessageTable {
  id: Generated<number>;
  received_at: Timestamp;
  mail_from: string;
  rcpt_to: Json;
  subject: string;
  from_text: string;
  to_text: string;
  date: Timestamp | null;
  message_id_header: string | null;
  text_body: string;
  html_body: string | null;
  headers: Json;
  size: number;
  matched: Flag;
  problems: Json;
}

export interface MessageRawTable {
  message_id: number;
  encoding: 'deflate-raw';
  raw: Buffer;
}

export interface MessageAttachmentTable {
  id: Generated<number>;
  message_id: number;
  position: number;
  filename: string | null;
  content_type: string;
  size: number;
  text: string | null;
}

export interface ActivityTable {
  id: Generated<number>;
  check_id: number;
  message_id: number | null;
  status: string;
  received_at: Timestamp;
  subject: string;
  evaluation: Json;
  created_at: Timestamp;
  job_id: ColumnType<number | null, number | null | undefined, number | null>;
}

export interface JobTable {
  id: Generated<number>;
  message_id: number | null;
  /** 'email', 'webhook' or 'email+webhook'. */
  source: string;
  /** The report format that read it ('comet', 'veeam'…). */
  format: string;
  product: string | null;
  tenant: string | null;
  device: string | null;
  item: string | null;
  job_type: string | null;
  /** The product's own status word (Comet's "Quota Exceeded"). */
  native_status: string | null;
  status_text: string | null;
  /** success, warning, failure or unknown, as read when the report came. */
  job_status: string | null;
  started_at: Timestamp | null;
  stopped_at: Timestamp | null;
  started_minute: string | null;
  duration_seconds: number | null;
  size_bytes: number | null;
  transferred_bytes: number | null;
  files: number | null;
  objects: number | null;
  error_count: number | null;
  warning_count: number | null;
  version: string | null;
  key_lines: ColumnType<Json, Json | undefined, Json>;
  parts: ColumnType<Json, Json | undefined, Json>;
  extra: ColumnType<Json, Json | undefined, Json>;
  job_key: string | null;
  problems: Json;
  // Comet's own: what its webhook events carry.
  vault: string | null;
  directories: number | null;
  downloaded: number | null;
  job_guid: string | null;
  device_id: string | null;
  source_guid: string | null;
  vault_guid: string | null;
  organization_id: string | null;
  names_known: ColumnType<Flag, Flag | undefined, Flag>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface JobLogTable {
  job_id: number;
  log: Json;
}

export interface CometNameTable {
  username: string;
  kind: 'device' | 'item' | 'vault';
  ref: string;
  name: string;
  learned_at: Timestamp;
}

export interface JobRouteTable {
  id: Generated<number>;
  job_key: string;
  /** Null: a tombstone (the check was deleted; do not discover the job again). */
  check_id: number | null;
  tenant: string;
  device: string;
  item: string;
  created_at: Timestamp;
}

export interface ApiKeyTable {
  id: Generated<number>;
  name: string;
  prefix: string;
  key_hash: string;
  created_at: Timestamp;
  last_used_at: Timestamp | null;
  revoked_at: Timestamp | null;
}

export interface ChannelTable {
  id: Generated<number>;
  type: string;
  name: string;
  config: Json;
  /** The secret part of the config, sealed (see SecretBox). */
  secrets: string | null;
  /** A signed-in account's OAuth grant (tokens, a sign-in in progress), sealed JSON; see GrantStore. */
  grant: string | null;
  grant_state: 'connected' | 'reconnect-needed' | null;
  /** Why the vendor refused the grant, when reconnect-needed. */
  grant_error: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface CheckChannelTable {
  check_id: number;
  channel_id: number;
}

export interface GroupChannelTable {
  group_id: number;
  channel_id: number;
}

export interface SettingTable {
  key: string;
  value: Json;
}

export interface AlertEventTable {
  id: Generated<number>;
  check_id: number | null;
  activity_id: number | null;
  event: string;
  status: string;
  previous_status: string;
  view: Json;
  hold_until: Timestamp | null;
  state: string;
  created_at: Timestamp;
}

export interface DeliveryTable {
  id: Generated<number>;
  event_id: number;
  /** The channel sent to; null for a delivery to a user's own medium. */
  channel_id: number | null;
  state: string;
  idempotency_key: string;
  attempts: ColumnType<number, number | undefined, number>;
  next_attempt_at: Timestamp | null;
  lease_until: Timestamp | null;
  give_up_at: Timestamp;
  last_error: string | null;
  delivered_at: Timestamp | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  ticket_id: ColumnType<number | null, number | null | undefined, number | null>;
  /** A personal notification: the user, the medium, and for push the browser's subscription. */
  user_id: ColumnType<number | null, number | null | undefined, number | null>;
  medium: ColumnType<string | null, string | null | undefined, string | null>;
  subscription_id: ColumnType<number | null, number | null | undefined, number | null>;
}

export interface UserNotificationTable {
  user_id: number;
  settings: Json;
  secrets: string | null;
  phone_pending: string | null;
  phone_code_hash: string | null;
  phone_code_expires_at: Timestamp | null;
  phone_code_tries: ColumnType<number, number | undefined, number>;
  updated_at: Timestamp;
}

export interface PushSubscriptionTable {
  id: Generated<number>;
  user_id: number;
  endpoint: string;
  p256dh: string;
  auth: string;
  user_agent: string;
  created_at: Timestamp;
  last_success_at: Timestamp | null;
}

export interface TicketTable {
  id: Generated<number>;
  check_id: number;
  channel_id: number;
  external_id: string;
  url: string | null;
  state: 'open' | 'closed';
  closed_by: 'backwatch' | 'vendor' | 'left-open' | null;
  notes: ColumnType<number, number | undefined, number>;
  opened_at: Timestamp;
  updated_at: Timestamp;
  closed_at: Timestamp | null;
}

export interface DeliveryAttemptTable {
  id: Generated<number>;
  delivery_id: number;
  attempted_at: Timestamp;
  duration_ms: number;
  ok: Flag;
  http_status: number | null;
  error: string | null;
  response: string | null;
}

export type Role = 'admin' | 'viewer';

export interface UserTable {
  id: Generated<number>;
  username: string;
  /** The name lower-cased: unique, so names differ by more than case. */
  username_key: string;
  password_hash: string;
  role: Role;
  /** Sealed (see SecretBox), like the pending secret of an enrolment not yet confirmed. */
  totp_secret: ColumnType<string | null, string | null | undefined, string | null>;
  totp_pending_secret: ColumnType<string | null, string | null | undefined, string | null>;
  totp_enabled: ColumnType<Flag, Flag | undefined, Flag>;
  /** The 30-second step of the last code accepted, so a code works once. */
  totp_last_step: ColumnType<number | null, number | null | undefined, number | null>;
  created_at: Timestamp;
  updated_at: Timestamp;
  last_login_at: ColumnType<Timestamp | null, Timestamp | null | undefined, Timestamp | null>;
  /** The check groups the user may see, a JSON array of ids; null: every group. */
  group_ids: ColumnType<Json | null, Json | null | undefined, Json | null>;
}

export interface RecoveryCodeTable {
  id: Generated<number>;
  user_id: number;
  code_hash: string;
  created_at: Timestamp;
  used_at: Timestamp | null;
}

export interface WebauthnCredentialTable {
  id: Generated<number>;
  user_id: number;
  /** base64url, as the browser names it. */
  credential_id: string;
  /** The COSE public key, base64url. */
  public_key: string;
  counter: number;
  transports: Json;
  name: string;
  created_at: Timestamp;
  last_used_at: Timestamp | null;
}

export interface SessionTable {
  id: Generated<number>;
  /** SHA-256 of the cookie's token; the token itself is never stored. */
  token_hash: string;
  user_id: number;
  csrf_token: string;
  mfa_pending: Flag;
  /** `{purpose, challenge, expiresAt}` of a WebAuthn ceremony under way. */
  webauthn_challenge: ColumnType<Json | null, Json | null | undefined, Json | null>;
  created_at: Timestamp;
  last_seen_at: Timestamp;
  ip: string;
  user_agent: string;
}

export interface MetaTable {
  key: string;
  value: string;
}

/** A backwatch process on this database, alive while its heartbeat is recent. */
export interface NodeTable {
  id: string;
  name: string;
  version: string;
  /** `{engine, smtp, http}`: what it serves. */
  runs: Json;
  started_at: Timestamp;
  heartbeat_at: Timestamp;
}

export interface LoginFailureTable {
  id: Generated<number>;
  /** A username from an address, or an address (see LoginThrottle). */
  key: string;
  at: Timestamp;
}

export interface LoginLockTable {
  key: string;
  until: Timestamp;
}

export interface Database {
  check_groups: CheckGroupTable;
  checks: CheckTable;
  check_labels: CheckLabelTable;
  messages: MessageTable;
  message_raws: MessageRawTable;
  message_attachments: MessageAttachmentTable;
  activities: ActivityTable;
  api_keys: ApiKeyTable;
  meta: MetaTable;
  channels: ChannelTable;
  check_channels: CheckChannelTable;
  group_channels: GroupChannelTable;
  settings: SettingTable;
  alert_events: AlertEventTable;
  deliveries: DeliveryTable;
  user_notifications: UserNotificationTable;
  push_subscriptions: PushSubscriptionTable;
  delivery_attempts: DeliveryAttemptTable;
  tickets: TicketTable;
  users: UserTable;
  recovery_codes: RecoveryCodeTable;
  webauthn_credentials: WebauthnCredentialTable;
  sessions: SessionTable;
  jobs: JobTable;
  job_logs: JobLogTable;
  comet_names: CometNameTable;
  job_routes: JobRouteTable;
  nodes: NodeTable;
  login_failures: LoginFailureTable;
  login_locks: LoginLockTable;
}

export type CheckRow = Selectable<CheckTable>;
export type NewCheckRow = Insertable<CheckTable>;
export type CheckRowUpdate = Updateable<CheckTable>;
export type MessageRow = Selectable<MessageTable>;
export type NewMessageRow = Insertable<MessageTable>;
export type ActivityRow = Selectable<ActivityTable>;
export type NewActivityRow = Insertable<ActivityTable>;
export type AttachmentRow = Selectable<MessageAttachmentTable>;
export type ApiKeyRow = Selectable<ApiKeyTable>;
export type ChannelRow = Selectable<ChannelTable>;
export type NewChannelRow = Insertable<ChannelTable>;
export type ChannelRowUpdate = Updateable<ChannelTable>;
export type UserRow = Selectable<UserTable>;
export type SessionRow = Selectable<SessionTable>;
export type WebauthnCredentialRow = Selectable<WebauthnCredentialTable>;
export type JobRow = Selectable<JobTable>;
export type NewJobRow = Insertable<JobTable>;
export type JobRowUpdate = Updateable<JobTable>;
