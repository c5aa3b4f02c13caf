// TanStack Query hooks: caching, retries and stale-while-revalidate for server state.
import { QueryClient, keepPreviousData, useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { ApiError } from "./api";
import { getSite, getUnit, listUnits } from "./endpoints";
import type { UnitListParams } from "./types";

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
