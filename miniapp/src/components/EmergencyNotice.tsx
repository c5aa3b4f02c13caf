import { Icon } from "./icons";

export interface EmergencyNoticeProps {
  number: string;
  onCall: (number: string) => void;
}

/** Always-visible reminder that emergencies go to the phone line, not to this app. */
export function EmergencyNotice({ number, onCall }: EmergencyNoticeProps) {
  return (
    <section className="emergency" aria-label="Khẩn cấp">
      <p className="emergency__text">
        <strong>Khẩn cấp?</strong> Khi có nguy hiểm đến tính mạng, tài sản, hãy gọi ngay cho Cảnh sát.
      </p>
      <button type="button" className="btn btn--emergency" onClick={() => onCall(number)} data-testid="call-emergency">
        <Icon name="phone" />
        <span>Gọi {number}</span>
      </button>
    </section>
  );
}
