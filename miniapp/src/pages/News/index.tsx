import { useState } from "react";
import { Page, useNavigate } from "zmp-ui";
import { AppHeader } from "../../components/AppHeader";
import { ArticleList } from "../../components/ArticleList";
import { ErrorState, ListSkeleton } from "../../components/States";
import { paths } from "../../routes";
import { errorMessage } from "../../services/api";
import { useArticles } from "../../services/queries/news";
import type { ArticleCategory } from "../../services/types";

const TABS: { key: ArticleCategory | undefined; label: string }[] = [
  { key: undefined, label: "Tất cả" },
  { key: "canh_bao", label: "Cảnh báo lừa đảo" },
  { key: "tin_tuc", label: "Tin tức" },
  { key: "thong_bao", label: "Thông báo" },
];

export default function NewsPage() {
  const navigate = useNavigate();
  const [category, setCategory] = useState<ArticleCategory | undefined>(undefined);
  const articles = useArticles({ category });
  const items = articles.data?.items ?? [];
  return (
    <Page className="page">
      <AppHeader title="Tin tức và cảnh báo" onBack={() => navigate(-1)} />
      <main className="page__body">
        <nav className="chips" aria-label="Chuyên mục">
          {TABS.map((t) => (
            <button key={t.label} type="button" className={`chip${category === t.key ? " chip--active" : ""}`} aria-pressed={category === t.key} onClick={() => setCategory(t.key)}>
              {t.label}
            </button>
          ))}
        </nav>
        {articles.isPending ? (
          <ListSkeleton label="Đang tải tin..." />
        ) : articles.isError ? (
          <ErrorState message={errorMessage(articles.error)} onRetry={() => void articles.refetch()} retrying={articles.isFetching} />
        ) : (
          <ArticleList articles={items} emptyTitle="Chưa có bài viết trong mục này." onOpen={(id) => navigate(paths.article(id))} />
        )}
      </main>
    </Page>
  );
}
