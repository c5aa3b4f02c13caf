import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Page, useNavigate } from "zmp-ui";
import { AppHeader } from "../../components/AppHeader";
import { ErrorState, ListSkeleton } from "../../components/States";
import { paths } from "../../routes";
import { errorMessage } from "../../services/api";
import { formatDateTime } from "../../services/dates";
import { allowNotifications, disallowNotifications, getMe, withdrawPhone } from "../../services/session";


/** What we store about the citizen, their consents, and how to withdraw them. */
export default function AccountPage() {
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const me = useQuery({ queryKey: ["me"], queryFn: getMe, staleTime: 0 });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const toggleNotifications = async (allow: boolean) => {
    setBusy(true);
    setError(null);
    try {
      queryClient.setQueryData(["me"], await (allow ? allowNotifications() : disallowNotifications()));
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  const withdraw = async () => {
    if (!window.confirm("Xoá số điện thoại đã xác minh? Bạn sẽ không còn xem được \"Hồ sơ của tôi\" và nhận thông báo theo số điện thoại.")) return;
    setBusy(true);
    setError(null);
    try {
      queryClient.setQueryData(["me"], await withdrawPhone());
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Page className="page">
      <AppHeader title="Tài khoản" onBack={() => navigate(-1)} />
      <main className="page__body">
        {me.isPending ? (
          <ListSkeleton count={2} label="Đang đăng nhập bằng Zalo..." />
        ) : me.isError ? (
          <ErrorState message={errorMessage(me.error)} onRetry={() => void me.refetch()} retrying={me.isFetching} />
        ) : (
          <>
            <section className="card" aria-labelledby="who-title">
              <h2 id="who-title" className="section__title">Thông tin hệ thống lưu về bạn</h2>
              <dl className="facts">
                <dt>Tên Zalo</dt>
                <dd>{me.data.display_name || "—"}</dd>
                <dt>Số điện thoại</dt>
                <dd>{me.data.phone_masked ? `${me.data.phone_masked} (đã xác minh qua Zalo)` : "Chưa chia sẻ"}</dd>
                <dt>Quan tâm OA</dt>
                <dd>{me.data.follows_oa ? "Có" : "Chưa"}</dd>
                <dt>Thông báo qua Mini App</dt>
                <dd>{me.data.miniapp_notifications_allowed ? "Cho phép" : "Chưa cho phép"}</dd>
              </dl>
              <p className="muted">Số điện thoại được mã hoá; cán bộ và tin nhắn chỉ hiển thị 3 số cuối.</p>
            </section>
            {me.data.phone_masked ? (
              <button type="button" className="btn btn--outline" disabled={busy} onClick={() => void withdraw()}>
                {busy ? "Đang xoá..." : "Rút lại đồng ý và xoá số điện thoại"}
              </button>
            ) : (
              <button type="button" className="btn btn--primary" onClick={() => navigate(paths.phoneConsent)}>
                Xác minh số điện thoại
              </button>
            )}
            <button type="button" className="btn btn--outline" disabled={busy} onClick={() => void toggleNotifications(!me.data.miniapp_notifications_allowed)}>
              {me.data.miniapp_notifications_allowed ? "Tắt thông báo qua Mini App" : "Cho phép nhận thông báo về hồ sơ qua Zalo"}
            </button>
            {error ? <p className="inline-error" role="alert">{error}</p> : null}
            <section className="section" aria-labelledby="consent-title">
              <h2 id="consent-title" className="section__title">Sự đồng ý của bạn</h2>
              {me.data.consents.length === 0 ? (
                <p className="muted">Bạn chưa đồng ý cho hệ thống xử lý dữ liệu nào ngoài tên Zalo.</p>
              ) : (
                <ul className="card consent-list">
                  {me.data.consents.map((c) => (
                    <li key={`${c.purpose}-${c.granted_at}`}>
                      <strong>{c.purpose_display}</strong>
                      <p className="muted">
                        Đồng ý lúc {formatDateTime(c.granted_at)}
                        {c.withdrawn_at ? ` · đã rút lại lúc ${formatDateTime(c.withdrawn_at)}` : " · đang có hiệu lực"}
                      </p>
                    </li>
                  ))}
                </ul>
              )}
            </section>
          </>
        )}
      </main>
    </Page>
  );
}
