// Loading, empty and error states shared by every page.
import type { ReactNode } from "react";
import { Icon, type IconName } from "./icons";

export function Skeleton({ lines = 3 }: { lines?: number }) {
  return (
    <div className="skeleton-card" aria-hidden="true">
      {Array.from({ length: lines }, (_, i) => (
        <div key={i} className="skeleton-line" style={{ width: `${90 - i * 18}%` }} />
      ))}
    </div>
  );
}

export function ListSkeleton({ count = 4, label = "Đang tải..." }: { count?: number; label?: string }) {
  return (
    <div role="status" aria-live="polite" aria-busy="true" className="list-skeleton">
      <span className="sr-only">{label}</span>
      {Array.from({ length: count }, (_, i) => (
        <Skeleton key={i} />
      ))}
    </div>
  );
}

export function EmptyState({ icon = "news", title, children }: { icon?: IconName; title: string; children?: ReactNode }) {
  return (
    <div className="empty-state" role="status">
      <Icon name={icon} className="empty-state__icon" />
      <p className="empty-state__title">{title}</p>
      {children ? <div className="empty-state__body">{children}</div> : null}
    </div>
  );
}

export function ErrorState({ message, onRetry, retrying = false }: { message: string; onRetry: () => void; retrying?: boolean }) {
  return (
    <div className="error-state" role="alert">
      <Icon name="alert" className="error-state__icon" />
      <p className="error-state__message">{message}</p>
      <button type="button" className="btn btn--primary" onClick={onRetry} disabled={retrying}>
        <Icon name="retry" />
        <span>{retrying ? "Đang thử lại..." : "Thử lại"}</span>
      </button>
    </div>
  );
}

/** What a page that is still downloading shows: the red header bar and grey cards, never a blank screen. */
export function PageSkeleton() {
  return (
    <div className="page" role="status" aria-live="polite" aria-busy="true">
      <span className="sr-only">Đang mở trang...</span>
      <div className="app-header" aria-hidden="true">
        <div className="skeleton-line skeleton-line--light page-skeleton__title" />
      </div>
      <div className="page__body" aria-hidden="true">
        <Skeleton lines={2} />
        <Skeleton />
        <Skeleton />
      </div>
    </div>
  );
}
