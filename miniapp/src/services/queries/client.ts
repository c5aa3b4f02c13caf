// The one QueryClient: caching, retries and stale-while-revalidate for server state.
import { QueryClient } from "@tanstack/react-query";
import { ApiError } from "../api";

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
