import { screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { paths } from "../routes";
import { questionContextFrom, questionTextProblem } from "../services/questions";
import type { QuestionThread } from "../services/types";
import { devBridge, setZaloBridge } from "../services/zalo";
import { useAppStore } from "../store";
import { page } from "../test/fixtures";
import { renderPage } from "../test/render";
import MyQuestionsPage from "./Questions";
import NewQuestionPage from "./Questions/New";
import QuestionThreadPage from "./Questions/Thread";

const SESSION = { access_token: "ours", access_expires_in: 3600, refresh_token: "r", citizen: { id: 1, display_name: "An", avatar_url: "", follows_oa: false } };

const thread: QuestionThread = {
  id: 7,
  subject: "Làm căn cước cho con 5 tuổi cần giấy tờ gì?",
  status: "answered",
  status_display: "Đã trả lời",
  unit: { id: 2, name: "Công an phường Đồng Tâm" },
  procedure: { id: 3, name: "Cấp thẻ căn cước" },
  dossier: null,
  created_at: "2026-12-01T08:00:00+07:00",
  last_message_at: "2026-12-01T09:00:00+07:00",
  answered_at: "2026-12-01T09:00:00+07:00",
  can_reply: true,
  messages: [
    { id: 1, author: "citizen", author_label: "Bạn", text: "Làm căn cước cho con 5 tuổi cần giấy tờ gì?", created_at: "2026-12-01T08:00:00+07:00" },
    { id: 2, author: "officer", author_label: "Cán bộ Công an phường Đồng Tâm", text: "Bạn mang giấy khai sinh của cháu.", created_at: "2026-12-01T09:00:00+07:00" },
  ],
};

function json(body: unknown, status = 200) {
  return new Response(JSON.stringify(body), { status });
}

function api(routes: Record<string, (init?: RequestInit) => Response>) {
  return vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const path = new URL(String(input), "http://localhost").pathname;
    if (path.endsWith("auth/zalo")) return json(SESSION);
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

describe("Hỏi cán bộ", () => {
  it("says the limits before sending and reads the context from the address", () => {
    expect(questionTextProblem("  ")).toBe("Vui lòng nhập nội dung câu hỏi.");
    expect(questionTextProblem("ngắn")).toMatch(/quá ngắn/);
    expect(questionTextProblem("x".repeat(2001))).toMatch(/quá dài/);
    expect(questionTextProblem("Làm căn cước cần gì?")).toBeNull();
    expect(questionContextFrom("?dossier=5&procedure=abc&unit=-1")).toEqual({ dossierId: 5, procedureId: undefined, unitId: undefined });
    expect(paths.questionNew({ dossier: 5 })).toBe("/questions/new?dossier=5");
  });

  it("lists my questions, or says there are none yet", async () => {
    vi.stubGlobal("fetch", api({ "/api/v1/me/questions/": () => json(page([])) }));
    renderPage(<MyQuestionsPage />, { path: "/questions", route: "/questions" });
    expect(await screen.findByText("Bạn chưa hỏi câu nào")).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Đặt câu hỏi mới" })).toBeInTheDocument();
  });

  it("shows the officer's answer in the thread and sends a reply", async () => {
    const replied = { ...thread, status: "open" as const, status_display: "Chờ trả lời", messages: [...thread.messages, { id: 3, author: "citizen" as const, author_label: "Bạn", text: "Cảm ơn cán bộ ạ, còn lệ phí?", created_at: "2026-12-01T10:00:00+07:00" }] };
    const fetchMock = api({
      "/api/v1/me/questions/7/": () => json(thread),
      "/api/v1/me/questions/7/messages": () => json(replied, 201),
    });
    vi.stubGlobal("fetch", fetchMock);
    renderPage(<QuestionThreadPage />, { path: "/questions/7", route: "/questions/:id" });
    expect(await screen.findByText("Bạn mang giấy khai sinh của cháu.")).toBeInTheDocument();
    expect(screen.getByText("Cán bộ Công an phường Đồng Tâm")).toBeInTheDocument();
    await userEvent.type(screen.getByLabelText("Nhắn thêm cho cán bộ"), "Cảm ơn cán bộ ạ, còn lệ phí?");
    await userEvent.click(screen.getByRole("button", { name: "Gửi" }));
    expect(await screen.findByText("Cảm ơn cán bộ ạ, còn lệ phí?", { selector: "p" })).toBeInTheDocument();
    const sent = fetchMock.mock.calls.find(([input]) => String(input).endsWith("/messages"));
    expect(JSON.parse(String(sent?.[1]?.body))).toEqual({ text: "Cảm ơn cán bộ ạ, còn lệ phí?" });
  });

  it("asks about my dossier and shows the server's Vietnamese refusal under the field", async () => {
    const fetchMock = api({
      "/api/v1/me/questions/": () =>
        json({ code: "question_dossier_not_found", message: "Không tìm thấy hồ sơ này trong «Hồ sơ của tôi».", fields: {} }, 404),
    });
    vi.stubGlobal("fetch", fetchMock);
    renderPage(<NewQuestionPage />, { path: "/questions/new?dossier=5", route: "/questions/new" });
    expect(screen.getByText(/đơn vị đang giải quyết hồ sơ/)).toBeInTheDocument();
    await userEvent.click(screen.getByRole("button", { name: "Gửi câu hỏi" }));
    expect(screen.getByText("Vui lòng nhập nội dung câu hỏi.")).toBeInTheDocument();
    await userEvent.type(screen.getByLabelText(/Câu hỏi của bạn/), "Hồ sơ của tôi bao giờ có kết quả?");
    await userEvent.click(screen.getByRole("button", { name: "Gửi câu hỏi" }));
    expect(await screen.findByRole("alert")).toHaveTextContent("Không tìm thấy hồ sơ này");
    const sent = fetchMock.mock.calls.find(([input, init]) => String(input).includes("me/questions") && init?.method === "POST");
    expect(JSON.parse(String(sent?.[1]?.body))).toEqual({ text: "Hồ sơ của tôi bao giờ có kết quả?", dossier_id: 5 });
  });
});
