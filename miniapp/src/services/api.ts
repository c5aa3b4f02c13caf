// The one request wrapper for our backend. Pages never call fetch directly.
import type { ApiErrorBody } from "./types";

/** Relative by default so the app works wherever Django serves it; VITE_API_BASE overrides for Zalo. */
export const API_BASE: string = (import.meta.env.VITE_API_BASE as string | undefined)?.replace(/\/+$/, "") || "/api/v1";

export const DEFAULT_TIMEOUT_MS = 15_000;

export type ApiErrorKind = "network" | "timeout" | "http" | "parse";

/** Vietnamese fallbacks for when the server gives no message of its own. */
export const MESSAGES = {
  network: "Không kết nối được tới máy chủ. Vui lòng kiểm tra kết nối mạng và thử lại.",
  timeout: "Máy chủ phản hồi quá lâu. Vui lòng thử lại sau ít phút.",
  parse: "Dữ liệu máy chủ trả về không hợp lệ. Vui lòng thử lại sau.",
  400: "Thông tin gửi lên chưa hợp lệ. Vui lòng kiểm tra lại.",
  401: "Phiên làm việc đã hết hạn. Vui lòng mở lại ứng dụng.",
  403: "Bạn không có quyền thực hiện thao tác này.",
  404: "Không tìm thấy thông tin yêu cầu.",
  429: "Bạn thao tác quá nhanh. Vui lòng đợi một lát rồi thử lại.",
  server: "Hệ thống đang bận hoặc gặp sự cố. Vui lòng thử lại sau.",
  other: "Đã có lỗi xảy ra. Vui lòng thử lại.",
} as const;

export class ApiError extends Error {
  readonly kind: ApiErrorKind;
  readonly status: number | null;
  readonly code: string;
  readonly fields: Record<string, string[]>;

  constructor(opts: { kind: ApiErrorKind; message: string; status?: number | null; code?: string; fields?: Record<string, string[]> }) {
    super(opts.message);
    this.name = "ApiError";
    this.kind = opts.kind;
    this.status = opts.status ?? null;
    this.code = opts.code ?? opts.kind;
    this.fields = opts.fields ?? {};
  }

  /** Worth retrying automatically: the request may succeed next time. */
  get isTransient(): boolean {
    return this.kind === "network" || this.kind === "timeout" || (this.status !== null && (this.status >= 500 || this.status === 429));
  }
}

function fallbackMessage(status: number): string {
  if (status >= 500) return MESSAGES.server;
  if (status === 400 || status === 401 || status === 403 || status === 404 || status === 429) return MESSAGES[status];
  return MESSAGES.other;
}

function isErrorBody(value: unknown): value is ApiErrorBody {
  return typeof value === "object" && value !== null && typeof (value as { message?: unknown }).message === "string";
}

/** Turn any non-2xx response into an ApiError carrying the server's Vietnamese message when it sent one. */
export async function errorFromResponse(res: Response): Promise<ApiError> {
  let body: unknown = null;
  try {
    body = await res.json();
  } catch {
    body = null;
  }
  if (isErrorBody(body) && body.message.trim()) {
    return new ApiError({
      kind: "http",
      status: res.status,
      code: typeof body.code === "string" && body.code ? body.code : `http_${res.status}`,
      message: body.message,
      fields: body.fields ?? {},
    });
  }
  return new ApiError({ kind: "http", status: res.status, code: `http_${res.status}`, message: fallbackMessage(res.status) });
}

// --- auth token hook -------------------------------------------------------
// The store (store.ts) holds our own short-lived token from the silent sign-in
// (services/session.ts) and registers its getter here; before the first
// sign-in, and for `anonymous` requests, no Authorization header is sent.
type TokenGetter = () => string | null | undefined;
let tokenGetter: TokenGetter = () => null;

export function setAuthTokenGetter(getter: TokenGetter): void {
  tokenGetter = getter;
}

// --- request ---------------------------------------------------------------
export type QueryValue = string | number | boolean | null | undefined;

export interface RequestOptions {
  method?: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  query?: Record<string, QueryValue>;
  body?: unknown;
  /** Caller's signal (TanStack Query passes one to cancel stale requests). */
  signal?: AbortSignal;
  timeoutMs?: number;
  /** Send no Authorization header even when signed in (an anonymous report). */
  anonymous?: boolean;
  /** Extra request headers (e.g. X-Device-Id for the survey and report limits). */
  headers?: Record<string, string>;
}

export function buildUrl(path: string, query?: Record<string, QueryValue>): string {
  // Absolute URLs (e.g. a paginated `next`) are used as they are.
  const url = /^https?:\/\//.test(path) ? path : `${API_BASE}/${path.replace(/^\/+/, "")}`;
  if (!query) return url;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === "") continue;
    params.set(key, String(value));
  }
  const qs = params.toString();
  if (!qs) return url;
  return url + (url.includes("?") ? "&" : "?") + qs;
}

export async function request<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const { method = "GET", query, body, signal, timeoutMs = DEFAULT_TIMEOUT_MS, anonymous = false } = options;
  // multipart/form-data (photos) goes as it is: the browser writes the boundary into Content-Type.
  const isForm = typeof FormData !== "undefined" && body instanceof FormData;

  // One controller aborted by either the timeout or the caller; AbortSignal.any
  // is too new for older Zalo webviews, so wire it by hand.
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, timeoutMs);
  const onCallerAbort = () => controller.abort();
  if (signal) {
    if (signal.aborted) controller.abort();
    else signal.addEventListener("abort", onCallerAbort, { once: true });
  }

  const headers: Record<string, string> = { Accept: "application/json", ...options.headers };
  if (body !== undefined && !isForm) headers["Content-Type"] = "application/json";
  const token = anonymous ? null : tokenGetter();
  if (token) headers.Authorization = `Bearer ${token}`;

  try {
    let res: Response;
    try {
      res = await fetch(buildUrl(path, query), {
        method,
        headers,
        body: body === undefined ? undefined : isForm ? (body as FormData) : JSON.stringify(body),
        signal: controller.signal,
        credentials: "same-origin",
      });
    } catch (err) {
      if (timedOut) throw new ApiError({ kind: "timeout", message: MESSAGES.timeout });
      // Caller cancelled: rethrow the AbortError so TanStack Query ignores it.
      if (signal?.aborted) throw err;
      throw new ApiError({ kind: "network", message: MESSAGES.network });
    }
    if (!res.ok) throw await errorFromResponse(res);
    if (res.status === 204) return undefined as T;
    try {
      return (await res.json()) as T;
    } catch (err) {
      if (timedOut) throw new ApiError({ kind: "timeout", message: MESSAGES.timeout });
      if (signal?.aborted) throw err;
      throw new ApiError({ kind: "parse", status: res.status, message: MESSAGES.parse });
    }
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener("abort", onCallerAbort);
  }
}

/** A Vietnamese message for anything thrown while loading. */
export function errorMessage(err: unknown): string {
  if (err instanceof ApiError) return err.message;
  return MESSAGES.other;
}
