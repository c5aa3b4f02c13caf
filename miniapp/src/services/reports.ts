// Citizen reports (tin báo, phản ánh): the form's configuration, submission with photos, tracking by code
// + secret, and "Tin báo, phản ánh của tôi". DTOs mirror /api/v1/reports/* (docs/reports.md).
import { API_BASE, ApiError, request } from "./api";
import { codeClean } from "./codes";
import { deviceHeaders } from "./device";
import { formatBytes } from "./format";
import { citizenRequest } from "./session";
import type { MyReport, Paginated, ReportArea, ReportForm, ReportKind, SubmittedReport, TrackedReport } from "./types";
import { zalo } from "./zalo";

/** A photo or video chosen for the report: a file (file input) or already uploaded by Zalo's picker. */
export type PickedMedia =
  | { source: "file"; file: File; name: string; size: number; mediaType: "photo" | "video" }
  | { source: "uploaded"; token: string; name: string; size: number; mediaType: "photo" | "video" };

/** Where the place comes from: Zalo's location (a token our server exchanges), a commune, or an address. */
export type Place =
  | { type: "none" }
  | { type: "location"; token: string }
  | { type: "area"; area: ReportArea }
  | { type: "address"; address: string };

export interface ReportDraft {
  kind: ReportKind;
  description: string;
  occurredAt: string; // datetime-local value, "" when not given
  place: Place;
  vehiclePlate: string;
  media: PickedMedia[];
  anonymous: boolean;
  contactName: string;
  contactPhone: string;
}

export function emptyDraft(kind: ReportKind): ReportDraft {
  return {
    kind,
    description: "",
    occurredAt: "",
    place: { type: "none" },
    vehiclePlate: "",
    media: [],
    // Never pre-ticked: a citizen who does not notice the box gets a reply and finds the report under
    // "Báo cáo của tôi". Where the kind allows it (a crime tip), the form offers anonymity; the citizen chooses.
    anonymous: false,
    contactName: "",
    contactPhone: "",
  };
}

// --- API ---------------------------------------------------------------------------------------

export function getReportForm(signal?: AbortSignal): Promise<ReportForm> {
  return request<ReportForm>("reports/form", { signal });
}

export function listReportAreas(signal?: AbortSignal): Promise<Paginated<ReportArea>> {
  return request<Paginated<ReportArea>>("reports/areas", { signal, query: { page_size: 100 } });
}

/** Where Zalo's picker uploads a file before the report is sent (absolute: the picker runs outside the page). */
export function mediaUploadUrl(): string {
  return new URL(`${API_BASE}/reports/media`, window.location.href).href;
}

/** Zalo's picker hands back our upload answer as text; anything else means the upload failed. */
export function mediaFromUpload(data: string, type: "photo" | "video"): PickedMedia {
  try {
    const body = JSON.parse(data) as { token?: unknown; size?: unknown; media_type?: unknown; message?: unknown };
    if (typeof body.token === "string" && body.token) {
      const mediaType = body.media_type === "video" ? "video" : type;
      return { source: "uploaded", token: body.token, size: Number(body.size) || 0, mediaType, name: mediaType === "video" ? "Video" : "Ảnh" };
    }
    if (typeof body.message === "string" && body.message) throw new ApiError({ kind: "http", message: body.message });
  } catch (err) {
    if (err instanceof ApiError) throw err;
  }
  throw new ApiError({ kind: "parse", message: "Tải ảnh/video lên không thành công. Vui lòng thử lại." });
}

export function mediaFromFile(file: File): PickedMedia {
  return { source: "file", file, name: file.name, size: file.size, mediaType: file.type.startsWith("video/") ? "video" : "photo" };
}

/**
 * Send the report. Anonymous: no sign-in and no Authorization header, so nothing ties it to the citizen.
 * Named: signed in first, so it shows in "Tin báo, phản ánh của tôi" and replies come on Zalo.
 */
export async function submitReport(draft: ReportDraft): Promise<SubmittedReport> {
  const form = new FormData();
  form.set("kind", draft.kind.code);
  form.set("description", draft.description.trim());
  form.set("is_anonymous", draft.anonymous ? "true" : "false");
  if (draft.kind.asks_occurred_at && draft.occurredAt) form.set("occurred_at", new Date(draft.occurredAt).toISOString());
  if (draft.place.type === "area") form.set("area", String(draft.place.area.id));
  if (draft.place.type === "address") form.set("address", draft.place.address.trim());
  if (draft.place.type === "location") {
    form.set("location_token", draft.place.token);
    form.set("zalo_access_token", await zalo().getAccessToken());
  }
  if (draft.kind.asks_vehicle_plate && draft.vehiclePlate.trim()) form.set("vehicle_plate", draft.vehiclePlate.trim());
  if (!draft.anonymous) {
    if (draft.contactName.trim()) form.set("contact_name", draft.contactName.trim());
    if (draft.contactPhone.trim()) form.set("contact_phone", draft.contactPhone.trim());
  }
  for (const item of draft.media) {
    if (item.source === "file") form.append("files", item.file, item.file.name);
    else form.append("media", item.token);
  }
  const options = { method: "POST" as const, body: form, timeoutMs: 120_000, headers: deviceHeaders() };
  if (draft.anonymous) return request<SubmittedReport>("reports/", { ...options, anonymous: true });
  return citizenRequest<SubmittedReport>("reports/", options);
}

/** Code + secret go in the body, never the URL. */
export function trackReport(code: string, secret: string): Promise<TrackedReport> {
  return request<TrackedReport>("reports/track", { method: "POST", body: { code: codeClean(code), secret: codeClean(secret) }, anonymous: true });
}

export function listMyReports(page = 1): Promise<Paginated<MyReport>> {
  return citizenRequest<Paginated<MyReport>>(`me/reports/?page=${page}`);
}

export function getMyReport(code: string): Promise<TrackedReport> {
  return citizenRequest<TrackedReport>(`me/reports/${encodeURIComponent(code)}`);
}

// --- Checks the server makes too, said before sending ----------------------------------------------

export type DraftErrors = Partial<Record<"description" | "place" | "media" | "vehiclePlate" | "contactPhone" | "occurredAt", string>>;

export function draftProblems(draft: ReportDraft, limits: ReportForm["limits"]): DraftErrors {
  const errors: DraftErrors = {};
  const text = draft.description.trim();
  if (text.length < 10) errors.description = "Mô tả sự việc ít nhất 10 ký tự: việc gì, ở đâu, ai liên quan (nếu biết).";
  if (draft.kind.requires_location && draft.place.type === "none") {
    errors.place = "Cần cho biết nơi xảy ra: bấm «Lấy vị trí hiện tại», chọn xã/phường hoặc nhập địa chỉ.";
  }
  if (draft.place.type === "address" && !draft.place.address.trim()) errors.place = "Nhập địa chỉ nơi xảy ra.";
  if (draft.kind.requires_media && draft.media.length === 0) errors.media = "Loại tin này cần ít nhất một ảnh hoặc video.";
  if (draft.media.length > limits.max_files) errors.media = `Gửi tối đa ${limits.max_files} ảnh/video.`;
  const big = draft.media.find((m) => m.size > (m.mediaType === "video" ? limits.max_video_bytes : limits.max_photo_bytes));
  if (big) errors.media = `«${big.name}» quá lớn (tối đa ${formatBytes(big.mediaType === "video" ? limits.max_video_bytes : limits.max_photo_bytes)}).`;
  if (draft.media.reduce((sum, m) => sum + m.size, 0) > limits.max_total_bytes) {
    errors.media = `Tổng dung lượng ảnh/video tối đa ${formatBytes(limits.max_total_bytes)}.`;
  }
  if (draft.kind.asks_vehicle_plate && draft.vehiclePlate.trim() && !/^[0-9A-Za-z][0-9A-Za-z .-]{2,15}$/.test(draft.vehiclePlate.trim())) {
    errors.vehiclePlate = "Biển số chỉ gồm chữ, số, dấu chấm và gạch ngang (ví dụ 29A-123.45).";
  }
  if (!draft.anonymous && draft.contactPhone.trim() && !/^\+?[0-9][0-9 .]{7,14}$/.test(draft.contactPhone.trim())) {
    errors.contactPhone = "Số điện thoại không hợp lệ (ví dụ 0912345678).";
  }
  if (draft.occurredAt && new Date(draft.occurredAt).getTime() > Date.now() + 10 * 60_000) {
    errors.occurredAt = "Thời gian xảy ra không thể ở tương lai.";
  }
  return errors;
}

/** Server field names → the form's. */
export function fieldErrors(fields: Record<string, string[]>): DraftErrors {
  const first = (name: string) => fields[name]?.[0];
  const errors: DraftErrors = {
    description: first("description"),
    place: first("location") ?? first("area") ?? first("address") ?? first("location_token"),
    media: first("files") ?? first("media"),
    vehiclePlate: first("vehicle_plate"),
    contactPhone: first("contact_phone"),
    occurredAt: first("occurred_at"),
  };
  return Object.fromEntries(Object.entries(errors).filter(([, v]) => v)) as DraftErrors;
}

const TYPABLE = /^[A-Za-z0-9 -]+$/;

export function trackCodeProblem(value: string): string | null {
  const v = codeClean(value);
  if (!v) return "Nhập mã theo dõi nhận được khi gửi tin (ví dụ PA-7KQ2M9XH).";
  return TYPABLE.test(v) && v.length >= 8 && v.length <= 16 ? null : "Mã theo dõi gồm chữ và số, ví dụ PA-7KQ2M9XH.";
}

export function trackSecretProblem(value: string): string | null {
  const v = codeClean(value);
  if (!v) return "Nhập mã bí mật nhận được khi gửi tin.";
  return TYPABLE.test(v) && v.length >= 6 && v.length <= 20 ? null : "Mã bí mật gồm chữ và số.";
}

export function clockText(kind: ReportKind): string {
  return kind.clock_text;
}
