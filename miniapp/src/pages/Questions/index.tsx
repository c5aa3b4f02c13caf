import { Page, useNavigate } from "zmp-ui";
import { AppHeader } from "../../components/AppHeader";
import { EmptyState, ErrorState, ListSkeleton } from "../../components/States";
import { paths } from "../../routes";
import { errorMessage } from "../../services/api";
import { formatDateTime } from "../../services/format";
import { useMyQuestions } from "../../services/queries/questions";

/** Câu hỏi của tôi: every conversation with the officers, the latest first, and the way to ask a new one. */
export default function MyQuestionsPage() {
  const navigate = useNavigate();
  const mine = useMyQuestions();
  return (
    <Page className="page">
      <AppHeader title="Hỏi cán bộ" onBack={() => navigate(-1)} />
      <main className="page__body">
        <p className="muted">
          Hỏi cán bộ về một thủ tục hoặc về hồ sơ của bạn. Cán bộ trả lời trong giờ hành chính; câu trả lời hiện ở đây và
          được gửi cho bạn qua Zalo.
        </p>
        <button type="button" className="btn btn--primary btn--block" onClick={() => navigate(paths.questionNew())}>
          Đặt câu hỏi mới
        </button>
        <h2 className="section__title">Câu hỏi của tôi</h2>
        {mine.isPending ? (
          <ListSkeleton count={3} label="Đang tải câu hỏi của bạn..." />
        ) : mine.isError ? (
          <ErrorState message={errorMessage(mine.error)} onRetry={() => void mine.refetch()} retrying={mine.isRefetching} />
        ) : mine.data.items.length === 0 ? (
          <EmptyState icon="chat" title="Bạn chưa hỏi câu nào">
            Câu hỏi bạn gửi và câu trả lời của cán bộ sẽ hiện ở đây.
          </EmptyState>
        ) : (
          <ul className="dossier-list" aria-label="Câu hỏi bạn đã gửi">
            {mine.data.items.map((item) => (
              <li key={item.id}>
                <button type="button" className="card link-card" onClick={() => navigate(paths.question(item.id))}>
                  <span>
                    <strong>{item.subject}</strong>
                    <br />
                    <span className={item.status === "answered" ? "status-answered" : "muted"}>{item.status_display}</span>
                    <span className="muted">
                      {" "}
                      · {item.unit.name} · {formatDateTime(item.last_message_at)}
                    </span>
                  </span>
                </button>
              </li>
            ))}
          </ul>
        )}
        {mine.hasNextPage ? (
          <button type="button" className="btn btn--outline btn--block" onClick={() => void mine.fetchNextPage()} disabled={mine.isFetchingNextPage}>
            {mine.isFetchingNextPage ? "Đang tải..." : "Xem thêm"}
          </button>
        ) : null}
      </main>
    </Page>
  );
}
