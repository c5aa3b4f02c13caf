// Presentational pieces of the dossier pages: status badge, deadline, timeline, the full result.
import { useRef, useState, type ReactNode, type TouchEvent } from "react";
import { formatDate, formatDateTime, formatMoney } from "../services/format";
import type { Deadline, DossierListItem, DossierResult, DossierStatus } from "../services/types";
import { Icon } from "./icons";
import { PhoneButton } from "./PhoneButton";

type Tone = "info" | "warn" | "ok" | "bad" | "muted";

const STATUS_TONE: Record<DossierStatus, Tone> = {
  1: "info",
  2: "info",
  3: "bad",
  4: "info",
  5: "warn",
  6: "warn",
  7: "muted",
  8: "bad",
  9: "ok",
  10: "muted",
};

export function StatusBadge({ status, label }: { status: DossierStatus; label: string }) {
  return <span className={`badge badge--${STATUS_TONE[status] ?? "info"}`}>{label}</span>;
}

/** "Còn 3 ngày làm việc", "Quá hẹn 2 ngày làm việc", "Hôm nay là ngày hẹn trả"… */
export function deadlineText(deadline: Deadline): string {
  switch (deadline.state) {
    case "overdue":
      return deadline.working_days_overdue
        ? `Đã quá ngày hẹn ${deadline.working_days_overdue} ngày làm việc`
        : "Đã quá ngày hẹn";
    case "due_soon":
    case "on_time":
      return deadline.working_days_left === 0 ? "Hôm nay là ngày hẹn trả" : `Còn ${deadline.working_days_left} ngày làm việc`;
    case "closed":
      return "Hồ sơ đã kết thúc";
    default:
      return "Chưa có ngày hẹn trả";
  }
}

export function DeadlineBadge({ deadline }: { deadline: Deadline }) {
  if (deadline.state === "closed" || deadline.state === "no_date") return null;
  const tone: Tone = deadline.state === "overdue" ? "bad" : deadline.state === "due_soon" ? "warn" : "ok";
  return <span className={`badge badge--${tone}`}>{deadlineText(deadline)}</span>;
}

export function Timeline({ entries }: { entries: DossierResult["timeline"] }) {
  // Newest first: the citizen wants to know what happened last.
  const ordered = [...entries].reverse();
  return (
    <ol className="timeline" aria-label="Diễn biến hồ sơ">
      {ordered.map((entry, i) => (
        <li key={`${entry.occurred_at}-${i}`} className={`timeline__item${i === 0 ? " timeline__item--latest" : ""}`}>
          <div className="timeline__head">
            <strong>{entry.status_label}</strong>
            <time dateTime={entry.occurred_at} className="muted">{formatDateTime(entry.occurred_at)}</time>
          </div>
          {entry.note ? <p className="timeline__note">{entry.note}</p> : null}
          <p className="muted timeline__by">{entry.by}</p>
        </li>
      ))}
    </ol>
  );
}

export interface DossierViewProps {
  dossier: DossierResult;
  onCall: (number: string) => void;
  onOpenProcedure: (id: number) => void;
  followSlot: ReactNode;
}

export function DossierView({ dossier, onCall, onOpenProcedure, followSlot }: DossierViewProps) {
  const appointment = formatDate(dossier.appointment_date);
  return (
    <>
      <section className="card dossier-status" aria-labelledby="status-title">
        <p className="muted">Hồ sơ {dossier.code}</p>
        <h2 id="status-title" className="dossier-status__label">
          <StatusBadge status={dossier.status} label={dossier.status_label} />
        </h2>
        <p>{dossier.meaning}</p>
        {appointment ? (
          <p className={`dossier-deadline dossier-deadline--${dossier.deadline.state}`}>
            <Icon name="clock" /> Ngày hẹn trả: <strong>{appointment}</strong>
            {dossier.deadline.state !== "closed" ? <> · {deadlineText(dossier.deadline)}</> : null}
          </p>
        ) : null}
        <p className="muted dossier-confirmed">
          {dossier.confirmed_by} xác nhận trạng thái lúc {formatDateTime(dossier.confirmed_at ?? dossier.updated_at)}
        </p>
      </section>
      <section className="card next-step" aria-labelledby="next-title">
        <h2 id="next-title" className="section__title">Việc bạn cần làm</h2>
        <p>{dossier.next_step}</p>
      </section>
      {followSlot}
      <section className="section" aria-labelledby="timeline-title">
        <h2 id="timeline-title" className="section__title">Diễn biến</h2>
        <Timeline entries={dossier.timeline} />
      </section>
      <section className="card" aria-labelledby="about-title">
        <h2 id="about-title" className="section__title">Thông tin hồ sơ</h2>
        <dl className="facts">
          <dt>Thủ tục</dt>
          <dd>
            <button type="button" className="link-btn" onClick={() => onOpenProcedure(dossier.procedure.id)}>
              {dossier.procedure.name}
            </button>
          </dd>
          <dt>Người nộp</dt>
          <dd>{dossier.applicant_name_masked || "—"}</dd>
          <dt>Cách nộp</dt>
          <dd>{dossier.channel_label}</dd>
          <dt>Cách nhận kết quả</dt>
          <dd>{dossier.delivery_label}</dd>
          <dt>Ngày tiếp nhận</dt>
          <dd>{formatDateTime(dossier.received_at)}</dd>
          {dossier.fee_due !== null ? (
            <>
              <dt>Phí, lệ phí</dt>
              <dd>{formatMoney(dossier.fee_due)}</dd>
            </>
          ) : null}
          {dossier.collect_location && dossier.delivery === "counter" ? (
            <>
              <dt>Nơi nhận kết quả</dt>
              <dd>
                {dossier.collect_location}
                {dossier.collect_note ? ` (${dossier.collect_note})` : ""}
              </dd>
            </>
          ) : null}
        </dl>
      </section>
      <section className="card" aria-labelledby="unit-title">
        <h2 id="unit-title" className="section__title">Đơn vị giải quyết</h2>
        <p>
          <strong>{dossier.unit.name}</strong>
        </p>
        {dossier.unit.address ? <p className="muted">{dossier.unit.address}</p> : null}
        {dossier.unit.working_hours ? <p className="muted pre-line">{dossier.unit.working_hours}</p> : null}
        <div className="phone-list">
          {dossier.unit.phones.map((phone) => (
            <PhoneButton key={`${phone.label}-${phone.number}`} phone={phone} onCall={onCall} />
          ))}
        </div>
      </section>
    </>
  );
}

export function DossierCard({ item, onOpen }: { item: DossierListItem; onOpen: (id: number) => void }) {
  return (
    <li>
      {/* Named by what it shows (WCAG 2.5.3), "Hồ sơ <code> …", not by a shorter aria-label. */}
      <button type="button" className="dossier-card" onClick={() => onOpen(item.id)}>
        <span className="dossier-card__head">
          <span className="dossier-card__code">
            <span className="sr-only">Hồ sơ </span>
            {item.code}
          </span>
          {item.following ? <span className="muted">Đang theo dõi</span> : null}
        </span>
        <span className="dossier-card__name">{item.procedure_name}</span>
        <span className="dossier-card__badges">
          <StatusBadge status={item.status} label={item.status_label} />
          <DeadlineBadge deadline={item.deadline} />
        </span>
        <span className="muted">
          {item.unit_name}
          {item.appointment_date ? ` · hẹn trả ${formatDate(item.appointment_date)}` : ""}
        </span>
      </button>
    </li>
  );
}

/** Pull down at the top of the list to refresh (a visible button does the same for everyone). */
export function PullToRefresh({ onRefresh, refreshing, children }: { onRefresh: () => void; refreshing: boolean; children: ReactNode }) {
  const start = useRef<number | null>(null);
  const [pull, setPull] = useState(0);
  const onTouchStart = (e: TouchEvent) => {
    start.current = window.scrollY <= 0 ? (e.touches[0]?.clientY ?? null) : null;
  };
  const onTouchMove = (e: TouchEvent) => {
    const y = e.touches[0]?.clientY;
    if (start.current !== null && y !== undefined) setPull(Math.max(0, Math.min(100, y - start.current)));
  };
  const onTouchEnd = () => {
    if (pull > 70 && !refreshing) onRefresh();
    start.current = null;
    setPull(0);
  };
  return (
    <div onTouchStart={onTouchStart} onTouchMove={onTouchMove} onTouchEnd={onTouchEnd}>
      <div className="pull-hint" style={{ height: refreshing ? 32 : pull / 2 }} aria-hidden={!refreshing && pull === 0}>
        {refreshing ? "Đang làm mới..." : pull > 70 ? "Thả tay để làm mới" : pull > 0 ? "Kéo xuống để làm mới" : ""}
      </div>
      {children}
    </div>
  );
}
