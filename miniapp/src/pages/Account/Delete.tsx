import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Page, useNavigate } from "zmp-ui";
import { AppHeader } from "../../components/AppHeader";
import { ErrorState, ListSkeleton } from "../../components/States";
import { paths } from "../../routes";
import { errorMessage } from "../../services/api";
import { deleteAccount } from "../../services/privacy";
import { usePrivacy } from "../../services/queries/account";
import * as queryKeys from "../../services/queries/keys";
import type { AccountDeletion } from "../../services/types";

const DELETED = [
  "Tài khoản Zalo đã liên kết: mã người dùng, tên và ảnh đại diện Zalo.",
  "Số điện thoại đã xác minh.",
  "Danh sách hồ sơ bạn theo dõi; bạn không nhận thông báo nữa.",
  "Các thông báo đã gửi hoặc đang chờ gửi cho bạn.",
  "Các bản ghi sự đồng ý của bạn.",
  "Mọi phiên đăng nhập, trên mọi máy.",
];

/** Say what is deleted and what the law keeps, ask for a clear confirmation, then say what was done. */
export default function DeleteAccountPage() {
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const privacy = usePrivacy();
  const [understood, setUnderstood] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [result, setResult] = useState<AccountDeletion | null>(null);

  const confirmDelete = async () => {
    setBusy(true);
    setError(null);
    try {
      const done = await deleteAccount();
      // Nothing cached about the deleted account may be shown again (or re-fetched, which would sign in anew).
      queryClient.removeQueries({ queryKey: queryKeys.me });
      queryClient.removeQueries({ queryKey: queryKeys.myDossiersAll });
      queryClient.removeQueries({ queryKey: queryKeys.myReportsAll });
      queryClient.removeQueries({ queryKey: queryKeys.myQuestionsAll });
      setResult(done);
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  if (result) {
    return (
      <Page className="page">
        <AppHeader title="Đã xóa tài khoản" />
        <main className="page__body">
          <section className="card" role="status" aria-labelledby="done-title">
            <h2 id="done-title" className="section__title">{result.message}</h2>
            <h3 className="privacy-list__title">Đã xóa</h3>
            <ul>
              {result.deleted.map((line) => (
                <li key={line}>{line}</li>
              ))}
            </ul>
            <h3 className="privacy-list__title">Vẫn được giữ, và vì sao</h3>
            <ul>
              {result.kept.map((k) => (
                <li key={k.what}>
                  <strong>{k.what}</strong> {k.why}
                </li>
              ))}
            </ul>
            <p className="muted">Nếu bạn dùng lại các mục cần đăng nhập, Mini App sẽ tạo một tài khoản mới, trống.</p>
          </section>
          <button type="button" className="btn btn--primary btn--block" onClick={() => navigate(paths.home, { replace: true })}>
            Về trang chủ
          </button>
        </main>
      </Page>
    );
  }

  return (
    <Page className="page">
      <AppHeader title="Xóa tài khoản" onBack={() => navigate(-1)} />
      <main className="page__body">
        <section className="card" aria-labelledby="deleted-title">
          <h2 id="deleted-title" className="section__title">Những gì sẽ bị xóa ngay</h2>
          <ul>
            {DELETED.map((line) => (
              <li key={line}>{line}</li>
            ))}
          </ul>
        </section>
        <section className="card" aria-labelledby="kept-title">
          <h2 id="kept-title" className="section__title">Những gì pháp luật buộc giữ lại</h2>
          {privacy.isPending ? (
            <ListSkeleton count={2} label="Đang tải..." />
          ) : privacy.isError ? (
            <ErrorState message={errorMessage(privacy.error)} onRetry={() => void privacy.refetch()} retrying={privacy.isFetching} />
          ) : (
            <ul>
              {privacy.data.kept_on_delete.map((line) => (
                <li key={line}>{line}</li>
              ))}
            </ul>
          )}
        </section>
        <p className="muted">Bạn có thể bấm &quot;Tải dữ liệu của tôi&quot; trong mục Tài khoản để lưu một bản trước khi xóa.</p>
        <label className="check-row">
          <input type="checkbox" checked={understood} onChange={(e) => setUnderstood(e.target.checked)} />
          <span>Tôi đã đọc và muốn xóa tài khoản. Việc này không hoàn tác được.</span>
        </label>
        <button type="button" className="btn btn--primary btn--block" disabled={!understood || busy} onClick={() => void confirmDelete()}>
          {busy ? "Đang xóa..." : "Xóa tài khoản vĩnh viễn"}
        </button>
        <button type="button" className="btn btn--outline btn--block" onClick={() => navigate(-1)}>
          Giữ tài khoản
        </button>
        {error ? <p className="inline-error" role="alert">{error}</p> : null}
      </main>
    </Page>
  );
}
