// The citizen's rights over their data: the privacy notice, withdrawing a consent, the export link, deletion.
import { request } from "./api";
import { citizenRequest } from "./session";
import type { AccountDeletion, Consent, ExportLink, Me, PrivacyNotice } from "./types";
import { zalo } from "./zalo";
import { useAppStore } from "../store";

/** Public: who controls the data, for what, how long (no sign-in needed to read it). */
export function getPrivacy(signal?: AbortSignal): Promise<PrivacyNotice> {
  return request<PrivacyNotice>("privacy", { signal });
}

export function withdrawConsent(id: number): Promise<Me> {
  return citizenRequest<Me>(`me/consents/${id}`, { method: "DELETE" });
}

/**
 * "Tải dữ liệu của tôi": the server answers with an absolute, signed link that lives a few minutes; Zalo's webview
 * opens it without our Authorization header and shows the JSON file, which the citizen can save or share.
 */
export async function downloadMyData(): Promise<ExportLink> {
  const link = await citizenRequest<ExportLink>("me/export", { method: "POST" });
  await zalo().openWebview(link.url);
  return link;
}

/** Delete the account, then forget our session: the next request that needs a citizen would start a new account. */
export async function deleteAccount(): Promise<AccountDeletion> {
  const result = await citizenRequest<AccountDeletion>("me/delete", { method: "POST", body: { confirm: true } });
  useAppStore.getState().setSession(null, 0);
  useAppStore.getState().setLookupResult(null);
  return result;
}

/** Consents still in force that the citizen may withdraw here. */
export function withdrawable(consents: Consent[]): Consent[] {
  return consents.filter((c) => c.withdrawable && c.withdrawn_at === null);
}

/** "Hồ sơ A-1 · Theo dõi hồ sơ…" — what one consent is about, in one line. */
export function consentTitle(consent: Consent): string {
  return consent.subject ? `${consent.purpose_display} (${consent.subject})` : consent.purpose_display;
}
