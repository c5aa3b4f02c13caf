import type { ReactNode } from "react";
import { UnitCard } from "./UnitCard";
import { EmptyState, ErrorState, ListSkeleton } from "./States";
import type { UnitListItem } from "../services/types";

export interface UnitListProps {
  units: UnitListItem[];
  total: number;
  loading: boolean;
  error: string | null;
  refreshing?: boolean;
  hasMore: boolean;
  loadingMore: boolean;
  emptyTitle: string;
  emptyBody?: ReactNode;
  onRetry: () => void;
  onLoadMore: () => void;
  onOpen: (id: number) => void;
  onCall: (number: string) => void;
}

/** A unit list with its loading, error, empty and "load more" states; data comes in as props. */
export function UnitList(props: UnitListProps) {
  const { units, total, loading, error, refreshing = false, hasMore, loadingMore, emptyTitle, emptyBody } = props;
  if (loading && units.length === 0) return <ListSkeleton label="Đang tải danh sách đơn vị..." />;
  if (error && units.length === 0) return <ErrorState message={error} onRetry={props.onRetry} retrying={refreshing} />;
  if (units.length === 0) {
    return (
      <EmptyState icon="building" title={emptyTitle}>
        {emptyBody}
      </EmptyState>
    );
  }
  return (
    <div className={refreshing ? "unit-list unit-list--refreshing" : "unit-list"} aria-busy={refreshing}>
      <p className="unit-list__count" aria-live="polite">
        {total} đơn vị
      </p>
      <ul className="unit-list__items">
        {units.map((unit) => (
          <UnitCard key={unit.id} unit={unit} onOpen={props.onOpen} onCall={props.onCall} />
        ))}
      </ul>
      {error ? (
        <ErrorState message={error} onRetry={props.onRetry} retrying={refreshing} />
      ) : hasMore ? (
        <button type="button" className="btn btn--outline btn--block" onClick={props.onLoadMore} disabled={loadingMore}>
          {loadingMore ? "Đang tải thêm..." : "Xem thêm đơn vị"}
        </button>
      ) : null}
    </div>
  );
}
