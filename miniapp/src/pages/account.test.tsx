import { screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { renderPage } from "../test/render";
import { useAppStore } from "../store";
import { consentTitle, deleteAccount, downloadMyData, withdrawable } from "../services/privacy";
import type { Consent, PrivacyNotice } from "../services/types";
import { devBridge, setZaloBridge } from "../services/zalo";
import AccountPage from "./Account";
import DeleteAccountPage from "./Account/Delete";
import PrivacyPage from "./Account/Privacy";
import { ConsentNote } from "../widgets/ConsentNote";

const session = { access_token: "ours-1", access_expires_in: 3600, refresh_token: "r", citizen: { id: 1, display_name: "An", avatar_url: "", follows_oa: false } };

function consent(extra: Partial<Consent>): Consent {
  return {
    id: 1,
    purpose: "follow",
    purpose_display: "Theo dõi hồ sơ và nhận tin khi hồ sơ thay đổi",
    subject: "Hồ sơ A-0001",
    text_version: "2026-12",
    granted_at: "2026-12-01T08:00:00+07:00",
    withdrawn_at: null,
    withdrawable: true,
    ...extra,
  };
}

const reportConsent = consent({ id: 2, purpose: "report", purpose_display: "Gửi tin báo, phản ánh có ghi tên", subject: "Tin báo PA-1", withdrawable: false });
const me = { id: 1, display_name: "An", avatar_url: "", follows_oa: false, phone_masked: "", phone_verified_at: null, miniapp_notifications_allowed: false, consents: [consent({}), reportConsent] };

const privacy: PrivacyNotice = {
  law: "Luật Bảo vệ dữ liệu cá nhân năm 2025 (có hiệu lực từ ngày 01/01/2026)",
  controller: { name: "Công an tỉnh Demo", address: "", contact: "0200 3888 999" },
  summary: "Công an tỉnh Demo là bên kiểm soát và xử lý dữ liệu cá nhân của bạn.",
  categories: [{ code: "phone", name: "Số điện thoại đã xác minh", data: "Số điện thoại", purpose: "Tìm hồ sơ", basis: "Sự đồng ý", retention: "Đến khi bạn rút lại đồng ý" }],
  purposes: [{ purpose: "report", title: "Gửi tin báo", text: "Tin báo có ghi tên được lưu cùng tài khoản Zalo.", version: "2026-12", withdrawable: false, on_withdraw: "Tin báo đã gửi là tài liệu phải lưu theo pháp luật." }],
  rights: ["Xem và tải về dữ liệu của bạn."],
  kept_on_delete: ["Tin báo có ghi tên được giữ vì pháp luật buộc lưu."],
};

type Call = { url: string; method: string; body: unknown; auth: string | null };

/** A fetch stub that records calls and answers by "METHOD path". */
function api(routes: Record<string, unknown>) {
  const calls: Call[] = [];
  const fetchMock = vi.fn(async (input: RequestInfo | URL, init: RequestInit = {}) => {
    const url = new URL(String(input), "http://localhost");
    const method = (init.method ?? "GET").toUpperCase();
    calls.push({ url: url.pathname, method, body: init.body ? JSON.parse(String(init.body)) : null, auth: new Headers(init.headers).get("Authorization") });
    const key = `${method} ${url.pathname}`;
    if (url.pathname.endsWith("/auth/zalo")) return new Response(JSON.stringify(session), { status: 200 });
    if (key in routes) return new Response(JSON.stringify(routes[key]), { status: 200 });
    return new Response(JSON.stringify({ code: "not_found", message: "Không tìm thấy.", fields: {} }), { status: 404 });
  });
  vi.stubGlobal("fetch", fetchMock);
  return calls;
}

beforeEach(() => {
  useAppStore.setState({ authToken: null, authExpiresAt: 0 });
  setZaloBridge(devBridge);
  window.__zaloCalls = [];
  vi.stubGlobal("open", vi.fn());
});
afterEach(() => vi.unstubAllGlobals());

describe("personal data services", () => {
  it("opens the absolute signed export link in Zalo's webview", async () => {
    const url = "https://api.example.vn/api/v1/me/export/signed-token";
    const calls = api({ "POST /api/v1/me/export": { url, expires_in: 600, filename: "du-lieu-cua-toi-2026-12-03.json" } });
    const link = await downloadMyData();
    expect(link.url).toBe(url);
    expect(calls.find((c) => c.url === "/api/v1/me/export")).toMatchObject({ method: "POST", auth: "Bearer ours-1" });
    expect(window.__zaloCalls).toContainEqual({ api: "openWebview", args: { url } });
  });

  it("deletes with an explicit confirmation and forgets the session", async () => {
    const calls = api({ "POST /api/v1/me/delete": { message: "Tài khoản của bạn đã được xóa.", deleted: [], kept: [] } });
    await deleteAccount();
    expect(calls.find((c) => c.url === "/api/v1/me/delete")?.body).toEqual({ confirm: true });
    expect(useAppStore.getState().authToken).toBeNull();
  });

  it("offers to withdraw only consents in force that can be withdrawn", () => {
    const withdrawn = consent({ id: 3, withdrawn_at: "2026-12-02T08:00:00+07:00" });
    expect(withdrawable([consent({}), reportConsent, withdrawn]).map((c) => c.id)).toEqual([1]);
    expect(consentTitle(consent({}))).toBe("Theo dõi hồ sơ và nhận tin khi hồ sơ thay đổi (Hồ sơ A-0001)");
    expect(consentTitle(consent({ subject: "" }))).toBe("Theo dõi hồ sơ và nhận tin khi hồ sơ thay đổi");
  });
});

describe("Account", () => {
  it("withdraws one consent and says why a named report's cannot be", async () => {
    const after = { ...me, consents: [consent({ withdrawn_at: "2026-12-03T08:00:00+07:00" }), reportConsent] };
    const calls = api({ "GET /api/v1/me/": me, "GET /api/v1/privacy": privacy, "DELETE /api/v1/me/consents/1": after });
    vi.stubGlobal("confirm", vi.fn(() => true));
    renderPage(<AccountPage />);
    expect(await screen.findByText("Tin báo đã gửi là tài liệu phải lưu theo pháp luật.")).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: /Rút lại: Gửi tin báo/ })).toBeNull();
    await userEvent.click(screen.getByRole("button", { name: "Rút lại: Theo dõi hồ sơ và nhận tin khi hồ sơ thay đổi (Hồ sơ A-0001)" }));
    expect(await screen.findByText(/đã rút lại lúc/)).toBeInTheDocument();
    expect(calls.some((c) => c.method === "DELETE" && c.url === "/api/v1/me/consents/1")).toBe(true);
    expect(screen.getByRole("button", { name: "Tải dữ liệu của tôi" })).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Xóa tài khoản" })).toBeInTheDocument();
  });
});

describe("Delete account", () => {
  it("explains what is kept, asks for a clear confirmation, then says what was deleted and kept", async () => {
    const answer = {
      message: "Tài khoản của bạn đã được xóa.",
      deleted: ["Số điện thoại đã xác minh."],
      kept: [{ what: "1 tin báo, phản ánh có ghi tên: PA-1.", why: "Pháp luật buộc lưu." }],
    };
    const calls = api({ "GET /api/v1/privacy": privacy, "POST /api/v1/me/delete": answer });
    renderPage(<DeleteAccountPage />);
    expect(await screen.findByText("Tin báo có ghi tên được giữ vì pháp luật buộc lưu.")).toBeInTheDocument();
    const button = screen.getByRole("button", { name: "Xóa tài khoản vĩnh viễn" });
    expect(button).toBeDisabled();
    await userEvent.click(screen.getByRole("checkbox"));
    await userEvent.click(button);
    expect(await screen.findByRole("heading", { name: "Tài khoản của bạn đã được xóa." })).toBeInTheDocument();
    expect(screen.getByText("1 tin báo, phản ánh có ghi tên: PA-1.")).toBeInTheDocument();
    expect(calls.filter((c) => c.url === "/api/v1/me/delete")).toHaveLength(1);
  });
});

describe("Privacy", () => {
  it("names the controller, the retention of each kind of data and the rights", async () => {
    api({ "GET /api/v1/privacy": privacy });
    renderPage(<PrivacyPage />);
    expect(await screen.findByText("Công an tỉnh Demo")).toBeInTheDocument();
    expect(screen.getByText("Đến khi bạn rút lại đồng ý")).toBeInTheDocument();
    expect(screen.getByText("Liên hệ: 0200 3888 999")).toBeInTheDocument();
    expect(screen.getByText("Xem và tải về dữ liệu của bạn.")).toBeInTheDocument();
  });
});

describe("Consent note", () => {
  it("shows the text of the consent the action gives, from the privacy notice", async () => {
    api({ "GET /api/v1/privacy": privacy });
    renderPage(<ConsentNote purpose="report" />);
    expect(await screen.findByText("Tin báo có ghi tên được lưu cùng tài khoản Zalo.")).toBeInTheDocument();
  });
});
