// Every query key of the Mini App, in one place: a page that changes cached data (setQueryData,
// invalidateQueries, removeQueries) names the same key the hook that fetched it used. Import the module as a
// namespace (`import * as queryKeys from "./keys"`): the bundle keeps only the keys a chunk uses.
import type { ArticleCategory, ProcedureListParams, UnitListParams } from "../types";

export const site = ["site"] as const;
export const units = (params: UnitListParams) => ["units", params] as const;
export const unit = (id: number) => ["unit", id] as const;
export const unitSatisfaction = (unitId: number) => ["unit-satisfaction", unitId] as const;

export const procedureFields = ["procedure-fields"] as const;
export const procedures = (params: ProcedureListParams) => ["procedures", params] as const;
export const procedure = (id: number) => ["procedure", id] as const;
export const faqs = (params: { search?: string; procedure?: number }) => ["faqs", params] as const;
export const articles = (params: { category?: ArticleCategory; pinned?: boolean }) => ["articles", params] as const;
export const newsCategories = ["news-categories"] as const;
export const article = (id: number) => ["article", id] as const;

export const privacy = ["privacy"] as const;
export const me = ["me"] as const;

/** Everything under "Hồ sơ của tôi" (lists and details): invalidated after a follow, removed on deletion. */
export const myDossiersAll = ["my-dossiers"] as const;
export const myDossiers = ["my-dossiers", "mine"] as const;
export const followedDossiers = ["my-dossiers", "followed"] as const;
export const myDossier = (id: number) => ["my-dossiers", "detail", id] as const;
export const ratingEligibility = (dossierId: number) => ["rating-eligibility", dossierId] as const;

export const reportForm = ["report-form"] as const;
export const reportAreas = ["report-areas"] as const;
/** Everything under "Tin báo, phản ánh của tôi": removed on deletion. */
export const myReportsAll = ["my-reports"] as const;
export const myReports = ["my-reports", "list"] as const;
export const myReport = (code: string) => ["my-reports", "detail", code] as const;
/** Where "Tra cứu tin này" leaves the secret for the tracking page: memory only, never a URL. `code` as typed
 * is cleaned by the caller (codeClean), so the two pages meet on one key. */
export const trackSecret = (cleanCode: string) => ["report-track-secret", cleanCode] as const;

/** Everything under "Câu hỏi của tôi": invalidated after asking or replying, removed on deletion. */
export const myQuestionsAll = ["my-questions"] as const;
export const myQuestions = ["my-questions", "list"] as const;
export const myQuestion = (id: number) => ["my-questions", "detail", id] as const;
