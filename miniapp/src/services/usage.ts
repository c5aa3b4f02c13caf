// Usage figures: one small beacon per opening and per page, without personal data (docs/usage.md).
// Anonymous on purpose: the server counts distinct phones per day by a hash it cannot keep, never who they are.
import { matchPath } from "react-router-dom";
import { request } from "./api";
import { deviceHeaders } from "./device";

/** Route patterns the server accepts (backend/usage/pages.py); a concrete path (with a code in it) is never sent. */
export const PAGE_PATTERNS = [
  "/",
  "/contacts",
  "/contacts/:id",
  "/contacts/:id/survey",
  "/procedures",
  "/procedures/:id",
  "/handbook",
  "/news",
  "/news/:id",
  "/account",
  "/account/phone",
  "/account/privacy",
  "/account/delete",
  "/dossiers",
  "/dossiers/lookup",
  "/dossiers/result",
  "/dossiers/mine",
  "/dossiers/:id",
  "/ratings",
  "/ratings/dossier/:id",
  "/reports",
  "/reports/new/:kind",
  "/reports/track",
  "/reports/mine",
  "/reports/mine/:code",
  "/questions",
  "/questions/new",
  "/questions/:id",
] as const;

const UNIT_PAGES = new Set(["/contacts/:id", "/contacts/:id/survey"]);

export interface PageView {
  page: string;
  unit?: number;
}

/** The pattern of a path ("/contacts/12" → "/contacts/:id", unit 12); null for a path the app has no page for. */
export function pageOf(pathname: string): PageView | null {
  // Static patterns first, so "/dossiers/lookup" is not taken for "/dossiers/:id".
  const ordered = [...PAGE_PATTERNS].sort((a, b) => Number(a.includes(":")) - Number(b.includes(":")));
  for (const pattern of ordered) {
    const match = matchPath(pattern, pathname);
    if (!match) continue;
    if (UNIT_PAGES.has(pattern)) {
      const unit = Number(match.params.id);
      return Number.isSafeInteger(unit) && unit > 0 ? { page: pattern, unit } : null;
    }
    return { page: pattern };
  }
  return null;
}

function send(body: Record<string, unknown>): void {
  // Fire and forget: a lost figure never bothers the citizen.
  request("usage/events/", { method: "POST", body, anonymous: true, headers: deviceHeaders(), timeoutMs: 5000 }).catch(() => undefined);
}

/** The opening of the app, on the page it opened at. */
export function sendVisit(view: PageView): void {
  send({ event: "visit", page: view.page });
}

export function sendPageView(view: PageView): void {
  send({ event: "page_view", ...view });
}
