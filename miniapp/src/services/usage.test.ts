import { afterEach, describe, expect, it, vi } from "vitest";
import { deepLinkTarget } from "../widgets/DeepLink";
import { pageOf, sendPageView } from "./usage";

afterEach(() => vi.unstubAllGlobals());

describe("usage beacon", () => {
  it("names pages by their route pattern, never by a concrete path", () => {
    expect(pageOf("/contacts/12")).toEqual({ page: "/contacts/:id", unit: 12 });
    expect(pageOf("/dossiers/lookup")).toEqual({ page: "/dossiers/lookup" });
    expect(pageOf("/reports/mine/TB-2026-0001")).toEqual({ page: "/reports/mine/:code" });
    expect(pageOf("/questions/new")).toEqual({ page: "/questions/new" });
    expect(pageOf("/questions/42")).toEqual({ page: "/questions/:id" });
    expect(pageOf("/no-such-page")).toBeNull();
  });

  it("sends a page view anonymously with the device id only", async () => {
    const fetchMock = vi.fn(async () => new Response(null, { status: 204 }));
    vi.stubGlobal("fetch", fetchMock);
    sendPageView({ page: "/contacts/:id", unit: 12 });
    await vi.waitFor(() => expect(fetchMock).toHaveBeenCalledTimes(1));
    const [url, init] = fetchMock.mock.calls[0] as unknown as [string, RequestInit];
    expect(url).toContain("/api/v1/usage/events/");
    expect(JSON.parse(String(init.body))).toEqual({ event: "page_view", page: "/contacts/:id", unit: 12 });
    expect((init.headers as Record<string, string>).Authorization).toBeUndefined();
  });
});

describe("deep links outside Zalo", () => {
  it("opens the page after the app's base address", () => {
    expect(deepLinkTarget("/app/contacts/12", "", "http://localhost/app/")).toBe("/contacts/12");
    expect(deepLinkTarget("/app/dossiers/lookup", "?code=HS-1", "http://localhost/app/")).toBe("/dossiers/lookup?code=HS-1");
    expect(deepLinkTarget("/app/", "", "http://localhost/app/")).toBeNull();
    expect(deepLinkTarget("/app/index.html", "", "http://localhost/app/")).toBeNull();
  });
});
