// Typed functions, one per backend endpoint the Mini App uses.
import { request } from "./api";
import type {
  ArticleCategory,
  ArticleDetail,
  ArticleListItem,
  NewsCategory,
  Faq,
  Paginated,
  ProcedureDetail,
  ProcedureField,
  ProcedureListItem,
  ProcedureListParams,
  Site,
  UnitDetail,
  UnitKindListItem,
  UnitListItem,
  UnitListParams,
  UnitSatisfaction,
} from "./types";

export function getSite(signal?: AbortSignal): Promise<Site> {
  return request<Site>("site/", { signal });
}

export function listUnits(params: UnitListParams, signal?: AbortSignal): Promise<Paginated<UnitListItem>> {
  return request<Paginated<UnitListItem>>("units/", {
    signal,
    query: {
      search: params.search?.trim() || undefined,
      parent: params.parent,
      kind: params.kind,
      root: params.root ? "true" : undefined,
      page: params.page,
      page_size: params.page_size,
    },
  });
}

export function getUnit(id: number, signal?: AbortSignal): Promise<UnitDetail> {
  return request<UnitDetail>(`units/${id}/`, { signal });
}

/** The unit's public satisfaction figure (ratings of its dossiers over the last days). */
export function getUnitSatisfaction(unitId: number, signal?: AbortSignal): Promise<UnitSatisfaction> {
  return request<UnitSatisfaction>(`units/${unitId}/satisfaction/`, { signal });
}

export function listUnitKinds(signal?: AbortSignal): Promise<Paginated<UnitKindListItem>> {
  return request<Paginated<UnitKindListItem>>("unit-kinds/", { signal, query: { page_size: 100 } });
}

// --- Guides -------------------------------------------------------------------------------------

export function listProcedureFields(signal?: AbortSignal): Promise<ProcedureField[]> {
  return request<ProcedureField[]>("procedure-fields/", { signal });
}

export function listProcedures(params: ProcedureListParams, signal?: AbortSignal): Promise<Paginated<ProcedureListItem>> {
  return request<Paginated<ProcedureListItem>>("procedures/", {
    signal,
    query: { search: params.search?.trim() || undefined, field: params.field, page: params.page, page_size: params.page_size },
  });
}

export function getProcedure(id: number, signal?: AbortSignal): Promise<ProcedureDetail> {
  return request<ProcedureDetail>(`procedures/${id}/`, { signal });
}

export function sendProcedureFeedback(id: number, useful: boolean, reason: string): Promise<{ message: string }> {
  return request<{ message: string }>(`procedures/${id}/feedback/`, { method: "POST", body: { useful, reason } });
}

export function listFaqs(params: { search?: string; procedure?: number; page?: number }, signal?: AbortSignal): Promise<Paginated<Faq>> {
  return request<Paginated<Faq>>("faqs/", {
    signal,
    query: { search: params.search?.trim() || undefined, procedure: params.procedure, page: params.page, page_size: 20 },
  });
}

export function listArticles(params: { category?: ArticleCategory; pinned?: boolean; page?: number }, signal?: AbortSignal): Promise<Paginated<ArticleListItem>> {
  return request<Paginated<ArticleListItem>>("articles/", {
    signal,
    query: { category: params.category, pinned: params.pinned === undefined ? undefined : String(params.pinned), page: params.page },
  });
}

export function listNewsCategories(signal?: AbortSignal): Promise<NewsCategory[]> {
  return request<NewsCategory[]>("articles/categories/", { signal });
}

export function getArticle(id: number, signal?: AbortSignal): Promise<ArticleDetail> {
  return request<ArticleDetail>(`articles/${id}/`, { signal });
}
