import { Page, useNavigate, useParams } from "zmp-ui";
import { AppHeader } from "../../components/AppHeader";
import { EmptyState, ErrorState, ListSkeleton } from "../../components/States";
import { ApiError, errorMessage } from "../../services/api";
import { formatDate } from "../../services/format";
import { useArticle } from "../../services/queries/news";

export default function ArticlePage() {
  const navigate = useNavigate();
  const article = useArticle(Number(useParams().id));
  return (
    <Page className="page">
      <AppHeader title={article.data?.category_display ?? "Bài viết"} onBack={() => navigate(-1)} />
      <main className="page__body">
        {article.isPending ? (
          <ListSkeleton count={3} label="Đang tải bài viết..." />
        ) : article.error instanceof ApiError && article.error.status === 404 ? (
          <EmptyState icon="news" title="Bài viết không còn được đăng." />
        ) : article.isError ? (
          <ErrorState message={errorMessage(article.error)} onRetry={() => void article.refetch()} retrying={article.isFetching} />
        ) : (
          <article className="card article">
            <h1 className="article__title">{article.data.title}</h1>
            {article.data.published_at ? (
              <p className="muted">
                Đăng ngày <time dateTime={article.data.published_at}>{formatDate(article.data.published_at)}</time>
              </p>
            ) : null}
            {article.data.summary ? <p className="article__summary">{article.data.summary}</p> : null}
            {/* The backend keeps only p, lists, strong, em, links and headings (nh3): safe to render. */}
            <div className="article__body" dangerouslySetInnerHTML={{ __html: article.data.body }} />
          </article>
        )}
      </main>
    </Page>
  );
}
