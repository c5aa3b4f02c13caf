import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Page, useNavigate } from "zmp-ui";
import { AppHeader } from "../../components/AppHeader";
import { errorMessage } from "../../services/api";
import * as queryKeys from "../../services/queries/keys";
import { verifyPhone } from "../../services/session";

/** Zalo's review rule: explain why before asking for the phone number, and ask only after a tap. */
export default function PhoneConsentPage() {
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [state, setState] = useState<"idle" | "busy" | "declined">("idle");
  const [error, setError] = useState<string | null>(null);

  const agree = async () => {
    setState("busy");
    setError(null);
    try {
      const me = await verifyPhone();
      if (me === null) {
        setState("declined");
        return;
      }
      queryClient.setQueryData(queryKeys.me, me);
      navigate(-1);
    } catch (err) {
      setError(errorMessage(err));
      setState("idle");
    }
  };

  return (
    <Page className="page">
      <AppHeader title="Xác minh số điện thoại" onBack={() => navigate(-1)} />
      <main className="page__body">
        <section className="card">
          <h2 className="section__title">Vì sao cần số điện thoại của bạn?</h2>
          <ul>
            <li>Tự tìm các hồ sơ bạn đã nộp ("Hồ sơ của tôi"), không cần nhập mã hồ sơ.</li>
            <li>Nhận thông báo khi hồ sơ có kết quả hoặc cần bổ sung giấy tờ.</li>
          </ul>
          <p>
            Số điện thoại lấy từ tài khoản Zalo của bạn, được <strong>mã hóa</strong> khi lưu và chỉ dùng cho hai việc trên.
            Bạn có thể rút lại bất cứ lúc nào trong mục Tài khoản; khi đó số điện thoại bị xóa.
          </p>
        </section>
        <button type="button" className="btn btn--primary" disabled={state === "busy"} onClick={() => void agree()}>
          {state === "busy" ? "Đang xác minh..." : "Đồng ý và chia sẻ số điện thoại"}
        </button>
        <button type="button" className="btn btn--outline" onClick={() => navigate(-1)}>
          Để sau
        </button>
        {state === "declined" ? <p className="muted" role="status">Bạn chưa chia sẻ số điện thoại. Bạn vẫn tra cứu hồ sơ bằng mã được.</p> : null}
        {error ? <p className="inline-error" role="alert">{error}</p> : null}
      </main>
    </Page>
  );
}
