import { useParams } from "react-router-dom";
import { Page, useNavigate } from "zmp-ui";
import { AppHeader } from "../../components/AppHeader";
import { ReportStatusView } from "../../components/Report";
import { formatDateTime } from "../../services/format";
import { EmptyState, ErrorState, ListSkeleton } from "../../components/States";
import { paths } from "../../routes";
import { errorMessage } from "../../services/api";
import { useMyReport, useMyReports } from "../../services/queries/reports";

/** Tin báo, phản ánh của tôi: reports sent under my name (anonymous ones keep no link to me, so they are not here). */
export default function MyReportsPage() {
  const navigate = useNavigate();
  const mine = useMyReports();
  return (
    <Page className="page">
      <AppHeader title="Tin báo, phản ánh của tôi" onBack={() => navigate(-1)} />
      <main className="page__body">
        {mine.isPending ? (
          <ListSkeleton count={3} label="Đang tải các tin của bạn..." />
        ) : mine.isError ? (
          <ErrorState message={errorMessage(mine.error)} onRetry={() => void mine.refetch()} retrying={mine.isRefetching} />
        ) : mine.data.items.length === 0 ? (
          <EmptyState icon="folder" title="Bạn chưa gửi tin nào kèm danh tính">
            Tin gửi ẩn danh không gắn với tài khoản nên không hiện ở đây: hãy tra cứu bằng mã theo dõi và mã bí mật.
          </EmptyState>
        ) : (
          <ul className="dossier-list" aria-label="Tin bạn đã gửi">
            {mine.data.items.map((item) => (
              <li key={item.code}>
                <button type="button" className="card link-card" onClick={() => navigate(paths.myReport(item.code))}>
                  <span>
                    <strong>{item.kind}</strong> · {item.code}
                    <br />
                    <span className="muted">
                      {item.status_label} · gửi {formatDateTime(item.received_at)}
                    </span>
                  </span>
                </button>
              </li>
            ))}
          </ul>
        )}
        <button type="button" className="btn btn--outline btn--block" onClick={() => navigate(paths.reportTrack)}>
          Tra cứu bằng mã theo dõi
        </button>
      </main>
    </Page>
  );
}

export function MyReportPage() {
  const navigate = useNavigate();
  const { code = "" } = useParams();
  const report = useMyReport(code);
  return (
    <Page className="page">
      <AppHeader title={`Tin ${code}`} onBack={() => navigate(-1)} />
      <main className="page__body">
        {report.isPending ? (
          <ListSkeleton count={2} label="Đang tải..." />
        ) : report.isError ? (
          <ErrorState message={errorMessage(report.error)} onRetry={() => void report.refetch()} retrying={report.isRefetching} />
        ) : (
          <ReportStatusView report={report.data} />
        )}
      </main>
    </Page>
  );
}
