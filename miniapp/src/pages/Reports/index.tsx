import { Page, useNavigate } from "zmp-ui";
import { AppHeader } from "../../components/AppHeader";
import { Icon } from "../../components/icons";
import { ReportEmergency } from "../../components/Report";
import { ErrorState, ListSkeleton } from "../../components/States";
import { useDeviceActions } from "../../hooks";
import { paths } from "../../routes";
import { errorMessage } from "../../services/api";
import { useReportForm } from "../../services/queries/reports";
import { clockText } from "../../services/reports";

/** Gửi tin báo, phản ánh: the 113 notice first, then the kinds to choose from. */
export default function ReportsPage() {
  const navigate = useNavigate();
  const { call } = useDeviceActions();
  const form = useReportForm();
  const number = form.data?.emergency.number ?? "113";

  return (
    <Page className="page">
      <AppHeader title="Tin báo, phản ánh" onBack={() => navigate(-1)} />
      <main className="page__body">
        <ReportEmergency number={number} text={form.data?.emergency.text ?? `Không dùng cho trường hợp khẩn cấp — gọi ${number}.`} onCall={call} />
        {form.isPending ? (
          <ListSkeleton count={4} label="Đang tải các loại tin..." />
        ) : form.isError ? (
          <ErrorState message={errorMessage(form.error)} onRetry={() => void form.refetch()} retrying={form.isRefetching} />
        ) : (
          <section className="section" aria-labelledby="kinds-title">
            <h2 id="kinds-title" className="section__title">Bạn muốn gửi gì?</h2>
            {form.data.kind_guide ? <p className="muted" data-testid="kind-guide">{form.data.kind_guide}</p> : null}
            {form.data.kinds.map((kind) => (
              <button key={kind.code} type="button" className="card link-card" onClick={() => navigate(paths.reportNew(kind.code))} data-kind={kind.code}>
                <Icon name={kind.code === "to-giac-toi-pham" ? "shield" : kind.code === "vi-pham-giao-thong" ? "alert" : kind.legal_track === "denunciation" || kind.legal_track === "complaint" ? "folder" : "chat"} />
                <span>
                  <strong>{kind.name}</strong>
                  <span className="muted"> — {kind.description}</span>
                  {clockText(kind) ? <span className="muted"> {clockText(kind)}.</span> : null}
                </span>
              </button>
            ))}
          </section>
        )}
        <button type="button" className="card link-card" onClick={() => navigate(paths.reportTrack)}>
          <Icon name="search" />
          <span>
            <strong>Tra cứu tin đã gửi</strong>
            <span className="muted"> — bằng mã theo dõi và mã bí mật</span>
          </span>
        </button>
        <button type="button" className="card link-card" onClick={() => navigate(paths.myReports)}>
          <Icon name="folder" />
          <span>
            <strong>Tin báo, phản ánh của tôi</strong>
            <span className="muted"> — các tin bạn gửi kèm danh tính</span>
          </span>
        </button>
      </main>
    </Page>
  );
}
