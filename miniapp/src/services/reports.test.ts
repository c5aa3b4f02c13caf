import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { deviceId } from "./device";
import { useAppStore } from "../store";
import {
  draftProblems,
  emptyDraft,
  fieldErrors,
  mediaFromFile,
  mediaFromUpload,
  submitReport,
  trackCodeProblem,
  trackReport,
} from "./reports";
import { crimeTip, traffic } from "../test/fixtures";
import { DEMO_LOCATION_TOKEN, devBridge, setZaloBridge } from "./zalo";

const limits = { max_files: 2, max_photo_bytes: 1000, max_video_bytes: 5000, max_total_bytes: 6000 };
const session = { access_token: "ours", access_expires_in: 3600, refresh_token: "r", citizen: { id: 1, display_name: "An", avatar_url: "", follows_oa: false } };
const created = { code: "PA-7KQ2M9XH", secret: "ABCDEFGHJK", kind: "Tin báo", is_anonymous: true, received_at: "2026-11-30T08:00:00+07:00", due_date: "2026-12-20", due_date_label: "Hạn giải quyết" };

function json(body: unknown, status = 200) {
  return new Response(JSON.stringify(body), { status });
}

function photo(size = 100, name = "a.jpg"): File {
  return new File([new Uint8Array(size)], name, { type: "image/jpeg" });
}

beforeEach(() => {
  useAppStore.setState({ authToken: null, authExpiresAt: 0 });
  setZaloBridge(devBridge);
  window.__zaloCalls = [];
});
afterEach(() => vi.unstubAllGlobals());

describe("report checks before sending", () => {
  it("asks a traffic violation for a place and a photo, and every report for a real description", () => {
    const problems = draftProblems({ ...emptyDraft(traffic), description: "ngắn" }, limits);
    expect(Object.keys(problems).sort()).toEqual(["description", "media", "place"]);
    const ok = { ...emptyDraft(traffic), description: "Xe tải đi vào đường cấm giờ cao điểm.", media: [mediaFromFile(photo())], place: { type: "location" as const, token: "t" } };
    expect(draftProblems(ok, limits)).toEqual({});
  });

  it("refuses too many or too large files before uploading them", () => {
    const base = { ...emptyDraft(crimeTip), description: "Có người đánh bạc ở đầu ngõ." };
    expect(draftProblems({ ...base, media: [mediaFromFile(photo(2000, "to.jpg"))] }, limits).media).toMatch(/quá lớn/);
    expect(draftProblems({ ...base, media: [1, 2, 3].map(() => mediaFromFile(photo())) }, limits).media).toMatch(/tối đa 2/);
  });

  it("maps the server's field names onto the form", () => {
    expect(fieldErrors({ location: ["Cần nơi xảy ra"], files: ["Quá lớn"], vehicle_plate: ["Sai"] })).toEqual({ place: "Cần nơi xảy ra", media: "Quá lớn", vehiclePlate: "Sai" });
  });

  it("reads Zalo's upload answer, or says the upload failed", () => {
    expect(mediaFromUpload(JSON.stringify({ token: "tok", media_type: "photo", size: 10 }), "photo")).toMatchObject({ source: "uploaded", token: "tok" });
    expect(() => mediaFromUpload(JSON.stringify({ code: "file_type_refused", message: "Chỉ nhận ảnh" }), "photo")).toThrow("Chỉ nhận ảnh");
    expect(() => mediaFromUpload("<html>", "photo")).toThrow(/không thành công/);
  });

  it("checks the tracking code's shape", () => {
    expect(trackCodeProblem("PA-7KQ2M9XH")).toBeNull();
    expect(trackCodeProblem("")).toMatch(/Nhập mã/);
    expect(trackCodeProblem("PA<script>")).toMatch(/chữ và số/);
  });
});

describe("sending a report", () => {
  it("sends an anonymous report as multipart with no Authorization header and no sign-in, even when signed in", async () => {
    useAppStore.setState({ authToken: "ours", authExpiresAt: Date.now() + 60_000 });
    const fetchMock = vi.fn(async () => json(created, 201));
    vi.stubGlobal("fetch", fetchMock);
    expect(emptyDraft(crimeTip).anonymous).toBe(false); // offered, never pre-ticked: the citizen ticks it
    const draft = { ...emptyDraft(crimeTip), anonymous: true, description: "Có người đánh bạc ở đầu ngõ 12.", media: [mediaFromFile(photo())], contactName: "Không gửi" };
    await submitReport(draft);
    expect(fetchMock).toHaveBeenCalledTimes(1);
    const [url, init] = fetchMock.mock.calls[0] as unknown as [string, RequestInit];
    expect(url).toBe("/api/v1/reports/");
    const headers = new Headers(init.headers);
    expect(headers.get("Authorization")).toBeNull();
    expect(headers.get("Content-Type")).toBeNull(); // the browser writes the multipart boundary
    expect(headers.get("X-Device-Id")).toBe(deviceId()); // the one id of this phone (services/device.ts)
    const body = init.body as FormData;
    expect(body.get("is_anonymous")).toBe("true");
    expect(body.get("contact_name")).toBeNull();
    expect((body.get("files") as File).name).toBe("a.jpg");
  });

  it("signs in for a named report and sends Zalo's location token with the access token to exchange it", async () => {
    const fetchMock = vi.fn(async (input: RequestInfo | URL) => (String(input).endsWith("auth/zalo") ? json(session) : json({ ...created, is_anonymous: false }, 201)));
    vi.stubGlobal("fetch", fetchMock);
    const draft = { ...emptyDraft(crimeTip), anonymous: false, description: "Có người đánh bạc.", contactPhone: "0912345678", place: { type: "location" as const, token: DEMO_LOCATION_TOKEN } };
    await submitReport(draft);
    const [, init] = fetchMock.mock.calls.find((c) => String(c[0]).endsWith("reports/")) as unknown as [string, RequestInit];
    expect(new Headers(init.headers).get("Authorization")).toBe("Bearer ours");
    const body = init.body as FormData;
    expect(body.get("location_token")).toBe(DEMO_LOCATION_TOKEN);
    expect(body.get("zalo_access_token")).toBe("fake-dev-demo-user");
    expect(body.get("contact_phone")).toBe("0912345678");
  });

  it("tracks with code and secret in the body, never the URL", async () => {
    const fetchMock = vi.fn(async () => json({ code: "report_not_found", message: "Không tìm thấy tin báo.", fields: {} }, 404));
    vi.stubGlobal("fetch", fetchMock);
    await expect(trackReport("PA-7KQ2M9XH", "ABCDEFGHJK")).rejects.toThrow("Không tìm thấy tin báo.");
    const [url, init] = fetchMock.mock.calls[0] as unknown as [string, RequestInit];
    expect(url).toBe("/api/v1/reports/track");
    expect(JSON.parse(String(init.body))).toEqual({ code: "PA-7KQ2M9XH", secret: "ABCDEFGHJK" });
  });
});
