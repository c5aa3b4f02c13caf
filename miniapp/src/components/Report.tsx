// Presentational pieces of the report screens: props in, events out.
import type { ReportStatus, TrackedReport } from "../services/types";
import { formatBytes, formatDateTime } from "../services/format";
import type { PickedMedia } from "../services/reports";
import { Icon } from "./icons";

/** "Khẩn cấp gọi 113" before every report form: this channel is not for emergencies. */
export function ReportEmergency({ number, text, onCall }: { number: string; text: string; onCall: (number: string) => void }) {
  return (
    <section className="emergency" aria-label="Khẩn cấp" data-testid="report-emergency">
      <p className="emergency__text">
        <strong>Khẩn cấp gọi {number}</strong>
        <br />
        {text}
      </p>
      <a
        className="btn btn--emergency"
        href={`tel:${number}`}
        onClick={(event) => {
          event.preventDefault(); // through zalo.ts: the webview may not follow tel: links
          onCall(number);
        }}
      >
        <Icon name="phone" />
        <span>Gọi {number}</span>
      </a>
    </section>
  );
}

export interface AnonymityChoiceProps {
  anonymous: boolean;
  allowed: boolean;
  texts: { anonymous: string; named: string };
  onChange: (anonymous: boolean) => void;
}

/** The anonymous switch with, right under it, exactly who will see the citizen's identity (text from the API). */
export function AnonymityChoice({ anonymous, allowed, texts, onChange }: AnonymityChoiceProps) {
  return (
    <fieldset className="card anonymity">
      <legend className="field__label">Danh tính của bạn</legend>
      <label className="check">
        <input type="checkbox" name="anonymous" checked={anonymous} disabled={!allowed} onChange={(e) => onChange(e.target.checked)} />
        <span>Gửi ẩn danh</span>
      </label>
      {!allowed ? <p className="muted">Loại tin này không nhận gửi ẩn danh.</p> : null}
      <p className="anonymity__text" data-testid="anonymity-text" aria-live="polite">
        {anonymous ? texts.anonymous : texts.named}
      </p>
    </fieldset>
  );
}

export function MediaList({ items, onRemove }: { items: PickedMedia[]; onRemove?: (index: number) => void }) {
  if (items.length === 0) return null;
  return (
    <ul className="media-list" aria-label="Ảnh/video đã chọn">
      {items.map((item, index) => (
        <li key={`${item.name}-${index}`} className="media-list__item">
          <Icon name={item.mediaType === "video" ? "news" : "folder"} />
          <span className="media-list__name">
            {item.mediaType === "video" ? "Video" : "Ảnh"}: {item.name} ({formatBytes(item.size)})
          </span>
          {onRemove ? (
            <button type="button" className="btn btn--ghost btn--small" onClick={() => onRemove(index)} aria-label={`Bỏ ${item.name}`}>
              Bỏ
            </button>
          ) : null}
        </li>
      ))}
    </ul>
  );
}

const BADGE: Record<ReportStatus, string> = {
  received: "badge--info",
  verifying: "badge--info",
  accepted: "badge--info",
  processing: "badge--warn",
  suspended: "badge--muted",
  forwarded: "badge--info",
  resolved: "badge--ok",
  not_accepted: "badge--muted",
  not_competent: "badge--muted",
  rejected_false: "badge--bad",
  spam: "badge--muted",
};

/** What tracking shows: status and its plain meaning, dates, the steps, and the replies. Nothing else. */
export function ReportStatusView({ report }: { report: TrackedReport }) {
  return (
    <article className="card report-status" aria-labelledby="report-status-title">
      <p className="muted">
        {report.kind} · mã <strong>{report.code}</strong>
      </p>
      <h2 id="report-status-title" className="section__title">
        <span className={`badge ${BADGE[report.status]}`} data-testid="report-status">
          {report.status_label}
        </span>
      </h2>
      {report.outcome_label ? <p data-testid="report-outcome"><strong>{report.outcome_label}</strong></p> : null}
      <p>{report.status_meaning}</p>
      <dl className="report-dates">
        <dt>Tiếp nhận</dt>
        <dd>{formatDateTime(report.received_at)}</dd>
        {report.due_date ? (
          <>
            <dt>{report.due_date_label || "Hạn giải quyết"}</dt>
            <dd>{formatDateTime(report.due_date)}</dd>
          </>
        ) : null}
        {report.paused_since ? (
          <>
            <dt>Tạm dừng từ</dt>
            <dd>{formatDateTime(report.paused_since)}</dd>
          </>
        ) : null}
        {report.closed_at ? (
          <>
            <dt>Kết thúc</dt>
            <dd>{formatDateTime(report.closed_at)}</dd>
          </>
        ) : null}
      </dl>
      <section className="section" aria-labelledby="replies-title">
        <h3 id="replies-title" className="section__title">Trả lời của cơ quan Công an</h3>
        {report.replies.length === 0 ? (
          <p className="muted">Chưa có trả lời. Khi có, trả lời sẽ hiện ở đây.</p>
        ) : (
          <ul className="replies">
            {report.replies.map((reply, index) => (
              <li key={index} className="reply">
                <p className="muted">{formatDateTime(reply.at)}</p>
                <p>{reply.text}</p>
              </li>
            ))}
          </ul>
        )}
      </section>
      <section className="section" aria-labelledby="history-title">
        <h3 id="history-title" className="section__title">Các bước</h3>
        <ol className="timeline">
          {report.history.map((step, index) => (
            <li key={index} className={`timeline__item${index === report.history.length - 1 ? " timeline__item--latest" : ""}`}>
              <div className="timeline__head">
                <strong>{step.status_label}</strong>
                <span className="muted">{formatDateTime(step.at)}</span>
              </div>
            </li>
          ))}
        </ol>
      </section>
    </article>
  );
}
