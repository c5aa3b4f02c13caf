import { Icon } from "./icons";
import type { UnitPhone } from "../services/types";

export interface PhoneButtonProps {
  phone: UnitPhone;
  onCall: (number: string) => void;
  compact?: boolean;
}

export function PhoneButton({ phone, onCall, compact = false }: PhoneButtonProps) {
  const label = phone.label_display || "Điện thoại";
  return (
    <button
      type="button"
      className={`phone-btn${phone.label === "duong_day_nong" ? " phone-btn--hot" : ""}${compact ? " phone-btn--compact" : ""}`}
      onClick={() => onCall(phone.number)}
      data-number={phone.number}
    >
      <Icon name="phone" className="phone-btn__icon" />
      <span className="phone-btn__text">
        {/* The accessible name is the visible text with "Gọi" before it (WCAG 2.5.3: a voice-control user
            says what they see), not a separate aria-label. */}
        <span className="phone-btn__label">
          <span className="sr-only">Gọi </span>
          {label}
        </span>
        <span className="phone-btn__number">{phone.number}</span>
        {phone.note && !compact ? <span className="phone-btn__note">{phone.note}</span> : null}
      </span>
    </button>
  );
}
