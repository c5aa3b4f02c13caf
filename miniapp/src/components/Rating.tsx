// Presentational pieces of the rating screens: three large faces, driver chips, the public figure.
import type { RatingLevel, UnitSatisfaction } from "../services/ratings";
import { LEVELS } from "../services/ratings";

export function FacePicker({ value, onPick, disabled }: { value: RatingLevel | null; onPick: (level: RatingLevel) => void; disabled?: boolean }) {
  return (
    <div className="faces" role="group" aria-label="Mức độ hài lòng">
      {LEVELS.map(({ level, label, face }) => (
        <button
          key={level}
          type="button"
          className={`face face--${level}${value === level ? " face--active" : ""}`}
          aria-pressed={value === level}
          disabled={disabled}
          onClick={() => onPick(level)}
        >
          <span className="face__icon" aria-hidden="true">
            {face}
          </span>
          <span className="face__label">{label}</span>
        </button>
      ))}
    </div>
  );
}

export function DriverChips({
  options,
  selected,
  onToggle,
  title,
}: {
  options: { code: string; label: string }[];
  selected: string[];
  onToggle: (code: string) => void;
  title: string;
}) {
  return (
    <fieldset className="drivers">
      <legend className="section__title">{title}</legend>
      <div className="chips">
        {options.map((option) => {
          const on = selected.includes(option.code);
          return (
            <button key={option.code} type="button" className={`chip${on ? " chip--active" : ""}`} aria-pressed={on} onClick={() => onToggle(option.code)}>
              {option.label}
            </button>
          );
        })}
      </div>
    </fieldset>
  );
}

/** "92% hài lòng · 140 đánh giá trong 90 ngày", or just the count when there are too few to say. */
export function satisfactionText(figure: UnitSatisfaction): string {
  if (!figure.count) return `Chưa có đánh giá trong ${figure.days} ngày qua.`;
  if (!figure.enough || figure.rate === null) return `${figure.count} đánh giá trong ${figure.days} ngày qua (chưa đủ để tính tỷ lệ).`;
  const rate = figure.rate.toLocaleString("vi-VN", { maximumFractionDigits: 1 });
  return `${rate}% hài lòng · ${figure.count} đánh giá trong ${figure.days} ngày qua`;
}

export function SatisfactionFigure({ figure, onSurvey }: { figure: UnitSatisfaction; onSurvey?: () => void }) {
  return (
    <section className="card satisfaction" aria-labelledby="satisfaction-title">
      <h2 id="satisfaction-title" className="section__title">Mức độ hài lòng</h2>
      <p className="satisfaction__figure">{satisfactionText(figure)}</p>
      <p className="muted">Tính trên đánh giá của người dân sau khi nhận kết quả hồ sơ.</p>
      {onSurvey ? (
        <button type="button" className="btn btn--outline btn--block" onClick={onSurvey}>
          Góp ý về đơn vị
        </button>
      ) : null}
    </section>
  );
}
