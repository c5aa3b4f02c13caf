// Dossier lookup, "my dossiers" and follow: every call needs the signed-in citizen.
import { codeClean } from "./codes";
import { citizenRequest } from "./session";
import type { DossierListItem, DossierRefreshResult, DossierResult, FollowResult, LookupResult, Paginated } from "./types";

/** Code + second factor go in the body, never the URL. */
export function lookupDossier(code: string, verifier: string): Promise<LookupResult> {
  return citizenRequest<LookupResult>("dossiers/lookup", { method: "POST", body: { code: codeClean(code), verifier: verifier.normalize("NFKC").trim() } });
}

export function listMyDossiers(page = 1): Promise<Paginated<DossierListItem>> {
  return citizenRequest<Paginated<DossierListItem>>(`me/dossiers/?page=${page}`);
}

export function listFollowedDossiers(page = 1): Promise<Paginated<DossierListItem>> {
  return citizenRequest<Paginated<DossierListItem>>(`me/follows/?page=${page}`);
}

/** Ask the one-stop systems again for the dossiers under my verified phone (limited per hour). */
export function refreshMyDossiers(): Promise<DossierRefreshResult> {
  return citizenRequest<DossierRefreshResult>("me/dossiers/refresh/", { method: "POST" });
}

export function getMyDossier(id: number): Promise<DossierResult> {
  return citizenRequest<DossierResult>(`me/dossiers/${id}/`);
}

export function followDossier(proof: { follow_token: string } | { dossier_id: number }): Promise<FollowResult> {
  return citizenRequest<FollowResult>("me/follows/", { method: "POST", body: proof });
}

export function unfollowDossier(id: number): Promise<void> {
  return citizenRequest<void>(`me/follows/${id}`, { method: "DELETE" });
}

const CODE = /^[A-Za-z0-9][A-Za-z0-9._\-/]{0,49}$/;

/** What a scanned QR holds: our slip's deep link (…?code=XYZ) or a bare dossier code. */
export function codeFromScan(scanned: string): string | null {
  const text = scanned.trim();
  try {
    const url = new URL(text);
    const code = codeClean(url.searchParams.get("code") ?? "");
    return code && CODE.test(code) ? code : null;
  } catch {
    const code = codeClean(text);
    return CODE.test(code) ? code : null;
  }
}

/** The CMND (9 digits) lost its validity after 31/12/2024: the server refuses it too (dossiers/services.py). */
export const CMND_REFUSED =
  "Chứng minh nhân dân 9 số không còn giá trị sử dụng từ ngày 01/01/2025. Vui lòng nhập 4 số cuối số định danh cá nhân, hoặc số điện thoại đủ 10 số (ví dụ 0912345678) đã khai khi nộp hồ sơ.";

/** "4 số cuối số định danh cá nhân" or a phone number: the same rule the server applies. */
export function verifierProblem(value: string): string | null {
  const v = value.trim();
  if (!v) return "Nhập 4 số cuối số định danh cá nhân hoặc số điện thoại đã khai khi nộp hồ sơ.";
  if (/^\d{4}$/.test(v)) return null;
  const digits = v.replace(/\D/g, "");
  if (digits.length === 9 && !v.startsWith("+")) return CMND_REFUSED;
  if (digits.length === 12 && !digits.startsWith("84"))
    return "Chỉ nhập 4 số cuối số định danh cá nhân (không nhập cả 12 số), hoặc số điện thoại đã khai khi nộp hồ sơ.";
  if (/^\+?[0-9][0-9 .]{8,14}$/.test(v)) return null;
  return "Nhập đúng 4 số cuối số định danh cá nhân, hoặc số điện thoại (ví dụ 0912345678).";
}

export function codeProblem(value: string): string | null {
  const v = codeClean(value);
  if (!v) return "Nhập mã hồ sơ in trên giấy hẹn.";
  return CODE.test(v) ? null : "Mã hồ sơ chỉ gồm chữ, số và các ký tự . - _ / (tối đa 50 ký tự).";
}
