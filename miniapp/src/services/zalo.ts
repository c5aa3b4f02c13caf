// EVERY zmp-sdk call lives in this file. Outside the Zalo app (a desktop
// browser, the e2e tests, vitest) the SDK either stubs or rejects, so a dev
// implementation with the same interface is used instead.
//
// zmp-sdk is about a quarter of the JS the home screen would otherwise wait for, and drawing the home screen
// needs none of it, so it is its own chunk: loaded by the first bridge call, or by preloadZaloSdk() once the page
// has loaded inside Zalo. Its import also starts Zalo's login (zmp-sdk/apis/index.js calls login()), which thus
// runs after the first paint instead of before it. The dev bridge never loads it (outside Zalo that import only
// threw an uncaught error).
import { normalizePhone } from "./format";

export interface ZaloUser {
  id: string;
  name: string;
  avatar: string;
}

export type FollowResult = "followed" | "denied" | "failed";

export interface ZaloBridge {
  readonly mode: "zalo" | "dev";
  getUser(): Promise<ZaloUser | null>;
  /** Must be called from a user action (review rule: no unprompted permission/follow prompts). */
  followOA(oaId: string): Promise<FollowResult>;
  openPhone(phoneNumber: string): Promise<void>;
  openWebview(url: string): Promise<void>;
  /**
   * A file to read or keep (a blank form): a PDF opens in Zalo's document viewer (with its download button),
   * any other file (a .docx form) is downloaded to the phone; if Zalo refuses (the API is not granted to the
   * Mini App yet, an old Zalo), the link opens in the webview instead. `url` must be absolute (https).
   */
  openFile(url: string, title: string): Promise<void>;
  /** Zalo's access token for our server to verify (no consent needed since zmp-sdk 2.35). */
  getAccessToken(): Promise<string>;
  /** One-time phone token (valid 2 minutes), or null when the citizen declines. After a user action only. */
  getPhoneToken(): Promise<string | null>;
  /** Consent to messages through the Mini App's OA. After a user action only. */
  requestNotifications(): Promise<boolean>;
  /** Open the camera to scan a QR code; the text it holds, or null when the citizen cancels. */
  scanQRCode(): Promise<string | null>;
  /** A location token for our server to exchange (never coordinates here), or null when refused. After a tap. */
  getLocationToken(): Promise<string | null>;
  /**
   * Zalo's picker uploads the chosen photo/video straight to `uploadUrl` and hands back our JSON answer
   * (one file per call). Null when cancelled. The dev bridge has no picker: pages use a file input there.
   */
  pickMedia(opts: { type: "photo" | "video"; uploadUrl: string; maxItemSize: number }): Promise<string | null>;
}

export interface ZaloCall {
  api: string;
  args: Record<string, unknown>;
}

declare global {
  interface Window {
    /** Calls made through the dev bridge, for browser tests to assert on. */
    __zaloCalls?: ZaloCall[];
    /** What the dev bridge's "camera" reads next (tests set it; default: the demo slip's QR). */
    __zaloNextScan?: string | null;
  }
}

type ZaloSdk = typeof import("./zalo-apis");

let sdkModule: Promise<ZaloSdk> | null = null;

/** zmp-sdk, fetched once; a failed fetch (the network dropped) is tried again by the next call. */
function sdk(): Promise<ZaloSdk> {
  sdkModule ??= import("./zalo-apis").catch((err: unknown) => {
    sdkModule = null;
    throw err;
  });
  return sdkModule;
}

/** Inside Zalo, fetch zmp-sdk ahead of the first tap that needs it (call after the first render). */
export function preloadZaloSdk(): void {
  if (zalo().mode === "zalo") sdk().catch(() => undefined);
}

function sdkErrorCode(err: unknown): number | null {
  if (typeof err === "object" && err !== null && "code" in err) {
    const code = Number((err as { code: unknown }).code);
    return Number.isFinite(code) ? code : null;
  }
  return null;
}

const USER_DENIED_CODES = new Set([-201, -2002, -2003]);

/** The citizen saying no (or cancelling) is an answer, not an error: `denied` instead; anything else throws. */
async function orWhenDenied<T>(denied: T, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    const code = sdkErrorCode(err);
    if (code !== null && USER_DENIED_CODES.has(code)) return denied;
    throw err;
  }
}

export const zaloBridge: ZaloBridge = {
  mode: "zalo",
  async getUser() {
    try {
      const { getUserInfo } = await sdk();
      const { userInfo } = await getUserInfo({ autoRequestPermission: false });
      return { id: userInfo.id, name: userInfo.name, avatar: userInfo.avatar };
    } catch {
      return null;
    }
  },
  async followOA(oaId) {
    try {
      const { followOA } = await sdk();
      await followOA({ id: oaId, showDialogConfirm: true });
      return "followed";
    } catch (err) {
      const code = sdkErrorCode(err);
      return code !== null && USER_DENIED_CODES.has(code) ? "denied" : "failed";
    }
  },
  async openPhone(phoneNumber) {
    const { openPhone } = await sdk();
    await openPhone({ phoneNumber: normalizePhone(phoneNumber) });
  },
  async openWebview(url) {
    const { openWebview } = await sdk();
    await openWebview({ url, config: { style: "normal" } });
  },
  async openFile(url, title) {
    const { downloadFile, openDocument, openWebview } = await sdk();
    try {
      if (isPdf(url)) await openDocument({ url, title, download: true, share: true, edit: false });
      else await downloadFile({ url });
    } catch {
      await openWebview({ url, config: { style: "normal" } });
    }
  },
  async getAccessToken() {
    const { getAccessToken } = await sdk();
    return await getAccessToken();
  },
  async getPhoneToken() {
    const { getPhoneNumber } = await sdk();
    return orWhenDenied(null, async () => (await getPhoneNumber()).token ?? null);
  },
  async requestNotifications() {
    const { requestSendNotification } = await sdk();
    return orWhenDenied(false, async () => {
      await requestSendNotification();
      return true;
    });
  },
  async scanQRCode() {
    const { scanQRCode } = await sdk();
    return orWhenDenied(null, async () => (await scanQRCode()).content || null);
  },
  async getLocationToken() {
    const { getLocation } = await sdk();
    return orWhenDenied(null, async () => (await getLocation()).token || null);
  },
  async pickMedia({ type, uploadUrl, maxItemSize }) {
    const { openMediaPicker } = await sdk();
    return orWhenDenied(null, async () => {
      const { data } = await openMediaPicker({ type, serverUploadUrl: uploadUrl, maxItemSize, maxSelectItem: 1 });
      const answer = Array.isArray(data) ? data[0] : data; // one file per call: one answer
      return answer || null;
    });
  },
};

/** The QR printed on a demo slip: the lookup deep link of the first demo dossier. */
export const DEMO_SCAN = "https://zalo.me/s/demo/dossiers/lookup?code=HS-DEMO-0001";

/** Where the dev bridge "is": the fake Zalo turns this token into these coordinates, in the demo Đồng Tâm ward. */
export const DEMO_LOCATION_TOKEN = "fake-location-22.700100,106.285100";

export const DEMO_USER: ZaloUser = { id: "demo-user", name: "Người dùng thử", avatar: "" };

/** The dev bridge's Zalo access token: the backend's fake Zalo accepts fake-* tokens (refused in production). */
export const DEV_ACCESS_TOKEN = "fake-dev-demo-user";

/** The dev bridge's phone token. Zalo binds a phone token to the user who asked for it; the fake Zalo reads that
 * user from the part after "@" (backend/zalo/fake/app.py), so it answers only for the dev user's access token. */
export const DEV_PHONE_TOKEN = `fake-phone-0912345678@${DEV_ACCESS_TOKEN}`;

/** A link to a file (not a web page) the citizen reads or keeps: by its extension. */
export function isFileUrl(url: string): boolean {
  return /\.(pdf|docx?|odt|xlsx?|rtf|txt)$/i.test(pathOf(url));
}

function isPdf(url: string): boolean {
  return /\.pdf$/i.test(pathOf(url));
}

function pathOf(url: string): string {
  try {
    return new URL(url).pathname;
  } catch {
    return url.split(/[?#]/)[0] ?? url;
  }
}

function record(api: string, args: Record<string, unknown>): void {
  if (typeof window === "undefined") return;
  (window.__zaloCalls ??= []).push({ api, args });
}

/** Browser/test stand-in: fixed demo user, prompts succeed silently, side effects are recorded. */
export const devBridge: ZaloBridge = {
  mode: "dev",
  async getUser() {
    record("getUser", {});
    return DEMO_USER;
  },
  async followOA(oaId) {
    record("followOA", { id: oaId });
    return "followed";
  },
  async openPhone(phoneNumber) {
    record("openPhone", { phoneNumber: normalizePhone(phoneNumber) });
  },
  async openWebview(url) {
    record("openWebview", { url });
    if (typeof window !== "undefined" && typeof window.open === "function") {
      window.open(url, "_blank", "noopener,noreferrer");
    }
  },
  async openFile(url, title) {
    record(isPdf(url) ? "openDocument" : "downloadFile", { url, title });
    if (typeof window !== "undefined" && typeof window.open === "function") {
      window.open(url, "_blank", "noopener,noreferrer");
    }
  },
  async getAccessToken() {
    record("getAccessToken", {});
    return DEV_ACCESS_TOKEN;
  },
  async getPhoneToken() {
    record("getPhoneNumber", {});
    return DEV_PHONE_TOKEN;
  },
  async requestNotifications() {
    record("requestSendNotification", {});
    return true;
  },
  async scanQRCode() {
    record("scanQRCode", {});
    if (typeof window !== "undefined" && window.__zaloNextScan !== undefined) return window.__zaloNextScan;
    return DEMO_SCAN;
  },
  async getLocationToken() {
    record("getLocation", {});
    return DEMO_LOCATION_TOKEN;
  },
  async pickMedia(opts) {
    record("openMediaPicker", { ...opts });
    return null; // no picker outside Zalo: the page shows a file input instead
  },
};

/**
 * Inside Zalo the app is served from Zalo's H5 host under /zapps/<APP_ID>.
 * VITE_ZALO_MODE=zalo|dev forces one side (e.g. `zmp start` on localhost).
 */
export function detectInZalo(loc: Pick<Location, "hostname" | "pathname"> = window.location, ua: string = navigator.userAgent): boolean {
  const forced = import.meta.env.VITE_ZALO_MODE as string | undefined;
  if (forced === "zalo") return true;
  if (forced === "dev") return false;
  return /(^|\.)zdn\.vn$/.test(loc.hostname) || loc.pathname.startsWith("/zapps/") || /\bZalo\b/i.test(ua);
}

let current: ZaloBridge | null = null;

export function zalo(): ZaloBridge {
  current ??= detectInZalo() ? zaloBridge : devBridge;
  return current;
}

/** Tests swap in their own bridge. */
export function setZaloBridge(bridge: ZaloBridge | null): void {
  current = bridge;
}
