import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { DossierView, deadlineText } from "../components/Dossier";
import { codeFromScan, verifierProblem } from "../services/dossiers";
import type { DossierListItem, DossierResult } from "../services/types";
import { useAppStore } from "../store";
import { page } from "../test/fixtures";
import { renderPage } from "../test/render";
import DossierLookupPage from "./DossierLookup";
import MyDossiersPage from "./MyDossiers";

const session = { access_token: "ours", access_expires_in: 3600, refresh_token: "r", citizen: { id: 1, display_name: "An", avatar_url: "", follows_oa: false } };

function json(body: unknown, status = 200): Response {
  return new Response(status === 204 ? null : JSON.stringify(body), { status });
}

export const result: DossierResult = {
  id: 5,
  code: "HS-DEMO-0001",
  status: 4,
  status_label: "Đang xử lý",
  meaning: "Hồ sơ đang được giải quyết.",
  next_step: "Bạn chưa cần làm gì.",
  procedure: { id: 3, code: "1.004222", name: "Đăng ký thường trú" },
  unit: { id: 9, name: "Công an phường Đồng Tâm (Demo)", address: "Tổ 3", working_hours: "", phones: [{ label: "truc_ban", label_display: "Trực ban", number: "0206 111 222", note: "" }] },
  channel: "truc_tiep",
  channel_label: "Nộp trực tiếp",
  delivery: "electronic",
  delivery_label: "Bản điện tử, cập nhật trên VNeID",
  received_at: "2026-11-16T08:00:00+07:00",
  appointment_date: "2026-11-25",
  deadline: { state: "on_time", label: "Trong hạn", working_days_left: 3, working_days_overdue: null },
  finished_at: null,
  returned_at: null,
  reason: "",
  supplement_deadline: null,
  collect_location: "",
  collect_note: "",
  fee_due: null,
  applicant_name_masked: "Nguyễn V. A.",
  timeline: [
    { status: 2, status_label: "Được tiếp nhận", occurred_at: "2026-11-16T08:00:00+07:00", note: "Cán bộ đã tiếp nhận hồ sơ.", by: "Cán bộ tiếp nhận, giải quyết" },
    { status: 4, status_label: "Đang xử lý", occurred_at: "2026-11-17T10:00:00+07:00", note: "Đang kiểm tra chỗ ở.", by: "Cán bộ tiếp nhận, giải quyết" },
  ],
  following: false,
  updated_at: "2026-11-17T10:00:00+07:00",
  confirmed_at: "2026-11-17T10:05:00+07:00",
  confirmed_by: "Hệ thống một cửa",
  follow_token: "signed",
};

beforeEach(() => {
  useAppStore.setState({ authToken: null, authExpiresAt: 0 });
  window.__zaloCalls = [];
  window.__zaloNextScan = undefined;
});

afterEach(() => vi.unstubAllGlobals());

describe("dossier helpers", () => {
  it("reads the code from our slip's QR link or a bare code, and refuses anything else", () => {
    expect(codeFromScan("https://zalo.me/s/123/dossiers/lookup?code=H56.14-250225-0001")).toBe("H56.14-250225-0001");
    expect(codeFromScan("HS-DEMO-0002")).toBe("HS-DEMO-0002");
    expect(codeFromScan("https://example.com/khuyen-mai")).toBeNull();
    expect(codeFromScan("mã có dấu")).toBeNull();
  });

  it("accepts four ID digits or a phone as the second factor", () => {
    expect(verifierProblem("6789")).toBeNull();
    expect(verifierProblem("0912 345 678")).toBeNull();
    expect(verifierProblem("+84912345678")).toBeNull();
    expect(verifierProblem("12")).toMatch(/4 số cuối số định danh cá nhân/);
    expect(verifierProblem("012345678")).toMatch(/Chứng minh nhân dân 9 số không còn giá trị/);
    expect(verifierProblem("012 345 678")).toMatch(/Chứng minh nhân dân 9 số/);
    expect(verifierProblem("001090001234")).toMatch(/Chỉ nhập 4 số cuối/);
    expect(verifierProblem("0912345678")).toBeNull();
    expect(verifierProblem("")).toMatch(/Nhập/);
  });

  it("says the countdown in working days", () => {
    expect(deadlineText({ state: "on_time", label: "", working_days_left: 3, working_days_overdue: null })).toBe("Còn 3 ngày làm việc");
    expect(deadlineText({ state: "due_soon", label: "", working_days_left: 0, working_days_overdue: null })).toBe("Hôm nay là ngày hẹn trả");
    expect(deadlineText({ state: "overdue", label: "", working_days_left: 0, working_days_overdue: 2 })).toBe("Đã quá ngày hẹn 2 ngày làm việc");
  });
});

describe("DossierView", () => {
  it("shows the status in plain words, the newest step first, and the unit to call", async () => {
    const onCall = vi.fn();
    renderPage(<DossierView dossier={result} onCall={onCall} onOpenProcedure={vi.fn()} followSlot={null} />);
    expect(screen.getByText("Hồ sơ đang được giải quyết.")).toBeInTheDocument();
    expect(screen.getByText(/Còn 3 ngày làm việc/)).toBeInTheDocument();
    expect(screen.getByText(/Hệ thống một cửa xác nhận trạng thái lúc/)).toBeInTheDocument();
    const steps = screen.getAllByRole("listitem");
    expect(steps[0]).toHaveTextContent("Đang xử lý");
    expect(steps[1]).toHaveTextContent("Được tiếp nhận");
    await userEvent.click(screen.getByRole("button", { name: /Gọi Trực ban/ }));
    expect(onCall).toHaveBeenCalledWith("0206 111 222");
  });

  it("says how the result comes, and names a counter only when the result is collected there", () => {
    const electronic = { ...result, collect_location: "Quầy 2" };
    const { unmount } = renderPage(<DossierView dossier={electronic} onCall={vi.fn()} onOpenProcedure={vi.fn()} followSlot={null} />);
    expect(screen.getByText("Cách nhận kết quả")).toBeInTheDocument();
    expect(screen.getByText("Bản điện tử, cập nhật trên VNeID")).toBeInTheDocument();
    expect(screen.queryByText("Nơi nhận kết quả")).not.toBeInTheDocument();
    unmount();
    const counter = { ...electronic, delivery: "counter" as const, delivery_label: "Nhận tại nơi nộp hồ sơ" };
    renderPage(<DossierView dossier={counter} onCall={vi.fn()} onOpenProcedure={vi.fn()} followSlot={null} />);
    expect(screen.getByText("Nơi nhận kết quả")).toBeInTheDocument();
  });
});

describe("Tra cứu hồ sơ", () => {
  it("checks the form before calling the server", async () => {
    const fetchMock = vi.fn();
    vi.stubGlobal("fetch", fetchMock);
    renderPage(<DossierLookupPage />, { path: "/dossiers/lookup", route: "/dossiers/lookup" });
    await userEvent.click(screen.getByRole("button", { name: "Tra cứu" }));
    expect(await screen.findByText("Nhập mã hồ sơ in trên giấy hẹn.")).toBeInTheDocument();
    expect(fetchMock).not.toHaveBeenCalled();
  });

  it("fills the code from the slip's QR", async () => {
    window.__zaloNextScan = "https://zalo.me/s/123/dossiers/lookup?code=HS-DEMO-0004";
    renderPage(<DossierLookupPage />, { path: "/dossiers/lookup", route: "/dossiers/lookup" });
    await userEvent.click(screen.getByRole("button", { name: "Quét QR" }));
    expect(await screen.findByDisplayValue("HS-DEMO-0004")).toBeInTheDocument();
    expect(window.__zaloCalls).toContainEqual({ api: "scanQRCode", args: {} });
  });

  it("takes the code from the deep link", async () => {
    renderPage(<DossierLookupPage />, { path: "/dossiers/lookup?code=HS-DEMO-0003", route: "/dossiers/lookup" });
    expect(await screen.findByDisplayValue("HS-DEMO-0003")).toBeInTheDocument();
  });

  it("sends code and factor in the body and shows the server's answer when nothing matches", async () => {
    const fetchMock = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
      if (String(input).endsWith("auth/zalo")) return json(session);
      expect(String(input)).not.toContain("HS-DEMO");
      expect(JSON.parse(String(init?.body))).toEqual({ code: "HS-DEMO-0001", verifier: "1111" });
      return json({ code: "dossier_not_found", message: "Không tìm thấy hồ sơ khớp với mã hồ sơ và thông tin xác minh.", fields: {} }, 404);
    });
    vi.stubGlobal("fetch", fetchMock);
    renderPage(<DossierLookupPage />, { path: "/dossiers/lookup", route: "/dossiers/lookup" });
    await userEvent.type(screen.getByLabelText("Mã hồ sơ"), "HS-DEMO-0001");
    await userEvent.type(screen.getByLabelText(/4 số cuối/), "1111");
    await userEvent.click(screen.getByRole("button", { name: "Tra cứu" }));
    expect(await screen.findByRole("alert")).toHaveTextContent("Không tìm thấy hồ sơ");
  });
});

describe("Hồ sơ của tôi", () => {
  const item: DossierListItem = {
    id: 5,
    code: "HS-DEMO-0001",
    procedure_name: "Đăng ký thường trú",
    unit_name: "Công an phường Đồng Tâm (Demo)",
    status: 5,
    status_label: "Yêu cầu bổ sung giấy tờ",
    received_at: "2026-11-16T08:00:00+07:00",
    appointment_date: "2026-11-20",
    deadline: { state: "overdue", label: "Quá hạn", working_days_left: 0, working_days_overdue: 1 },
    following: true,
    updated_at: "2026-11-17T10:00:00+07:00",
    confirmed_at: null,
    confirmed_by: "Cán bộ tiếp nhận",
  };

  it("lists my dossiers with status and deadline badges", async () => {
    vi.stubGlobal(
      "fetch",
      vi.fn(async (input: RequestInfo | URL) => {
        const url = String(input);
        if (url.endsWith("auth/zalo")) return json(session);
        if (url.includes("me/dossiers/")) return json(page([item]));
        return json(page([]));
      }),
    );
    renderPage(<MyDossiersPage />, { path: "/dossiers/mine", route: "/dossiers/mine" });
    const card = await screen.findByRole("button", { name: /^Hồ sơ HS-DEMO-0001 .*Yêu cầu bổ sung giấy tờ/ });
    expect(card).toHaveTextContent("Đã quá ngày hẹn 1 ngày làm việc");
    expect(card).toHaveTextContent("Đang theo dõi");
  });

  it("loads the next page of my dossiers on request", async () => {
    const second = { ...item, id: 6, code: "HS-DEMO-0002" };
    const calls: string[] = [];
    vi.stubGlobal(
      "fetch",
      vi.fn(async (input: RequestInfo | URL) => {
        const url = String(input);
        if (url.endsWith("auth/zalo")) return json(session);
        if (url.includes("me/dossiers/?page=2")) {
          calls.push(url);
          return json({ ...page([second]), count: 2 });
        }
        if (url.includes("me/dossiers/")) return json({ ...page([item], "me/dossiers/?page=2"), count: 2 });
        return json(page([]));
      }),
    );
    renderPage(<MyDossiersPage />, { path: "/dossiers/mine", route: "/dossiers/mine" });
    const more = await screen.findByRole("button", { name: "Xem thêm (đang hiện 1/2)" });
    expect(screen.queryByRole("button", { name: /HS-DEMO-0002/ })).not.toBeInTheDocument();
    await userEvent.click(more);
    expect(await screen.findByRole("button", { name: /^Hồ sơ HS-DEMO-0002 / })).toBeInTheDocument();
    expect(calls).toHaveLength(1);
    expect(screen.queryByRole("button", { name: /Xem thêm/ })).not.toBeInTheDocument();
  });

  it("explains and offers phone verification when the phone is not verified", async () => {
    vi.stubGlobal(
      "fetch",
      vi.fn(async (input: RequestInfo | URL) => {
        const url = String(input);
        if (url.endsWith("auth/zalo")) return json(session);
        if (url.includes("me/dossiers/")) return json({ code: "phone_not_verified", message: "Cần xác minh.", fields: {} }, 403);
        return json(page([]));
      }),
    );
    renderPage(<MyDossiersPage />, { path: "/dossiers/mine", route: "/dossiers/mine" });
    expect(await screen.findByRole("button", { name: "Xác minh số điện thoại" })).toBeInTheDocument();
    expect(screen.getByText(/không cần mã hồ sơ/)).toBeInTheDocument();
  });

  it("asks the one-stop systems again, then reloads my list and says how many changed", async () => {
    let listCalls = 0;
    const fetchMock = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
      const url = String(input);
      if (url.endsWith("auth/zalo")) return json(session);
      if (url.includes("me/dossiers/refresh/")) {
        expect(init?.method).toBe("POST");
        return json({ asked: 3, updated: 2 });
      }
      if (url.includes("me/dossiers/")) {
        listCalls += 1;
        return json(page([item]));
      }
      return json(page([]));
    });
    vi.stubGlobal("fetch", fetchMock);
    renderPage(<MyDossiersPage />, { path: "/dossiers/mine", route: "/dossiers/mine" });
    await screen.findByRole("button", { name: /^Hồ sơ HS-DEMO-0001/ });
    const before = listCalls;
    await userEvent.click(screen.getByRole("button", { name: "Cập nhật trạng thái" }));
    expect(await screen.findByText("Đã cập nhật 2 hồ sơ.")).toHaveAttribute("aria-live", "polite");
    await waitFor(() => expect(listCalls).toBeGreaterThan(before));
  });

  it("says nothing changed when the sources had nothing new", async () => {
    vi.stubGlobal(
      "fetch",
      vi.fn(async (input: RequestInfo | URL) => {
        const url = String(input);
        if (url.endsWith("auth/zalo")) return json(session);
        if (url.includes("me/dossiers/refresh/")) return json({ asked: 0, updated: 0 });
        if (url.includes("me/dossiers/")) return json(page([item]));
        return json(page([]));
      }),
    );
    renderPage(<MyDossiersPage />, { path: "/dossiers/mine", route: "/dossiers/mine" });
    await userEvent.click(await screen.findByRole("button", { name: "Cập nhật trạng thái" }));
    expect(await screen.findByText("Không có thay đổi mới.")).toBeInTheDocument();
  });

  it("shows the server's words when asked too often", async () => {
    let answer: (r: Response) => void = () => undefined;
    vi.stubGlobal(
      "fetch",
      vi.fn(async (input: RequestInfo | URL) => {
        const url = String(input);
        if (url.endsWith("auth/zalo")) return json(session);
        if (url.includes("me/dossiers/refresh/")) return new Promise<Response>((resolve) => (answer = resolve));
        if (url.includes("me/dossiers/")) return json(page([item]));
        return json(page([]));
      }),
    );
    renderPage(<MyDossiersPage />, { path: "/dossiers/mine", route: "/dossiers/mine" });
    await userEvent.click(await screen.findByRole("button", { name: "Cập nhật trạng thái" }));
    expect(await screen.findByRole("button", { name: "Đang cập nhật..." })).toBeDisabled();
    answer(json({ code: "rate_limited", message: "Bạn đã cập nhật nhiều lần. Vui lòng thử lại sau ít phút.", fields: {} }, 429));
    expect(await screen.findByText("Bạn đã cập nhật nhiều lần. Vui lòng thử lại sau ít phút.")).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Cập nhật trạng thái" })).toBeEnabled();
  });
});
