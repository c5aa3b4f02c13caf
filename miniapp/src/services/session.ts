// Citizen sign-in on first need: Zalo's token goes to our server once; we keep OUR short-lived token
// in memory only and sign in again silently when it expires or the server says 401.
import { ApiError, request, type RequestOptions } from "./api";
import type { Me, Session } from "./types";
import { zalo } from "./zalo";
import { useAppStore } from "../store";

let signingIn: Promise<string> | null = null;

async function signIn(): Promise<string> {
  const zaloToken = await zalo().getAccessToken();
  const session = await request<Session>("auth/zalo", { method: "POST", body: { access_token: zaloToken } });
  // Renew a minute early so a request never leaves with a token about to expire.
  const expiresAt = Date.now() + (session.access_expires_in - 60) * 1000;
  useAppStore.getState().setSession(session.access_token, expiresAt);
  return session.access_token;
}

/** Our token, signing in first if there is none or it is about to expire (one sign-in at a time). */
export async function ensureSignedIn(): Promise<string> {
  const { authToken, authExpiresAt } = useAppStore.getState();
  if (authToken && authExpiresAt > Date.now()) return authToken;
  signingIn ??= signIn().finally(() => {
    signingIn = null;
  });
  return signingIn;
}

/** A request that needs the citizen: signs in on first need and retries once after a 401. */
export async function citizenRequest<T>(path: string, options: RequestOptions = {}): Promise<T> {
  await ensureSignedIn();
  try {
    return await request<T>(path, options);
  } catch (error) {
    if (!(error instanceof ApiError) || error.status !== 401) throw error;
    useAppStore.getState().setSession(null, 0);
    await ensureSignedIn();
    return await request<T>(path, options);
  }
}

export function getMe(): Promise<Me> {
  return citizenRequest<Me>("me/");
}

/**
 * Share the phone Zalo verified. The server exchanges the phone token only together with a Zalo access token of the
 * same Zalo user as our session (and Zalo answers a phone token only for the user who asked for it), so both are
 * taken from Zalo now and sent together. If our session belongs to another Zalo user than the one in Zalo now
 * (403 zalo_account_mismatch), we sign in again as the current one and send once more: the server refused before
 * using the single-use phone token.
 */
export async function verifyPhone(): Promise<Me | null> {
  const phoneToken = await zalo().getPhoneToken();
  if (!phoneToken) return null; // the citizen said no: nothing to send
  const zaloToken = await zalo().getAccessToken();
  const send = () =>
    citizenRequest<Me>("auth/zalo/phone", { method: "POST", body: { access_token: zaloToken, phone_token: phoneToken } });
  try {
    return await send();
  } catch (error) {
    if (!(error instanceof ApiError) || error.code !== "zalo_account_mismatch") throw error;
    useAppStore.getState().setSession(null, 0);
    return await send();
  }
}

export function withdrawPhone(): Promise<Me> {
  return citizenRequest<Me>("me/phone", { method: "DELETE" });
}

/** Ask Zalo for the notification consent (after a tap) and tell our server the answer. */
export async function allowNotifications(): Promise<Me> {
  const allowed = await zalo().requestNotifications();
  return citizenRequest<Me>("me/notifications", { method: "POST", body: { allowed } });
}

export function disallowNotifications(): Promise<Me> {
  return citizenRequest<Me>("me/notifications", { method: "POST", body: { allowed: false } });
}
