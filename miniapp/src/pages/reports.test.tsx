import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { ReportForm } from "../services/types";
import { devBridge, setZaloBridge } from "../services/zalo";
import { useAppStore } from "../store";
import { crimeTip, denunciation, page, traffic } from "../test/fixtures";
import { renderPage } from "../test/render";
import ReportsPage from "./Reports";
import MyReportsPage from "./Reports/Mine";
import NewReportPage from "./Reports/New";
import TrackReportPage from "./Reports/Track";

const form: ReportForm = {
  emergency: { number: "113", text: "Không dùng biểu mẫu này cho trường hợp khẩn cấp: hãy gọi ngay 113." },
  anonymity: { anonymous: "Gửi ẩn danh: hệ thống KHÔNG lưu tài khoản Zalo của bạn.", named: "Gửi kèm danh tính: chỉ cán bộ của đơn vị được giao xem được." },
  false_report_warning: "Cố ý báo tin sai sự thật có thể bị xử lý.",
  limits: { max_files: 5, max_photo_bytes: 10_000_000, max_video_bytes: 50_000_000, max_total_bytes: 80_000_000 },
  kind_guide: "Khiếu nại hay tố cáo? Khiếu nại khi quyết định gây thiệt hại cho chính bạn. Tố cáo khi cán bộ làm trái pháp luật.",
  kinds: [crimeTip, traffic, denunciation],
};
const tracked = {
  code: "PA-7KQ2M9XH",
  kind: "Tin báo, tố giác tội phạm",
  status: "verifying",
  status_label: "Đang xác minh",
  status_meaning: "Cán bộ đang xác minh thông tin bạn cung cấp.",
  outcome: "",
  outcome_label: "",
  received_at: "2026-11-30T08:00:00+07:00",
  due_date: "2026-12-20",
  due_date_label: "Hạn giải quyết",
  paused_since: null,
  closed_at: null,
  updated_at: "2026-11-30T09:00:00+07:00",
  history: [
    { status: "received", status_label: "Đã tiếp nhận", at: "2026-11-30T08:00:00+07:00" },
    { status: "verifying", status_label: "Đang xác minh", at: "2026-11-30T09:00:00+07:00" },
  ],
  replies: [{ at: "2026-11-30T09:05:00+07:00", text: "Chúng tôi đang xác minh, cảm ơn bạn." }],
};

function json(body: unknown, status = 200) {
  return new Response(JSON.stringify(body), { status });
}

function api(routes: Record<string, (init?: RequestInit) => Response>) {
  return vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const path = new URL(String(input), "http://localhost").pathname;
    const handler = routes[path];
    return handler ? handler(init) : json({ code: "not_found", message: "Không tìm thấy.", fields: {} }, 404);
  });
}

beforeEach(() => {
  useAppStore.setState({ authToken: null, authExpiresAt: 0 });
  setZaloBridge(devBridge);
  window.__zaloCalls = [];
});
afterEach(() => vi.unstubAllGlobals());

describe("Tin báo, phản ánh", () => {
  it("puts the 113 notice, with a call button, before the kinds", async () => {
    vi.stubGlobal("fetch", api({ "/api/v1/reports/form": () => json(form) }));
    renderPage(<ReportsPage />, { path: "/reports", route: "/reports" });
    const notice = screen.getByTestId("report-emergency");
    expect(notice).toHaveTextContent("Khẩn cấp gọi 113");
    const call = within(notice).getByRole("link", { name: "Gọi 113" });
    expect(call).toHaveAttribute("href", "tel:113");
    const kind = await screen.findByRole("button", { name: /Tin báo, tố giác tội phạm/ });
    expect(notice.compareDocumentPosition(kind) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
    await userEvent.click(call);
    expect(window.__zaloCalls).toContainEqual({ api: "openPhone", args: { phoneNumber: "113" } });
  });

  it("offers tố cáo beside the other kinds with its clock and says how it differs from khiếu nại", async () => {
    vi.stubGlobal("fetch", api({ "/api/v1/reports/form": () => json(form) }));
    renderPage(<ReportsPage />, { path: "/reports", route: "/reports" });
    const choice = await screen.findByRole("button", { name: /Tố cáo cán bộ vi phạm/ });
    expect(choice).toHaveTextContent("thụ lý trong 7 ngày làm việc");
    expect(screen.getByTestId("kind-guide")).toHaveTextContent("Khiếu nại hay tố cáo?");
  });

  it("walks an anonymous report with a photo through review to the code and the secret", async () => {
    const fetchMock = api({
      "/api/v1/reports/form": () => json(form),
      "/api/v1/reports/areas": () => json(page([{ id: 7, name: "Công an phường Đồng Tâm", parent_name: "" }])),
      "/api/v1/reports/": () => json({ code: "PA-7KQ2M9XH", secret: "ABCDEFGHJK", kind: crimeTip.name, is_anonymous: true, received_at: "2026-11-30T08:00:00+07:00", due_date: "2026-12-20", due_date_label: "Hạn giải quyết" }, 201),
    });
    vi.stubGlobal("fetch", fetchMock);
    const writeText = vi.fn(async () => undefined);
    Object.defineProperty(navigator, "clipboard", { value: { writeText }, configurable: true });
    renderPage(<NewReportPage />, { path: "/reports/new/to-giac-toi-pham", route: "/reports/new/:kind" });
    const description = await screen.findByLabelText("Nội dung sự việc *");
    const anonymous = screen.getByRole("checkbox", { name: "Gửi ẩn danh" });
    expect(anonymous).not.toBeChecked(); // offered for a crime tip, never pre-ticked
    await userEvent.click(anonymous);
    expect(screen.getByTestId("anonymity-text")).toHaveTextContent("KHÔNG lưu tài khoản Zalo");
    await userEvent.click(screen.getByRole("button", { name: "Xem lại trước khi gửi" }));
    expect(await screen.findByText(/ít nhất 10 ký tự/)).toBeInTheDocument(); // checked before any request
    await userEvent.type(description, "Có nhóm người đánh bạc ở quán nước đầu ngõ 12.");
    expect(screen.queryByText(/ít nhất 10 ký tự/)).not.toBeInTheDocument(); // fixed: the error goes
    await userEvent.upload(screen.getByLabelText("Chọn ảnh hoặc video"), new File([new Uint8Array(50)], "anh.jpg", { type: "image/jpeg" }));
    expect(screen.getByText(/anh\.jpg/)).toBeInTheDocument();
    await userEvent.selectOptions(await screen.findByLabelText("Hoặc chọn xã/phường"), "7");
    await userEvent.click(screen.getByRole("button", { name: "Xem lại trước khi gửi" }));
    expect(await screen.findByRole("heading", { name: "Kiểm tra lại trước khi gửi" })).toBeInTheDocument();
    expect(screen.getByText("Ẩn danh")).toBeInTheDocument();
    await userEvent.click(screen.getByRole("button", { name: "Gửi tin" }));
    expect(await screen.findByTestId("report-code")).toHaveTextContent("PA-7KQ2M9XH");
    expect(screen.getByTestId("report-secret")).toHaveTextContent("ABCDEFGHJK");
    await userEvent.click(screen.getByRole("button", { name: "Sao chép mã" }));
    expect(writeText).toHaveBeenCalledWith("Mã theo dõi: PA-7KQ2M9XH\nMã bí mật: ABCDEFGHJK");
    const sent = fetchMock.mock.calls.find((c) => String(c[0]).endsWith("/reports/")) as unknown as [string, RequestInit];
    expect((sent[1].body as FormData).get("area")).toBe("7");
  });

  it("explains who sees the identity when the citizen does not tick anonymity, and asks for contact", async () => {
    vi.stubGlobal("fetch", api({ "/api/v1/reports/form": () => json(form), "/api/v1/reports/areas": () => json(page([])) }));
    renderPage(<NewReportPage />, { path: "/reports/new/to-giac-toi-pham", route: "/reports/new/:kind" });
    expect(await screen.findByRole("checkbox", { name: "Gửi ẩn danh" })).not.toBeChecked();
    expect(screen.getByTestId("anonymity-text")).toHaveTextContent("chỉ cán bộ của đơn vị được giao");
    expect(screen.getByLabelText("Số điện thoại")).toBeInTheDocument();
  });

  it("takes the place from Zalo's location after a tap", async () => {
    vi.stubGlobal("fetch", api({ "/api/v1/reports/form": () => json(form), "/api/v1/reports/areas": () => json(page([])) }));
    renderPage(<NewReportPage />, { path: "/reports/new/vi-pham-giao-thong", route: "/reports/new/:kind" });
    const locate = await screen.findByRole("button", { name: "Lấy vị trí hiện tại" });
    expect(window.__zaloCalls?.some((c) => c.api === "getLocation")).toBe(false);
    await userEvent.click(locate);
    expect(await screen.findByRole("button", { name: "Đã lấy vị trí hiện tại ✓" })).toBeInTheDocument();
    expect(screen.getByLabelText("Biển số phương tiện (nếu thấy rõ)")).toBeInTheDocument();
  });

  it("shows the server's message when a photo is refused", async () => {
    vi.stubGlobal(
      "fetch",
      api({
        "/api/v1/reports/form": () => json(form),
        "/api/v1/reports/areas": () => json(page([])),
        "/api/v1/reports/": () => json({ code: "file_type_refused", message: "Chỉ nhận ảnh hoặc video.", fields: { files: ["Tệp thứ 1: không phải ảnh."] } }, 400),
      }),
    );
    renderPage(<NewReportPage />, { path: "/reports/new/to-giac-toi-pham", route: "/reports/new/:kind" });
    await userEvent.type(await screen.findByLabelText("Nội dung sự việc *"), "Có người đánh bạc ở đầu ngõ.");
    await userEvent.click(screen.getByRole("checkbox", { name: "Gửi ẩn danh" }));
    await userEvent.click(screen.getByRole("button", { name: "Xem lại trước khi gửi" }));
    await userEvent.click(await screen.findByRole("button", { name: "Gửi tin" }));
    expect(await screen.findByText("Tệp thứ 1: không phải ảnh.")).toBeInTheDocument();
    expect(screen.getByRole("alert")).toHaveTextContent("Chỉ nhận ảnh hoặc video.");
  });
});

describe("Tra cứu tin đã gửi", () => {
  it("shows status, dates and replies for the right code and secret", async () => {
    vi.stubGlobal("fetch", api({ "/api/v1/reports/track": () => json(tracked) }));
    renderPage(<TrackReportPage />, { path: "/reports/track?code=PA-7KQ2M9XH", route: "/reports/track" });
    expect(await screen.findByDisplayValue("PA-7KQ2M9XH")).toBeInTheDocument();
    await userEvent.type(screen.getByLabelText("Mã bí mật"), "ABCDEFGHJK");
    await userEvent.click(screen.getByRole("button", { name: "Tra cứu" }));
    expect(await screen.findByTestId("report-status")).toHaveTextContent("Đang xác minh");
    expect(screen.getByText("Chúng tôi đang xác minh, cảm ơn bạn.")).toBeInTheDocument();
    expect(screen.getByText("20/12/2026")).toBeInTheDocument();
  });

  it("says a suspended report's clock stands still since when", async () => {
    const suspended = {
      ...tracked,
      status: "suspended",
      status_label: "Tạm đình chỉ",
      status_meaning: "Việc giải quyết đang tạm dừng (tạm đình chỉ). Thời gian tạm dừng không tính vào thời hạn.",
      due_date_label: "Hạn giải quyết (đang tạm dừng, sẽ lùi thêm khi giải quyết lại)",
      paused_since: "2026-12-05",
    };
    vi.stubGlobal("fetch", api({ "/api/v1/reports/track": () => json(suspended) }));
    renderPage(<TrackReportPage />, { path: "/reports/track?code=PA-7KQ2M9XH", route: "/reports/track" });
    await userEvent.type(await screen.findByLabelText("Mã bí mật"), "ABCDEFGHJK");
    await userEvent.click(screen.getByRole("button", { name: "Tra cứu" }));
    expect(await screen.findByTestId("report-status")).toHaveTextContent("Tạm đình chỉ");
    expect(screen.getByText("Tạm dừng từ")).toBeInTheDocument();
    expect(screen.getByText("05/12/2026")).toBeInTheDocument();
    expect(screen.getByText(/sẽ lùi thêm khi giải quyết lại/)).toBeInTheDocument();
  });

  it("says nothing matched without saying which of the two was wrong", async () => {
    vi.stubGlobal("fetch", api({ "/api/v1/reports/track": () => json({ code: "report_not_found", message: "Không tìm thấy tin báo khớp với mã theo dõi và mã bí mật.", fields: {} }, 404) }));
    renderPage(<TrackReportPage />, { path: "/reports/track", route: "/reports/track" });
    await userEvent.type(screen.getByLabelText("Mã theo dõi"), "PA-23456789");
    await userEvent.type(screen.getByLabelText("Mã bí mật"), "ABCDEFGHJK");
    await userEvent.click(screen.getByRole("button", { name: "Tra cứu" }));
    expect(await screen.findByRole("alert")).toHaveTextContent("Không tìm thấy tin báo");
  });
});

describe("Tin báo, phản ánh của tôi", () => {
  it("explains why anonymous reports are not listed", async () => {
    vi.stubGlobal(
      "fetch",
      vi.fn(async (input: RequestInfo | URL) =>
        String(input).endsWith("auth/zalo")
          ? json({ access_token: "ours", access_expires_in: 3600, refresh_token: "r", citizen: { id: 1, display_name: "An", avatar_url: "", follows_oa: false } })
          : json(page([])),
      ),
    );
    renderPage(<MyReportsPage />, { path: "/reports/mine", route: "/reports/mine" });
    expect(await screen.findByText("Bạn chưa gửi tin nào kèm danh tính")).toBeInTheDocument();
    expect(screen.getByText(/Tin gửi ẩn danh không gắn với tài khoản/)).toBeInTheDocument();
  });
});
