import { useState } from "react";
import { DriverChips, Face, FacePicker } from "./Rating";
import { errorMessage } from "../services/api";
import { driversFor } from "../services/ratings";
import type { Driver, RatingInput, RatingLevel } from "../services/types";

export interface RatingFormProps {
  /** A dossier rating needs a reason for "Không hài lòng"; the anonymous survey does not. */
  askReason: boolean;
  onSubmit: (input: RatingInput) => Promise<string>;
  onDone: (message: string) => void;
}

/** One tap on a face first, then (optional) what mattered, then (optional) a few words. */
export function RatingForm({ askReason, onSubmit, onDone }: RatingFormProps) {
  const [level, setLevel] = useState<RatingLevel | null>(null);
  const [drivers, setDrivers] = useState<Driver[]>([]);
  const [reason, setReason] = useState("");
  const [comment, setComment] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const needsReason = askReason && level === 1;

  const pick = (next: RatingLevel) => {
    if ((next === 1) !== (level === 1)) setDrivers([]); // the chip lists differ
    setLevel(next);
    setError(null);
  };
  const toggle = (code: Driver) => setDrivers((old) => (old.includes(code) ? old.filter((c) => c !== code) : [...old, code]));

  const submit = async () => {
    if (level === null) return;
    if (needsReason && !reason.trim()) {
      setError("Vui lòng cho biết lý do bạn không hài lòng để đơn vị kiểm tra và trả lời.");
      return;
    }
    setBusy(true);
    setError(null);
    try {
      onDone(await onSubmit({ level, drivers, reason: needsReason ? reason.trim() : "", comment: comment.trim() }));
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form
      className="rating-form"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <FacePicker value={level} onPick={pick} disabled={busy} />
      {level !== null ? (
        <>
          <DriverChips
            title={level === 1 ? "Điều gì chưa tốt? (không bắt buộc)" : "Điều gì bạn hài lòng? (không bắt buộc)"}
            options={driversFor(level)}
            selected={drivers}
            onToggle={toggle}
          />
          {needsReason ? (
            <>
              <label htmlFor="rating-reason">Lý do không hài lòng (bắt buộc)</label>
              <textarea id="rating-reason" value={reason} maxLength={1000} onChange={(e) => setReason(e.target.value)} aria-required="true" />
            </>
          ) : null}
          <label htmlFor="rating-comment">Góp ý thêm (không bắt buộc)</label>
          <textarea id="rating-comment" value={comment} maxLength={2000} onChange={(e) => setComment(e.target.value)} />
          {error ? (
            <p className="inline-error" role="alert">
              {error}
            </p>
          ) : null}
          <button type="submit" className="btn btn--primary btn--block" disabled={busy} style={{ marginTop: "1rem" }}>
            {busy ? "Đang gửi..." : "Gửi đánh giá"}
          </button>
        </>
      ) : (
        <p className="muted">Hãy chọn một mức đánh giá ở trên.</p>
      )}
    </form>
  );
}

export function ThankYou({ message, onBack, backLabel }: { message: string; onBack: () => void; backLabel: string }) {
  return (
    <section className="card thanks" aria-live="polite">
      <p className="thanks__icon">
        <Face level={3} />
      </p>
      <h2 className="section__title">Cảm ơn bạn!</h2>
      <p>{message}</p>
      <button type="button" className="btn btn--outline btn--block" onClick={onBack}>
        {backLabel}
      </button>
    </section>
  );
}
