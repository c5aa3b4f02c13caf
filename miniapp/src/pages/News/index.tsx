import { useState } from "react";
import { Page, useNavigate } from "zmp-ui";
import { AppHeader } from "../../components/AppHeader";
import { ArticleList } from "../../components/ArticleList";
import { ErrorState, ListSkeleton } from "../../components/States";
import { paths } from "../../routes";
import { errorMessage } from "../../services/api";
import { useArticles, useNewsCategories } from "../../services/queries/news";
import type { ArticleCategory } from "../../services/types";

export default function NewsPage() {
  const navigate = useNavigate();
  const [category, setCategory] = useState<ArticleCategory | undefined>(undefined);
  const articles = useArticles({ category });
  const items = articles.data?.items ?? [];
  // The categories come from the server in the editors' order; until they arrive (or if they fail) "Tất cả" alone.
  const categories = useNewsCategories();
  const tabs: { key: ArticleCategory | undefined; label: string }[] = [
    { key: undefined, label: "Tất cả" },
    ...(categories.data ?? []).map((c) => ({ key: c.slug, label: c.name })),
  ];
  return (
    <Page className="page">
      <AppHeader title="Tin tức và cảnh báo" onBack={() => navigate(-1)} />
      <main className="page__body">
        <nav className="chips" aria-label="Chuyên mục">
          {tabs.map((t) => (
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
