import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { useAppStore } from "../store";
import { ensureSignedIn, getMe, verifyPhone } from "./session";
import { devBridge, setZaloBridge } from "./zalo";

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
});
