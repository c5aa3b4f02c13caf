// The app's names for the DTOs of /api/v1, derived from the types openapi-typescript generates from the
// committed schema snapshot (miniapp/openapi.json → src/api-schema.d.ts; `npm run types` regenerates both
// files' agreement, tests/test_miniapp_types.py fails when they drift from the backend). Never edit a
// field here: change the backend serializer, re-export the schema, regenerate.
import type { components } from "../api-schema";

type Schemas = components["schemas"];

/**
 * A response as the API sends it. DRF writes every declared field of an output serializer, but the schema
 * marks model fields that have a default as optional (true only for requests), so none is optional here.
 */
type Sent<T> = T extends readonly (infer U)[] ? Sent<U>[] : T extends object ? { -readonly [K in keyof T]-?: Sent<T[K]> } : T;

type Out<Name extends keyof Schemas> = Sent<Schemas[Name]>;

/** Every error response from our API has this shape (`fields` is absent from some, e.g. a proxy's 502). */
export type ApiErrorBody = Pick<Out<"Error">, "code" | "message"> & { fields?: Record<string, string[]> };

/** The one pagination envelope (every Paginated…List in the schema has it). */
export type Paginated<T> = Omit<Out<"PaginatedUnitListOutputList">, "results"> & { results: T[] };

export type Site = Out<"SiteOutput">;

// --- Units --------------------------------------------------------------------------------------

export type UnitKind = Out<"UnitKindBrief">;
export type UnitKindListItem = Out<"UnitKindOutput">;
export type PhoneLabel = Schemas["LabelEnum"];
export type UnitPhone = Out<"UnitPhoneOutput">;
export type UnitListItem = Out<"UnitListOutput">;
export type UnitRef = Out<"UnitRef">;
export type UnitChild = Out<"UnitChildOutput">;
export type UnitDetail = Out<"UnitDetailOutput">;

export interface UnitListParams {
  search?: string;
  parent?: number;
  kind?: string;
  root?: boolean;
  page?: number;
  page_size?: number;
}

// --- Guides: procedures, handbook, news ------------------------------------------------------

export type ProcedureField = Out<"FieldOutput">;
export type ProcedureLevel = Schemas["LevelEnum"];
export type Channel = Schemas["ChannelEnum"];
export type ProcedureListItem = Out<"ProcedureListOutput">;
export type ProcedureStep = Out<"StepOutput">;
export type CaseDocument = Out<"DocumentOutput">;
export type ProcedureCase = Out<"CaseOutput">;
/** `fee_in_force`: the fee charged today; a reduction for a period is applied by the server, its end date in `text`. */
export type ProcedureChannel = Out<"ChannelOutput">;
export type FeeInForce = Out<"FeeInForceOutput">;
export type SubmitUnit = Out<"SubmitUnitOutput">;
export type ProcedureDetail = Out<"ProcedureDetailOutput">;

export interface ProcedureListParams {
  search?: string;
  field?: number;
  page?: number;
  page_size?: number;
}

export type Faq = Out<"FaqOutput">;
/** A category's slug: the categories are data (GET articles/categories/), ordered by the editors. */
export type ArticleCategory = string;
export type NewsCategory = Out<"NewsCategoryOutput">;
export type ArticleListItem = Out<"ArticleListOutput">;
/** `body`: HTML sanitised by the backend (p, ul, ol, li, strong, em, a, h2, h3, blockquote, br). */
export type ArticleDetail = Out<"ArticleDetailOutput">;

// --- Citizen session, account and personal data --------------------------------------------------

/** `subject`: the act it covers, e.g. "Hồ sơ …" or "Tin báo …"; empty for account-wide consents. */
export type Consent = Out<"ConsentOutput">;
export type PrivacyCategory = Out<"CategoryOutput">;
export type PrivacyPurpose = Out<"PurposeOutput">;
export type PrivacyNotice = Out<"PrivacyNoticeOutput">;
/** `url`: absolute, signed, short-lived: opened in Zalo's webview without our token. */
export type ExportLink = Out<"ExportLinkOutput">;
export type AccountDeletion = Out<"DeletionOutput">;
export type Me = Out<"CitizenOutput">;
export type Session = Out<"SessionOutput">;

// --- Dossiers ------------------------------------------------------------------------------------

export type DossierStatus = Schemas["DossierStatusEnum"];
export type DeadlineState = Schemas["StateEnum"];
export type Deadline = Out<"DeadlineOutput">;
/** `confirmed_at`: when the status was last confirmed (by the one-stop system's sync, or by an officer). */
export type DossierListItem = Out<"DossierListOutput">;
/** The schema says integer (the timeline row's column); the values are the dossier statuses. */
export type TimelineEntry = Omit<Out<"TimelineOutput">, "status"> & { status: DossierStatus };
/** How the result reaches the citizen: at the counter, by post, or electronically (seen on VNeID). */
export type Delivery = Schemas["DeliveryEnum"];
/** A dossier as "my dossiers" shows it; a lookup answer adds `follow_token`, the proof for following it. */
export type DossierResult = Omit<Out<"DossierResultOutput">, "timeline"> & { timeline: TimelineEntry[]; follow_token?: string };
export type LookupResult = DossierResult & Pick<Out<"LookupResultOutput">, "follow_token">;
/** "Cập nhật trạng thái": how many of my dossiers were asked again upstream, how many came back and were stored. */
export type DossierRefreshResult = Out<"RefreshOutput">;
export type FollowResult = Out<"FollowOutput">;

// --- Ratings -------------------------------------------------------------------------------------

export type RatingLevel = Schemas["RatingLevelEnum"];
export type Driver = Schemas["DriversEnum"];
export type RatingEligibility = Out<"RatingEligibilityOutput">;
/** The schema says integer (the model column); the values are the three levels. */
export type RatingCreated = Omit<Out<"RatingOutput">, "level"> & { level: RatingLevel };
export type UnitSatisfaction = Out<"SatisfactionOutput">;
/** Proof that this citizen may rate: the lookup's follow token, or a dossier of their verified phone. */
export type RatingProof = { follow_token: string } | { dossier_id: number };
export type RatingInput = Required<Pick<Schemas["RatingInputRequest"], "level" | "drivers" | "reason" | "comment">>;

// --- Reports (tin báo, phản ánh) -----------------------------------------------------------------

export type ReportStatus = Schemas["ReportStatusEnum"];
export type ClockUnit = Schemas["ClockUnitEnum"];
/** `clock_text`: the whole clock in plain words ("Thời hạn: …"), empty when the kind has none. */
export type ReportKind = Out<"KindOutput">;
/** `kind_guide`: khiếu nại or tố cáo, which to choose, in two sentences. */
export type ReportForm = Out<"FormOutput">;
export type ReportArea = Out<"AreaOutput">;
/** `due_date_label`: "Hạn giải quyết", or "Hạn nhận giải quyết (thụ lý)" for tố cáo and khiếu nại. */
export type SubmittedReport = Out<"SubmittedOutput">;
/**
 * `outcome`: the law's outcome ("khong_khoi_to", "to_cao_dung"…), empty until there is one; `paused_since`:
 * suspended (tạm đình chỉ) since this date, the clock does not run. The schema leaves the shape of the
 * history and reply rows open (they are built in the serializer), so they are spelled out here.
 */
export type TrackedReport = Omit<Out<"TrackOutput">, "history" | "replies"> & {
  history: { status: ReportStatus; status_label: string; at: string }[];
  replies: { at: string; text: string }[];
};
export type MyReport = Out<"MyReportOutput">;

// --- "Hỏi cán bộ" -----------------------------------------------------------------------------------
export type QuestionListItem = Out<"QuestionOutput">;
export type QuestionThread = Out<"ThreadOutput">;
export type QuestionMessage = Out<"MessageOutput">;
