// Presentational pieces of the procedure guides: props in, events out.
import { useState } from "react";
import { Icon } from "./icons";
import type { CaseDocument, ProcedureCase, ProcedureChannel, ProcedureListItem, ProcedureStep } from "../services/types";

export function ProcedureCard({ procedure, onOpen }: { procedure: ProcedureListItem; onOpen: (id: number) => void }) {
  return (
    <li className="unit-card" data-procedure-code={procedure.code}>
      <button type="button" className="unit-card__main" onClick={() => onOpen(procedure.id)}>
        <span className="unit-card__text">
          <span className="unit-card__name">{procedure.name}</span>
          <span className="unit-card__kind">
            {procedure.field.name} · {procedure.level_display}
          </span>
          {procedure.summary ? <span className="unit-card__address">{procedure.summary}</span> : null}
        </span>
        <Icon name="chevron" className="unit-card__chevron" />
      </button>
    </li>
  );
}

function copiesText(doc: CaseDocument): string {
  const parts = [];
  if (doc.originals) parts.push(`${doc.originals} bản chính`);
  if (doc.copies) parts.push(`${doc.copies} bản sao`);
  return parts.join(", ");
}

export interface CasePickerProps {
  cases: ProcedureCase[];
  selected: number | null;
  onSelect: (caseId: number) => void;
}

export function CasePicker({ cases, selected, onSelect }: CasePickerProps) {
  return (
    <fieldset className="choice-list">
      <legend className="section__title">Trường hợp của bạn</legend>
      {cases.map((c) => (
        <label key={c.id} className={`choice${selected === c.id ? " choice--selected" : ""}`}>
          <input type="radio" name="case" value={c.id} checked={selected === c.id} onChange={() => onSelect(c.id)} />
          <span>{c.name}</span>
        </label>
      ))}
    </fieldset>
  );
}

export interface ChecklistProps {
  documents: CaseDocument[];
  isTicked: (documentId: number) => boolean;
  onToggle: (documentId: number) => void;
  onOpenForm: (url: string, title: string) => void;
}

export function DocumentChecklist({ documents, isTicked, onToggle, onOpenForm }: ChecklistProps) {
  const done = documents.filter((d) => isTicked(d.id)).length;
  return (
    <div className="card checklist" data-testid="checklist">
      <p className="checklist__progress" aria-live="polite">
        Đã chuẩn bị {done}/{documents.length} giấy tờ
      </p>
      <ul className="checklist__items">
        {documents.map((doc) => (
          <li key={doc.id} className="checklist__item">
            <label className="checklist__label">
              <input type="checkbox" checked={isTicked(doc.id)} onChange={() => onToggle(doc.id)} />
              <span>
                <span className="checklist__name">{doc.name}</span>
                {copiesText(doc) ? <span className="muted"> — {copiesText(doc)}</span> : null}
                {doc.note ? <span className="checklist__note muted">{doc.note}</span> : null}
              </span>
            </label>
            {doc.form_url || doc.form_file_url ? (
              <button type="button" className="btn btn--outline btn--small" onClick={() => onOpenForm(doc.form_file_url || doc.form_url, doc.form_name || doc.name)}>
                Tải {doc.form_name || "mẫu"}
              </button>
            ) : doc.form_name ? (
              <span className="muted checklist__note">{doc.form_name.startsWith("Mẫu") ? doc.form_name : `Mẫu: ${doc.form_name}`}</span>
            ) : null}
          </li>
        ))}
      </ul>
    </div>
  );
}

export function ChannelTable({ channels }: { channels: ProcedureChannel[] }) {
  return (
    <ul className="card channel-list">
      {channels.map((c) => (
        <li key={c.channel} className="channel">
          <strong>{c.channel_display}</strong>
          <span>Thời hạn: {c.processing_time || "—"}</span>
          <span>Phí, lệ phí: {c.fee_in_force.text || (c.fee_in_force.amount === 0 ? "Miễn phí" : "—")}</span>
          {c.note ? <span className="muted">{c.note}</span> : null}
        </li>
      ))}
    </ul>
  );
}

export function StepList({ steps }: { steps: ProcedureStep[] }) {
  return (
    <ol className="card step-list">
      {steps.map((step) => (
        <li key={step.order} className="step">
          <strong>
            {step.title}
            {step.optional ? <span className="muted"> (không bắt buộc)</span> : null}
          </strong>
          {step.content ? <p className="pre-line">{step.content}</p> : null}
        </li>
      ))}
    </ol>
  );
}

export interface UsefulWidgetProps {
  state: "idle" | "sending" | "sent" | "error";
  message?: string;
  onAnswer: (useful: boolean, reason: string) => void;
}

export function UsefulWidget({ state, message, onAnswer }: UsefulWidgetProps) {
  const [askReason, setAskReason] = useState(false);
  const [reason, setReason] = useState("");
  if (state === "sent") return <p className="card useful useful--done" role="status">{message || "Cảm ơn bạn đã góp ý!"}</p>;
  return (
    <section className="card useful" aria-labelledby="useful-title">
      <h2 id="useful-title" className="section__title">Trang này có hữu ích không?</h2>
      {askReason ? (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            onAnswer(false, reason);
          }}
        >
          <label htmlFor="useful-reason">Điều gì chưa rõ? (không bắt buộc)</label>
          <textarea id="useful-reason" className="textarea" maxLength={500} value={reason} onChange={(e) => setReason(e.target.value)} />
          <button type="submit" className="btn btn--primary" disabled={state === "sending"}>
            Gửi góp ý
          </button>
        </form>
      ) : (
        <div className="useful__buttons">
          <button type="button" className="btn btn--outline" disabled={state === "sending"} onClick={() => onAnswer(true, "")}>
            Có
          </button>
          <button type="button" className="btn btn--outline" disabled={state === "sending"} onClick={() => setAskReason(true)}>
            Không
          </button>
        </div>
      )}
      {state === "error" ? <p className="inline-error" role="alert">{message}</p> : null}
    </section>
  );
}
