import { ArticleList } from "./ArticleList";
import type { ArticleListItem } from "../services/types";

export interface NewsStripProps {
  articles: ArticleListItem[];
  loading: boolean;
  onOpen: (id: number) => void;
  onMore: () => void;
}

/** Pinned fraud alerts and notices on the home page. */
export function NewsStrip({ articles, loading, onOpen, onMore }: NewsStripProps) {
  return (
    <section className="section" aria-labelledby="news-title">
      <h2 id="news-title" className="section__title">Tin tức và cảnh báo</h2>
      {loading ? (
        <p className="muted" role="status">Đang tải tin...</p>
      ) : (
        <ArticleList articles={articles.slice(0, 3)} emptyTitle="Chưa có cảnh báo mới." onOpen={onOpen} />
      )}
      <button type="button" className="btn btn--outline" onClick={onMore}>
        Xem tất cả tin tức, cảnh báo
      </button>
    </section>
  );
}
