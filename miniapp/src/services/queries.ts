// TanStack Query hooks: caching, retries and stale-while-revalidate for server state.
import { QueryClient, keepPreviousData, useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { ApiError } from "./api";
import {
  getArticle,
  getProcedure,
  getSite,
  getUnit,
  listArticles,
  listFaqs,
  listProcedureFields,
  listProcedures,
  listUnits,
} from "./endpoints";
import type { ArticleCategory, ProcedureListParams, UnitListParams } from "./types";

export const UNIT_PAGE_SIZE = 20;

export function shouldRetry(failureCount: number, error: unknown): boolean {
  // Client errors (404, 400...) will not fix themselves; flaky mobile data might.
  if (error instanceof ApiError && !error.isTransient) return false;
  return failureCount < 2;
}

export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 5 * 60_000, // contacts change rarely
        gcTime: 30 * 60_000,
        retry: shouldRetry,
        retryDelay: (attempt) => Math.min(1000 * 2 ** attempt, 8000),
        refetchOnWindowFocus: false,
      },
    },
  });
}

export const queryKeys = {
  site: ["site"] as const,
  units: (params: UnitListParams) => ["units", params] as const,
  unit: (id: number) => ["unit", id] as const,
};

export function useSite() {
  return useQuery({ queryKey: queryKeys.site, queryFn: ({ signal }) => getSite(signal), staleTime: 60 * 60_000 });
}

/** A paged unit list with "load more"; previous results stay on screen while a new search loads. */
export function useUnitList(params: UnitListParams, enabled = true) {
  return useInfiniteQuery({
    queryKey: queryKeys.units(params),
    queryFn: ({ pageParam, signal }) => listUnits({ ...params, page: pageParam, page_size: UNIT_PAGE_SIZE }, signal),
    initialPageParam: 1,
    getNextPageParam: (lastPage, _pages, lastPageParam) => (lastPage.next ? lastPageParam + 1 : undefined),
    placeholderData: keepPreviousData,
    enabled,
  });
}

export function useUnit(id: number) {
  return useQuery({ queryKey: queryKeys.unit(id), queryFn: ({ signal }) => getUnit(id, signal), enabled: Number.isFinite(id) });
}

// --- Guides -------------------------------------------------------------------------------------

export const PROCEDURE_PAGE_SIZE = 20;

export function useProcedureFields() {
  return useQuery({ queryKey: ["procedure-fields"], queryFn: ({ signal }) => listProcedureFields(signal) });
}

export function useProcedureList(params: ProcedureListParams, enabled = true) {
  return useInfiniteQuery({
    queryKey: ["procedures", params],
    queryFn: ({ pageParam, signal }) => listProcedures({ ...params, page: pageParam, page_size: PROCEDURE_PAGE_SIZE }, signal),
    initialPageParam: 1,
    getNextPageParam: (lastPage, _pages, lastPageParam) => (lastPage.next ? lastPageParam + 1 : undefined),
    placeholderData: keepPreviousData,
    enabled,
  });
}

export function useProcedure(id: number) {
  return useQuery({ queryKey: ["procedure", id], queryFn: ({ signal }) => getProcedure(id, signal), enabled: Number.isFinite(id) });
}

export function useFaqs(params: { search?: string; procedure?: number }) {
  return useInfiniteQuery({
    queryKey: ["faqs", params],
    queryFn: ({ pageParam, signal }) => listFaqs({ ...params, page: pageParam }, signal),
    initialPageParam: 1,
    getNextPageParam: (lastPage, _pages, lastPageParam) => (lastPage.next ? lastPageParam + 1 : undefined),
    placeholderData: keepPreviousData,
  });
}

export function useArticles(params: { category?: ArticleCategory; pinned?: boolean }) {
  return useInfiniteQuery({
    queryKey: ["articles", params],
    queryFn: ({ pageParam, signal }) => listArticles({ ...params, page: pageParam }, signal),
    initialPageParam: 1,
    getNextPageParam: (lastPage, _pages, lastPageParam) => (lastPage.next ? lastPageParam + 1 : undefined),
  });
}

export function useArticle(id: number) {
  return useQuery({ queryKey: ["article", id], queryFn: ({ signal }) => getArticle(id, signal), enabled: Number.isFinite(id) });
}
