import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useNavigate } from "zmp-ui";
import { MediaList } from "../../components/Report";
import { paths } from "../../routes";
import { formatDateTime } from "../../services/format";
import { codeClean } from "../../services/codes";
import * as queryKeys from "../../services/queries/keys";
import type { ReportDraft } from "../../services/reports";
import type { ReportForm, SubmittedReport } from "../../services/types";

function placeText(draft: ReportDraft): string {
  switch (draft.place.type) {
    case "location":
      return "Vị trí hiện tại (lấy từ Zalo)";
    case "area":
      return draft.place.area.name;
    case "address":
      return draft.place.address;
    default:
      return "Không nêu";
  }
}

export interface ReviewProps {
  draft: ReportDraft;
  config: ReportForm;
  busy: boolean;
  error?: string;
  onEdit: () => void;
  onSend: () => void;
}

/** Everything that will be sent, and who will see the identity, before the citizen commits. */
export function ReportReview({ draft, config, busy, error, onEdit, onSend }: ReviewProps) {
  return (
    <section className="card report-review" aria-labelledby="review-title">
      <h2 id="review-title" className="section__title">Kiểm tra lại trước khi gửi</h2>
      <dl className="report-dates">
        <dt>Loại tin</dt>
        <dd>{draft.kind.name}</dd>
        <dt>Nội dung</dt>
        <dd className="pre-wrap">{draft.description.trim()}</dd>
        {draft.occurredAt ? (
          <>
            <dt>Thời gian</dt>
            <dd>{formatDateTime(draft.occurredAt)}</dd>
          </>
        ) : null}
        {draft.kind.asks_location ? (
          <>
            <dt>Nơi xảy ra</dt>
            <dd>{placeText(draft)}</dd>
          </>
        ) : null}
        {draft.vehiclePlate.trim() ? (
          <>
            <dt>Biển số</dt>
            <dd>{draft.vehiclePlate.trim().toUpperCase()}</dd>
          </>
        ) : null}
        <dt>Danh tính</dt>
        <dd>{draft.anonymous ? "Ẩn danh" : [draft.contactName.trim(), draft.contactPhone.trim()].filter(Boolean).join(" · ") || "Tài khoản Zalo của bạn"}</dd>
      </dl>
      <MediaList items={draft.media} />
      <p className="anonymity__text">{draft.anonymous ? config.anonymity.anonymous : config.anonymity.named}</p>
      {error ? <p className="inline-error" role="alert">{error}</p> : null}
      <button type="button" className="btn btn--primary btn--block" onClick={onSend} disabled={busy}>
        {busy ? "Đang gửi..." : "Gửi tin"}
      </button>
      <button type="button" className="btn btn--outline btn--block" onClick={onEdit} disabled={busy}>
        Sửa lại
      </button>
    </section>
  );
}

/** The code and the secret, shown once, with a copy button: without them an anonymous sender cannot follow up. */
export function ReportSuccess({ submitted }: { submitted: SubmittedReport }) {
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [copied, setCopied] = useState<"ok" | "failed" | null>(null);
  const both = `Mã theo dõi: ${submitted.code}\nMã bí mật: ${submitted.secret}`;
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(both);
      setCopied("ok");
    } catch {
      setCopied("failed");
    }
  };
  return (
    <section className="card report-success" aria-labelledby="success-title">
      <h2 id="success-title" className="section__title">Đã gửi. Cảm ơn bạn!</h2>
      <p>
        {submitted.kind} đã được tiếp nhận{submitted.due_date ? `; ${(submitted.due_date_label || "Hạn giải quyết").toLowerCase()} ${submitted.due_date.split("-").reverse().join("/")}` : ""}.
        Hãy lưu hai mã dưới đây để xem trạng thái và trả lời{submitted.is_anonymous ? " — tin ẩn danh chỉ xem được bằng hai mã này" : ""}.
      </p>
      <dl className="report-codes">
        <dt>Mã theo dõi</dt>
        <dd data-testid="report-code">{submitted.code}</dd>
        <dt>Mã bí mật</dt>
        <dd data-testid="report-secret">{submitted.secret}</dd>
      </dl>
      <button type="button" className="btn btn--primary btn--block" onClick={() => void copy()}>
        Sao chép mã
      </button>
      {copied === "ok" ? <p role="status">Đã sao chép mã theo dõi và mã bí mật.</p> : null}
      {copied === "failed" ? <p role="status">Không sao chép được; hãy chụp màn hình hoặc ghi lại hai mã.</p> : null}
      <p className="muted">Mã bí mật chỉ hiện một lần. Không chia sẻ cho người khác.</p>
      <button type="button" className="btn btn--outline btn--block" onClick={() => {
          // The secret goes along in memory (the query cache), never in the URL or a log.
          queryClient.setQueryData(queryKeys.trackSecret(codeClean(submitted.code)), submitted.secret);
          navigate(`${paths.reportTrack}?code=${encodeURIComponent(submitted.code)}`);
        }}>
        Tra cứu tin này
      </button>
    </section>
  );
}
