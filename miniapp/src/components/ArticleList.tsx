import { formatDate } from "../services/format";
import { EmptyState } from "./States";
import type { ArticleListItem } from "../services/types";

export function ArticleList({ articles, emptyTitle, onOpen }: { articles: ArticleListItem[]; emptyTitle: string; onOpen: (id: number) => void }) {
  if (articles.length === 0) return <EmptyState icon="news" title={emptyTitle} />;
  return (
    <ul className="unit-list">
      {articles.map((a) => (
        <li key={a.id} className={`unit-card${a.category_alert ? " unit-card--alert" : ""}`}>
          <button type="button" className="unit-card__main" onClick={() => onOpen(a.id)}>
            <span className="unit-card__text">
              <span className="unit-card__kind">
                {a.category_display}
                {a.published_at ? <span className="muted"> · {formatDate(a.published_at)}</span> : null}
              </span>
              <span className="unit-card__name">{a.title}</span>
              {a.summary ? <span className="unit-card__address">{a.summary}</span> : null}
            </span>
          </button>
        </li>
      ))}
    </ul>
  );
}
