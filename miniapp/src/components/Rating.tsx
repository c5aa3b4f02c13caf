// Presentational pieces of the rating screens: three large faces and the driver chips.
import type { Driver, RatingLevel } from "../services/types";
import { LEVELS } from "../services/ratings";

// Drawn, not emoji: older phones and webviews lack the emoji font and show empty boxes.
const MOUTHS: Record<RatingLevel, string> = { 3: "M7 14 Q12 20 17 14", 2: "M8 15 Q12 17.5 16 15", 1: "M8 17 Q12 13 16 17" };
const FACE_COLOURS: Record<RatingLevel, string> = { 3: "#15803d", 2: "#0e7490", 1: "#b91c1c" };

export function Face({ level }: { level: RatingLevel }) {
  const colour = FACE_COLOURS[level];
  return (
    <svg viewBox="0 0 24 24" width="48" height="48" aria-hidden="true" focusable="false">
      <circle cx="12" cy="12" r="10.5" fill="none" stroke={colour} strokeWidth="1.6" />
      <circle cx="8.5" cy="9.5" r="1.3" fill={colour} />
      <circle cx="15.5" cy="9.5" r="1.3" fill={colour} />
      <path d={MOUTHS[level]} fill="none" stroke={colour} strokeWidth="1.6" strokeLinecap="round" />
    </svg>
  );
}

export function FacePicker({ value, onPick, disabled }: { value: RatingLevel | null; onPick: (level: RatingLevel) => void; disabled?: boolean }) {
  return (
    <div className="faces" role="group" aria-label="Mức độ hài lòng">
      {LEVELS.map(({ level, label }) => (
        <button
          key={level}
          type="button"
          className={`face face--${level}${value === level ? " face--active" : ""}`}
          aria-pressed={value === level}
          disabled={disabled}
          onClick={() => onPick(level)}
        >
          <Face level={level} />
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
  options: { code: Driver; label: string }[];
  selected: Driver[];
  onToggle: (code: Driver) => void;
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
