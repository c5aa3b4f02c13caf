// Pages other than Home download on first visit, so the JS the home screen waits for stays small on slow mobile
// data (bench/miniapp.py, npm run check:size). While a page downloads it shows a skeleton; when the download
// fails (no signal), an error with a retry instead of a blank screen or a crashed app.
import { Component, lazy, Suspense, useState, type ComponentType, type ReactNode } from "react";
import { ErrorState, PageSkeleton } from "./components/States";

type PageModule = { default: ComponentType };

interface BoundaryProps {
  onError: () => void;
  onRetry: () => void;
  children: ReactNode;
}

class ChunkErrorBoundary extends Component<BoundaryProps, { failed: boolean }> {
  state = { failed: false };

  static getDerivedStateFromError(): { failed: boolean } {
    return { failed: true };
  }

  componentDidCatch(): void {
    this.props.onError();
  }

  render() {
    if (!this.state.failed) return this.props.children;
    return (
      <div className="page">
        <main className="page__body">
          <ErrorState message="Không mở được trang này. Vui lòng kiểm tra kết nối mạng rồi thử lại." onRetry={this.props.onRetry} />
        </main>
      </div>
    );
  }
}

/**
 * A route element for a page loaded with import(). React.lazy keeps a failed import for good, so after a failure
 * the next render (a retry, or a later visit) uses a new lazy component from the same loader, which imports again.
 * `preload` starts the download without rendering anything.
 */
export function lazyRoute(load: () => Promise<PageModule>): { Page: ComponentType; preload: () => void } {
  let current = lazy(load);
  const renew = () => {
    current = lazy(load);
  };

  function LazyRoute() {
    const [attempt, setAttempt] = useState(0);
    const Loaded = current;
    return (
      <ChunkErrorBoundary key={attempt} onError={renew} onRetry={() => setAttempt((n) => n + 1)}>
        <Suspense fallback={<PageSkeleton />}>
          <Loaded />
        </Suspense>
      </ChunkErrorBoundary>
    );
  }
  return { Page: LazyRoute, preload: () => void load().catch(() => undefined) };
}
