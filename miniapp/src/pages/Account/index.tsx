import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Page, useNavigate } from "zmp-ui";
import { AppHeader } from "../../components/AppHeader";
import { ErrorState, ListSkeleton } from "../../components/States";
import { paths } from "../../routes";
import { errorMessage } from "../../services/api";
import { consentTitle, downloadMyData, withdrawConsent } from "../../services/privacy";
import { useMe, usePrivacy } from "../../services/queries/account";
import * as queryKeys from "../../services/queries/keys";
import { formatDateTime } from "../../services/format";
import { allowNotifications, disallowNotifications, withdrawPhone } from "../../services/session";
import type { Consent, Me } from "../../services/types";


/** What we store about the citizen, their consents, and how to withdraw them. */
export default function AccountPage() {
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const me = useMe();
  const privacy = usePrivacy();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [exportNote, setExportNote] = useState<string | null>(null);

  /** One action at a time; its answer (the new account data) replaces the cached one. */
  const act = async (action: () => Promise<Me | void>) => {
    setBusy(true);
    setError(null);
    try {
      const me = await action();
      if (me) queryClient.setQueryData(queryKeys.me, me);
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  const withdrawOne = (consent: Consent) => {
    if (!window.confirm(`Rút lại sự đồng ý: ${consentTitle(consent)}?`)) return;
    void act(() => withdrawConsent(consent.id));
  };

  const download = () =>
    void act(async () => {
      setExportNote(null);
      const link = await downloadMyData();
      setExportNote(`Đã mở tệp ${link.filename}. Liên kết chỉ dùng được trong ${Math.round(link.expires_in / 60)} phút; hãy lưu tệp lại.`);
    });

  const cannotWithdraw = (purpose: string) =>
    privacy.data?.purposes.find((p) => p.purpose === purpose)?.on_withdraw ?? "Sự đồng ý này không rút lại được.";

  const toggleNotifications = (allow: boolean) => act(() => (allow ? allowNotifications() : disallowNotifications()));

  const withdraw = async () => {
    if (!window.confirm("Xóa số điện thoại đã xác minh? Bạn sẽ không còn xem được \"Hồ sơ của tôi\" và nhận thông báo theo số điện thoại.")) return;
    await act(withdrawPhone);
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
                <dt>Theo dõi trang Zalo của Công an tỉnh</dt>
                <dd>{me.data.follows_oa ? "Có" : "Chưa"}</dd>
                <dt>Nhận thông báo về hồ sơ qua Zalo</dt>
                <dd>{me.data.miniapp_notifications_allowed ? "Cho phép" : "Chưa cho phép"}</dd>
              </dl>
              <p className="muted">Số điện thoại được mã hóa; cán bộ và tin nhắn chỉ hiển thị 3 số cuối.</p>
            </section>
            {me.data.phone_masked ? (
              <button type="button" className="btn btn--outline" disabled={busy} onClick={() => void withdraw()}>
                {busy ? "Đang xóa..." : "Rút lại đồng ý và xóa số điện thoại"}
              </button>
            ) : (
              <button type="button" className="btn btn--primary" onClick={() => navigate(paths.phoneConsent)}>
                Xác minh số điện thoại
              </button>
            )}
            <button type="button" className="btn btn--outline" disabled={busy} onClick={() => void toggleNotifications(!me.data.miniapp_notifications_allowed)}>
              {me.data.miniapp_notifications_allowed ? "Tắt thông báo về hồ sơ qua Zalo" : "Cho phép nhận thông báo về hồ sơ qua Zalo"}
            </button>
            {error ? <p className="inline-error" role="alert">{error}</p> : null}
            <section className="section" aria-labelledby="consent-title">
              <h2 id="consent-title" className="section__title">Sự đồng ý của bạn</h2>
              {me.data.consents.length === 0 ? (
                <p className="muted">Bạn chưa đồng ý cho hệ thống xử lý dữ liệu nào ngoài tên Zalo.</p>
              ) : (
                <ul className="card consent-list">
                  {me.data.consents.map((c) => (
                    <li key={c.id}>
                      <strong>{consentTitle(c)}</strong>
                      <p className="muted">
                        Đồng ý lúc {formatDateTime(c.granted_at)}
                        {c.withdrawn_at ? ` · đã rút lại lúc ${formatDateTime(c.withdrawn_at)}` : " · đang có hiệu lực"}
                      </p>
                      {c.withdrawn_at === null && c.withdrawable ? (
                        <button type="button" className="link-btn" disabled={busy} aria-label={`Rút lại: ${consentTitle(c)}`} onClick={() => withdrawOne(c)}>
                          Rút lại
                        </button>
                      ) : null}
                      {c.withdrawn_at === null && !c.withdrawable ? <p className="muted">{cannotWithdraw(c.purpose)}</p> : null}
                    </li>
                  ))}
                </ul>
              )}
            </section>
            <section className="section" aria-labelledby="data-title">
              <h2 id="data-title" className="section__title">Dữ liệu của bạn</h2>
              <p className="muted">
                {privacy.data ? `${privacy.data.controller.name} quản lý dữ liệu cá nhân của bạn theo ${privacy.data.law}.` : "Bạn có quyền xem, tải về và xóa dữ liệu của mình."}
              </p>
              <button type="button" className="btn btn--outline btn--block" disabled={busy} onClick={download}>
                Tải dữ liệu của tôi
              </button>
              {exportNote ? <p className="muted" role="status">{exportNote}</p> : null}
              <button type="button" className="btn btn--ghost btn--block" onClick={() => navigate(paths.privacy)}>
                Dữ liệu được dùng để làm gì, lưu bao lâu
              </button>
              <button type="button" className="btn btn--ghost btn--block" onClick={() => navigate(paths.accountDelete)}>
                Xóa tài khoản
              </button>
            </section>
          </>
        )}
      </main>
    </Page>
  );
}
