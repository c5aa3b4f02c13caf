// The consent the citizen gives by the action next to it (recorded by the server with this text's version).
import { usePurposeText } from "../hooks";

export function ConsentNote({ purpose }: { purpose: "follow" | "rating" | "report" | "notifications" | "phone" }) {
  const text = usePurposeText(purpose);
  return text ? <p className="muted consent-note">{text}</p> : null;
}
