import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { useAppStore } from "../store";
import { ensureSignedIn, getMe, verifyPhone } from "./session";
import { DEV_ACCESS_TOKEN, DEV_PHONE_TOKEN, devBridge, setZaloBridge } from "./zalo";

const session = { access_token: "ours-1", access_expires_in: 3600, refresh_token: "r", citizen: { id: 1, display_name: "A", avatar_url: "", follows_oa: false } };
const me = { id: 1, display_name: "A", avatar_url: "", follows_oa: false, phone_masked: "", phone_verified_at: null, miniapp_notifications_allowed: false, consents: [] };

function json(body: unknown, status = 200) {
  return new Response(JSON.stringify(body), { status });
}

beforeEach(() => {
  useAppStore.setState({ authToken: null, authExpiresAt: 0 });
  setZaloBridge(devBridge);
  window.__zaloCalls = [];
});
afterEach(() => vi.unstubAllGlobals());

describe("citizen session", () => {
  it("signs in once on first need, even with concurrent callers, and sends our token afterwards", async () => {
    const fetchMock = vi.fn(async (input: RequestInfo | URL) => (String(input).endsWith("auth/zalo") ? json(session) : json(me)));
    vi.stubGlobal("fetch", fetchMock);
    const [a, b] = await Promise.all([ensureSignedIn(), ensureSignedIn()]);
    expect(a).toBe("ours-1");
    expect(b).toBe("ours-1");
    await getMe();
    const signIns = fetchMock.mock.calls.filter((c) => String(c[0]).endsWith("auth/zalo"));
    expect(signIns).toHaveLength(1);
    const meCall = fetchMock.mock.calls.find((c) => String(c[0]).endsWith("me/")) as unknown as [string, RequestInit];
    expect(new Headers(meCall[1].headers).get("Authorization")).toBe("Bearer ours-1");
  });

  it("signs in again silently after a 401 and retries once", async () => {
    useAppStore.setState({ authToken: "stale", authExpiresAt: Date.now() + 60_000 });
    let meCalls = 0;
    vi.stubGlobal(
      "fetch",
      vi.fn(async (input: RequestInfo | URL) => {
        if (String(input).endsWith("auth/zalo")) return json(session);
        meCalls += 1;
        return meCalls === 1 ? json({ code: "authentication_failed", message: "Phiên đăng nhập hết hạn.", fields: {} }, 401) : json(me);
      }),
    );
    await expect(getMe()).resolves.toEqual(me);
    expect(useAppStore.getState().authToken).toBe("ours-1");
  });

  it("sends nothing when the citizen declines to share the phone", async () => {
    const fetchMock = vi.fn(async () => json(session));
    vi.stubGlobal("fetch", fetchMock);
    setZaloBridge({ ...devBridge, getPhoneToken: async () => null });
    await expect(verifyPhone()).resolves.toBeNull();
    expect(fetchMock).not.toHaveBeenCalled();
  });

  it("sends the phone token together with a Zalo access token taken at the same time", async () => {
    const fetchMock = vi.fn(async (input: RequestInfo | URL) => (String(input).endsWith("auth/zalo") ? json(session) : json(me)));
    vi.stubGlobal("fetch", fetchMock);
    await expect(verifyPhone()).resolves.toEqual(me);
    const phoneCall = fetchMock.mock.calls.find((c) => String(c[0]).endsWith("auth/zalo/phone")) as unknown as [string, RequestInit];
    expect(JSON.parse(String(phoneCall[1].body))).toEqual({ access_token: DEV_ACCESS_TOKEN, phone_token: DEV_PHONE_TOKEN });
    expect(new Headers(phoneCall[1].headers).get("Authorization")).toBe("Bearer ours-1");
  });

  it("signs in again as the current Zalo user and sends once more when our session is another user's", async () => {
    useAppStore.setState({ authToken: "someone-elses", authExpiresAt: Date.now() + 600_000 });
    const phoneAuth: (string | null)[] = [];
    const fetchMock = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
      if (String(input).endsWith("auth/zalo")) return json(session);
      phoneAuth.push(new Headers(init?.headers).get("Authorization"));
      return phoneAuth.length === 1
        ? json({ code: "zalo_account_mismatch", message: "Mã Zalo gửi kèm không thuộc tài khoản Zalo đang đăng nhập.", fields: {} }, 403)
        : json(me);
    });
    vi.stubGlobal("fetch", fetchMock);
    await expect(verifyPhone()).resolves.toEqual(me);
    expect(phoneAuth).toEqual(["Bearer someone-elses", "Bearer ours-1"]);
  });

  it("shows any other refusal instead of retrying", async () => {
    let phoneCalls = 0;
    vi.stubGlobal(
      "fetch",
      vi.fn(async (input: RequestInfo | URL) => {
        if (String(input).endsWith("auth/zalo")) return json(session);
        phoneCalls += 1;
        return json({ code: "zalo_phone_refused", message: "Zalo không xác nhận được số điện thoại.", fields: {} }, 400);
      }),
    );
    await expect(verifyPhone()).rejects.toMatchObject({ status: 400, code: "zalo_phone_refused" });
    expect(phoneCalls).toBe(1);
  });
});
