import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { ApiError, MESSAGES, buildUrl, request, setAuthTokenGetter } from "./api";

function jsonResponse(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } });
}

/** A fetch that only settles when its signal aborts, like a server that never answers. */
function hangingFetch() {
  return vi.fn((_url: string, init?: RequestInit) => {
    return new Promise<Response>((_resolve, reject) => {
      init?.signal?.addEventListener("abort", () => reject(new DOMException("The operation was aborted.", "AbortError")));
    });
  });
}

let fetchMock: ReturnType<typeof vi.fn>;

beforeEach(() => {
  fetchMock = vi.fn();
  vi.stubGlobal("fetch", fetchMock);
});

afterEach(() => {
  vi.unstubAllGlobals();
  vi.useRealTimers();
  setAuthTokenGetter(() => null);
});

describe("buildUrl", () => {
  it("prefixes the relative API base and drops empty query values", () => {
    expect(buildUrl("units/", { search: "cao bang", parent: undefined, root: "", page: 2 })).toBe("/api/v1/units/?search=cao+bang&page=2");
  });

  it("keeps absolute URLs such as a paginated next link", () => {
    expect(buildUrl("http://x.test/api/v1/units/?page=2")).toBe("http://x.test/api/v1/units/?page=2");
  });
});

describe("request", () => {
  it("returns the parsed JSON body", async () => {
    fetchMock.mockResolvedValue(jsonResponse({ name: "Công an tỉnh Demo" }));
    await expect(request("site/")).resolves.toEqual({ name: "Công an tỉnh Demo" });
    expect(fetchMock).toHaveBeenCalledWith("/api/v1/site/", expect.objectContaining({ method: "GET" }));
  });

  it("uses the Vietnamese message from our error shape", async () => {
    fetchMock.mockResolvedValue(
      jsonResponse({ code: "not_found", message: "Không tìm thấy đơn vị.", fields: {} }, 404),
    );
    const err = await request("units/999/").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ kind: "http", status: 404, code: "not_found", message: "Không tìm thấy đơn vị." });
  });

  it("keeps field errors for forms", async () => {
    fetchMock.mockResolvedValue(
      jsonResponse({ code: "invalid", message: "Dữ liệu không hợp lệ.", fields: { page_size: ["Tối đa 100."] } }, 400),
    );
    const err = (await request("units/").catch((e: unknown) => e)) as ApiError;
    expect(err.fields).toEqual({ page_size: ["Tối đa 100."] });
    expect(err.isTransient).toBe(false);
  });

  it("falls back to a Vietnamese message when a proxy returns HTML", async () => {
    fetchMock.mockResolvedValue(new Response("<h1>502 Bad Gateway</h1>", { status: 502 }));
    const err = (await request("site/").catch((e: unknown) => e)) as ApiError;
    expect(err.message).toBe(MESSAGES.server);
    expect(err.status).toBe(502);
    expect(err.isTransient).toBe(true);
  });

  it("turns a failed connection into a network error in Vietnamese", async () => {
    fetchMock.mockRejectedValue(new TypeError("Failed to fetch"));
    const err = (await request("site/").catch((e: unknown) => e)) as ApiError;
    expect(err.kind).toBe("network");
    expect(err.message).toBe(MESSAGES.network);
    expect(err.isTransient).toBe(true);
  });

  it("aborts after the timeout and reports it in Vietnamese", async () => {
    vi.useFakeTimers();
    const hanging = hangingFetch();
    vi.stubGlobal("fetch", hanging);
    const pending = request("site/", { timeoutMs: 5000 }).catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(5000);
    const err = (await pending) as ApiError;
    expect(err).toBeInstanceOf(ApiError);
    expect(err.kind).toBe("timeout");
    expect(err.message).toBe(MESSAGES.timeout);
    expect(hanging.mock.calls[0]?.[1]?.signal?.aborted).toBe(true);
  });

  it("passes a caller's cancellation through as an AbortError, not an ApiError", async () => {
    vi.stubGlobal("fetch", hangingFetch());
    const controller = new AbortController();
    const pending = request("site/", { signal: controller.signal }).catch((e: unknown) => e);
    controller.abort();
    const err = await pending;
    expect(err).not.toBeInstanceOf(ApiError);
    expect((err as DOMException).name).toBe("AbortError");
  });

  it("sends no Authorization header without a token", async () => {
    fetchMock.mockResolvedValue(jsonResponse({}));
    await request("site/");
    const headers = fetchMock.mock.calls[0]?.[1]?.headers as Record<string, string>;
    expect(headers.Authorization).toBeUndefined();
  });

  it("sends the bearer token from the auth hook", async () => {
    setAuthTokenGetter(() => "tok-123");
    fetchMock.mockResolvedValue(jsonResponse({}));
    await request("site/");
    const headers = fetchMock.mock.calls[0]?.[1]?.headers as Record<string, string>;
    expect(headers.Authorization).toBe("Bearer tok-123");
  });

  it("sends JSON bodies with a content type", async () => {
    fetchMock.mockResolvedValue(new Response(null, { status: 204 }));
    await expect(request("x/", { method: "POST", body: { a: 1 } })).resolves.toBeUndefined();
    const init = fetchMock.mock.calls[0]?.[1] as RequestInit;
    expect(init.body).toBe('{"a":1}');
    expect((init.headers as Record<string, string>)["Content-Type"]).toBe("application/json");
  });
});
