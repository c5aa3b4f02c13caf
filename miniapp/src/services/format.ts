// How the Mini App writes dates, numbers, sizes and phone numbers: one place, so every screen says them alike.
//
// One date format for citizens, everywhere in the Mini App: "02/12/2026" for a day, "18:04, 02/12/2026" for
// a moment (time first, as spoken: "18 giờ 04, ngày 02/12/2026"). Moments are shown in Vietnam time whatever
// the phone's time zone, so the app, the notifications and the officer's paper slip agree
// (backend/common/dates.py writes the same two formats).

const ZONE = "Asia/Ho_Chi_Minh";
const DAY_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;
// A wall-clock moment without a zone (what <input type="datetime-local"> gives): shown as typed.
const LOCAL = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::\d{2}(?:\.\d+)?)?$/;

const parts = new Intl.DateTimeFormat("en-GB", {
  timeZone: ZONE,
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
  hourCycle: "h23",
});

interface Fields {
  y: string;
  m: string;
  d: string;
  hh?: string;
  mm?: string;
}

function fields(iso: string): Fields | null {
  const day = DAY_ONLY.exec(iso);
  if (day) return { y: day[1] ?? "", m: day[2] ?? "", d: day[3] ?? "" };
  const local = LOCAL.exec(iso);
  if (local) return { y: local[1] ?? "", m: local[2] ?? "", d: local[3] ?? "", hh: local[4] ?? "", mm: local[5] ?? "" };
  const when = new Date(iso);
  if (Number.isNaN(when.getTime())) return null;
  const p: Record<string, string> = Object.fromEntries(parts.formatToParts(when).map((x) => [x.type, x.value]));
  return { y: p.year ?? "", m: p.month ?? "", d: p.day ?? "", hh: p.hour ?? "", mm: p.minute ?? "" };
}

/** "02/12/2026" (a day, or the Vietnam day of a moment); "" for nothing. */
export function formatDate(iso: string | null | undefined): string {
  const f = iso ? fields(iso) : null;
  return f ? `${f.d}/${f.m}/${f.y}` : "";
}

/** "18:04, 02/12/2026" (Vietnam time); a bare day gives just "02/12/2026". */
export function formatDateTime(iso: string | null | undefined): string {
  const f = iso ? fields(iso) : null;
  if (!f) return "";
  return f.hh === undefined ? `${f.d}/${f.m}/${f.y}` : `${f.hh}:${f.mm}, ${f.d}/${f.m}/${f.y}`;
}

// --- Numbers ---------------------------------------------------------------------------------------

/** "1.234.567" or "92,5" (Vietnamese separators); at most `fractionDigits` decimals. */
export function formatNumber(value: number, fractionDigits = 0): string {
  return value.toLocaleString("vi-VN", { maximumFractionDigits: fractionDigits });
}

/** "50.000 đồng". */
export function formatMoney(amount: number): string {
  return `${formatNumber(amount)} đồng`;
}

/** "12 MB", "300 KB" (never "0 KB"): the size limits of photos and videos. */
export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${Math.round(bytes / (1024 * 1024))} MB`;
  return `${Math.max(1, Math.round(bytes / 1024))} KB`;
}

// --- Phone numbers ---------------------------------------------------------------------------------

/** Dialable form: keeps digits and a leading +, drops spaces, dots and dashes. */
export function normalizePhone(raw: string): string {
  const trimmed = raw.trim();
  const digits = trimmed.replace(/[^\d]/g, "");
  return trimmed.startsWith("+") ? `+${digits}` : digits;
}
