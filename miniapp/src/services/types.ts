// DTOs mirroring the backend's /api/v1 contract (OpenAPI at /api/schema/).
// Keep field names exactly as the API sends them.

/** Every error response from our API has this shape. */
export interface ApiErrorBody {
  code: string;
  message: string;
  fields?: Record<string, string[]>;
}

export interface Paginated<T> {
  count: number;
  next: string | null;
  previous: string | null;
  results: T[];
}

export interface Site {
  name: string;
  short_name: string;
  province_unit_id: number | null;
  emergency_number: string;
  zalo_oa_id: string;
  zalo_oa_url: string;
  is_demo: boolean;
}

export interface UnitKind {
  code: string;
  name: string;
}

export interface UnitKindListItem extends UnitKind {
  order: number;
}

export type PhoneLabel = "truc_ban" | "duong_day_nong" | "tiep_dan" | "khac";

export interface UnitPhone {
  label: PhoneLabel;
  label_display: string;
  number: string;
  note: string;
}

export interface UnitListItem {
  id: number;
  code: string;
  name: string;
  kind: UnitKind;
  parent: number | null;
  depth: number;
  address: string;
  working_hours: string;
  phones: UnitPhone[];
  latitude: number | null;
  longitude: number | null;
  zalo_oa_url: string;
  children_count: number;
}

export interface UnitRef {
  id: number;
  name: string;
}

export interface UnitChild {
  id: number;
  code: string;
  name: string;
  kind: UnitKind;
}

export interface UnitDetail extends UnitListItem {
  ancestors: UnitRef[];
  children: UnitChild[];
}

export interface UnitListParams {
  search?: string;
  parent?: number;
  kind?: string;
  root?: boolean;
  page?: number;
  page_size?: number;
}

// --- Guides: procedures, handbook, news ------------------------------------------------------

export interface ProcedureField {
  id: number;
  name: string;
  procedure_count: number;
}

export type ProcedureLevel = "cap_trung_uong" | "cap_tinh" | "cap_xa";
export type Channel = "truc_tiep" | "truc_tuyen" | "buu_chinh";

export interface ProcedureListItem {
  id: number;
  code: string;
  full_code: string;
  name: string;
  field: { id: number; name: string };
  level: ProcedureLevel;
  level_display: string;
  online_level: string;
  online_level_display: string;
  summary: string;
}

export interface ProcedureStep {
  order: number;
  title: string;
  content: string;
  logic: "and" | "or";
  optional: boolean;
}

export interface CaseDocument {
  id: number;
  name: string;
  originals: number;
  copies: number;
  note: string;
  form_name: string;
  form_url: string;
  form_file_url: string;
}

export interface ProcedureCase {
  id: number;
  name: string;
  documents: CaseDocument[];
}

export interface ProcedureChannel {
  channel: Channel;
  channel_display: string;
  processing_time: string;
  processing_days: number | null;
  fee: string;
  fee_amount: number | null;
  /** The fee charged today: a reduction for a period is applied by the server, with its end date in `text`. */
  fee_in_force: FeeInForce;
  note: string;
}

export interface FeeInForce {
  amount: number | null;
  full_amount: number | null;
  reduction_percent: number | null;
  reduced_until: string | null;
  text: string;
}

export interface SubmitUnit {
  id: number;
  name: string;
  address: string;
  phones: UnitPhone[];
}

export interface ProcedureDetail extends ProcedureListItem {
  agency: string;
  portal_url: string;
  target: string;
  conditions: string;
  result: string;
  legal_basis: string[];
  source_url: string;
  retrieved_at: string | null;
  steps: ProcedureStep[];
  cases: ProcedureCase[];
  channels: ProcedureChannel[];
  units: SubmitUnit[];
}

export interface ProcedureListParams {
  search?: string;
  field?: number;
  page?: number;
  page_size?: number;
}

export interface Faq {
  id: number;
  question: string;
  answer: string;
  procedure: { id: number; code: string; name: string } | null;
}

export type ArticleCategory = "tin_tuc" | "canh_bao" | "thong_bao";

export interface ArticleListItem {
  id: number;
  title: string;
  summary: string;
  category: ArticleCategory;
  category_display: string;
  pinned: boolean;
  published_at: string | null;
  cover_url: string;
}

export interface ArticleDetail extends ArticleListItem {
  /** HTML sanitised by the backend (p, ul, ol, li, strong, em, a, h2, h3, blockquote, br). */
  body: string;
}

// --- Citizen session and account ---------------------------------------------------------------

export interface Consent {
  id: number;
  purpose: string;
  purpose_display: string;
  /** The act it covers, e.g. "Hồ sơ …" or "Tin báo …"; empty for account-wide consents. */
  subject: string;
  text_version: string;
  granted_at: string;
  withdrawn_at: string | null;
  withdrawable: boolean;
}

// --- Personal data (GET privacy, POST me/export, POST me/delete) ---------------------------------

export interface PrivacyCategory {
  code: string;
  name: string;
  data: string;
  purpose: string;
  basis: string;
  retention: string;
}

export interface PrivacyPurpose {
  purpose: string;
  title: string;
  text: string;
  version: string;
  withdrawable: boolean;
  on_withdraw: string;
}

export interface PrivacyNotice {
  law: string;
  controller: { name: string; address: string; contact: string };
  summary: string;
  categories: PrivacyCategory[];
  purposes: PrivacyPurpose[];
  rights: string[];
  kept_on_delete: string[];
}

export interface ExportLink {
  /** Absolute, signed, short-lived: opened in Zalo's webview without our token. */
  url: string;
  expires_in: number;
  filename: string;
}

export interface AccountDeletion {
  message: string;
  deleted: string[];
  kept: { what: string; why: string }[];
}

export interface Me {
  id: number;
  display_name: string;
  avatar_url: string;
  follows_oa: boolean;
  phone_masked: string;
  phone_verified_at: string | null;
  miniapp_notifications_allowed: boolean;
  consents: Consent[];
}

export interface Session {
  access_token: string;
  access_expires_in: number;
  refresh_token: string;
  citizen: Pick<Me, "id" | "display_name" | "avatar_url" | "follows_oa">;
}

// --- Dossiers ------------------------------------------------------------------------------------

export type DossierStatus = 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9 | 10;
export type DeadlineState = "overdue" | "due_soon" | "on_time" | "closed" | "no_date";

export interface Deadline {
  state: DeadlineState;
  label: string;
  working_days_left: number | null;
  working_days_overdue: number | null;
}

export interface DossierListItem {
  id: number;
  code: string;
  procedure_name: string;
  unit_name: string;
  status: DossierStatus;
  status_label: string;
  received_at: string;
  appointment_date: string | null;
  deadline: Deadline;
  following: boolean;
  updated_at: string;
  /** When the status was last confirmed (by the one-stop system's sync, or by an officer). */
  confirmed_at: string | null;
  confirmed_by: string;
}

export interface TimelineEntry {
  status: DossierStatus;
  status_label: string;
  occurred_at: string;
  note: string;
  by: string;
}

export type Delivery = "counter" | "post" | "electronic";

export interface DossierResult {
  id: number;
  code: string;
  status: DossierStatus;
  status_label: string;
  meaning: string;
  next_step: string;
  procedure: { id: number; code: string; name: string };
  unit: { id: number; name: string; address: string; working_hours: string; phones: UnitPhone[] };
  channel: Channel;
  channel_label: string;
  /** How the result reaches the citizen: at the counter, by post, or electronically (seen on VNeID). */
  delivery: Delivery;
  delivery_label: string;
  received_at: string;
  appointment_date: string | null;
  deadline: Deadline;
  finished_at: string | null;
  returned_at: string | null;
  reason: string;
  supplement_deadline: string | null;
  collect_location: string;
  collect_note: string;
  fee_due: number | null;
  applicant_name_masked: string;
  timeline: TimelineEntry[];
  following: boolean;
  updated_at: string;
  /** When the status was last confirmed (by the one-stop system's sync, or by an officer). */
  confirmed_at: string | null;
  confirmed_by: string;
  /** Only in a lookup answer: proof for following this dossier afterwards. */
  follow_token?: string;
}

export interface FollowResult {
  dossier_id: number;
  created_at: string;
}
