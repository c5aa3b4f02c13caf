import type { ReactNode } from "react";
import { UnitList } from "../components/UnitList";
import { errorMessage } from "../services/api";
import { useUnitList } from "../services/queries/units";
import type { UnitListParams } from "../services/types";

export interface ConnectedUnitListProps {
  params: UnitListParams;
  emptyTitle: string;
  emptyBody?: ReactNode;
  onOpen: (id: number) => void;
  onCall: (number: string) => void;
}

/** Binds one unit-list query to the presentational UnitList. */
export function ConnectedUnitList({ params, emptyTitle, emptyBody, onOpen, onCall }: ConnectedUnitListProps) {
  const query = useUnitList(params);
  const error = query.isError ? errorMessage(query.error) : null;
  return (
    <UnitList
      units={query.data?.items ?? []}
      total={query.data?.count ?? 0}
      loading={query.isPending}
      error={error}
      refreshing={query.isFetching && !query.isFetchingNextPage && !query.isPending}
      hasMore={query.hasNextPage}
      loadingMore={query.isFetchingNextPage}
      emptyTitle={emptyTitle}
      emptyBody={emptyBody}
      onRetry={() => void (query.isFetchNextPageError ? query.fetchNextPage() : query.refetch())}
      onLoadMore={() => void query.fetchNextPage()}
      onOpen={onOpen}
      onCall={onCall}
    />
  );
}
