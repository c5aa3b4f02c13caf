// The one helper behind every paged list ({count, next, previous, results} answers).
import { keepPreviousData, useInfiniteQuery, type InfiniteData, type QueryKey } from "@tanstack/react-query";
import type { Paginated } from "../types";

export interface PagedListOptions<T> {
  queryKey: QueryKey;
  /** Fetch one page (1-based). */
  fetchPage: (page: number, signal: AbortSignal) => Promise<Paginated<T>>;
  enabled?: boolean;
  /** Keep the previous results on screen while a new search loads. */
  keepPrevious?: boolean;
  staleTime?: number;
  retry?: false;
}

export interface PagedItems<T> {
  /** The items of every page loaded so far, in order. */
  items: T[];
  /** How many there are in all (the server's `count`). */
  count: number;
}

function flatten<T>(data: InfiniteData<Paginated<T>, number>): PagedItems<T> {
  return { items: data.pages.flatMap((page) => page.results), count: data.pages[0]?.count ?? 0 };
}

/** `data` holds the items loaded so far and the total; `hasNextPage` / `fetchNextPage` load the next page. */
export function usePagedList<T>({ queryKey, fetchPage, enabled = true, keepPrevious = false, staleTime, retry }: PagedListOptions<T>) {
  return useInfiniteQuery({
    queryKey,
    queryFn: ({ pageParam, signal }) => fetchPage(pageParam, signal),
    initialPageParam: 1,
    getNextPageParam: (lastPage, _pages, lastPageParam) => (lastPage.next ? lastPageParam + 1 : undefined),
    select: flatten<T>,
    placeholderData: keepPrevious ? keepPreviousData : undefined,
    enabled,
    ...(staleTime === undefined ? {} : { staleTime }),
    ...(retry === undefined ? {} : { retry }),
  });
}
