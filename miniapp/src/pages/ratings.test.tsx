import { screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { FacePicker } from "../components/Rating";
import { satisfactionText } from "../components/SatisfactionFigure";
import { RatingPrompt } from "../widgets/RatingPrompt";
import { sendSurvey } from "../services/ratings";
import { useAppStore } from "../store";
import { renderPage } from "../test/render";
import DossierRatingPage from "./Rating";

const session = { access_token: "ours", access_expires_in: 3600, refresh_token: "r", citizen: { id: 1, display_name: "An", avatar_url: "", follows_oa: false } };

function json(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), { status });
}

const ratable = { dossier_id: 7, code: "HS-DEMO-0003", rated: false, can_rate: true, message: "" };

beforeEach(() => {
  useAppStore.setState({ authToken: null, authExpiresAt: 0 });
});

afterEach(() => vi.unstubAllGlobals());

describe("rating pieces", () => {
  it("offers three large faces as real buttons with their labels", async () => {
    const onPick = vi.fn();
    renderPage(<FacePicker value={2} onPick={onPick} />);
    const faces = screen.getAllByRole("button");
    expect(faces.map((b) => b.textContent)).toEqual(["Rất hài lòng", "Hài lòng", "Không hài lòng"]);
    expect(screen.getByRole("button", { name: "Hài lòng" })).toHaveAttribute("aria-pressed", "true");
    await userEvent.click(screen.getByRole("button", { name: "Không hài lòng" }));
    expect(onPick).toHaveBeenCalledWith(1);
  });

  it("says the public figure only when there are enough ratings", () => {
    const base = { unit_id: 1, days: 90, min_count: 10 };
    expect(satisfactionText({ ...base, count: 140, enough: true, rate: 92.5 })).toBe("92,5% hài lòng · 140 đánh giá trong 90 ngày qua");
    expect(satisfactionText({ ...base, count: 3, enough: false, rate: null })).toMatch(/^3 đánh giá .*chưa đủ/);
    expect(satisfactionText({ ...base, count: 0, enough: false, rate: null })).toBe("Chưa có đánh giá trong 90 ngày qua.");
  });

  it("sends the survey with this device's id", async () => {
    const fetchMock = vi.fn(async (input: RequestInfo | URL, _init?: RequestInit) => {
      if (String(input).endsWith("auth/zalo")) return json(session);
      return json({ message: "Cảm ơn bạn đã tham gia khảo sát." }, 201);
    });
    vi.stubGlobal("fetch", fetchMock);
    await sendSurvey(9, { level: 3, drivers: ["fast"], comment: "" });
    await sendSurvey(9, { level: 2, drivers: [], comment: "" });
    const calls = fetchMock.mock.calls.filter(([url]) => String(url).endsWith("surveys/"));
    const ids = calls.map(([, init]) => (init?.headers as Record<string, string>)["X-Device-Id"]);
    expect(ids[0]).toBeTruthy();
    expect(ids[1]).toBe(ids[0]);
    expect(JSON.parse(String(calls[0]?.[1]?.body))).toEqual({ unit: 9, level: 3, drivers: ["fast"], comment: "" });
  });
});

describe("Đánh giá hồ sơ", () => {
  it("asks for a reason when not satisfied, then thanks the citizen", async () => {
    const posted: unknown[] = [];
    vi.stubGlobal(
      "fetch",
      vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
        const url = String(input);
        if (url.endsWith("auth/zalo")) return json(session);
        if (url.endsWith("ratings/eligibility")) return json(ratable);
        posted.push(JSON.parse(String(init?.body)));
        return json({ id: 1, dossier_id: 7, level: 1, level_label: "Không hài lòng", follow_up_deadline: "2026-12-04", message: "Cảm ơn bạn đã đánh giá. Lãnh đạo đơn vị sẽ xem xét và trả lời bạn qua Zalo." }, 201);
      }),
    );
    renderPage(<DossierRatingPage />, { path: "/ratings/dossier/7", route: "/ratings/dossier/:id" });
    await userEvent.click(await screen.findByRole("button", { name: "Không hài lòng" }));
    expect(screen.getByRole("button", { name: "Phải đi lại nhiều lần" })).toBeInTheDocument(); // the negative list
    expect(screen.queryByRole("button", { name: "Nhanh chóng" })).toBeNull();
    await userEvent.click(screen.getByRole("button", { name: "Gửi đánh giá" }));
    expect(await screen.findByRole("alert")).toHaveTextContent("cho biết lý do");
    expect(posted).toEqual([]);
    await userEvent.click(screen.getByRole("button", { name: "Phải đi lại nhiều lần" }));
    await userEvent.type(screen.getByLabelText("Lý do không hài lòng (bắt buộc)"), "Đi lại ba lần");
    await userEvent.click(screen.getByRole("button", { name: "Gửi đánh giá" }));
    expect(await screen.findByText("Cảm ơn bạn!")).toBeInTheDocument();
    expect(screen.getByText(/Lãnh đạo đơn vị sẽ xem xét/)).toBeInTheDocument();
    expect(posted).toEqual([{ dossier_id: 7, level: 1, drivers: ["many_trips"], reason: "Đi lại ba lần", comment: "" }]);
  });

  it("shows the server's message when the dossier was rated already", async () => {
    vi.stubGlobal(
      "fetch",
      vi.fn(async (input: RequestInfo | URL) => {
        if (String(input).endsWith("auth/zalo")) return json(session);
        return json({ ...ratable, rated: true, can_rate: false, message: "Hồ sơ đã được đánh giá! Mỗi hồ sơ chỉ được đánh giá một lần." });
      }),
    );
    renderPage(<DossierRatingPage />, { path: "/ratings/dossier/7", route: "/ratings/dossier/:id" });
    expect(await screen.findByText(/Hồ sơ đã được đánh giá!/)).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Rất hài lòng" })).toBeNull();
  });

  it("says why when the server refuses the rating", async () => {
    vi.stubGlobal(
      "fetch",
      vi.fn(async (input: RequestInfo | URL) => {
        const url = String(input);
        if (url.endsWith("auth/zalo")) return json(session);
        if (url.endsWith("ratings/eligibility")) return json(ratable);
        return json({ code: "rating_exists", message: "Hồ sơ đã được đánh giá! Mỗi hồ sơ chỉ được đánh giá một lần.", fields: {} }, 409);
      }),
    );
    renderPage(<DossierRatingPage />, { path: "/ratings/dossier/7", route: "/ratings/dossier/:id" });
    await userEvent.click(await screen.findByRole("button", { name: "Rất hài lòng" }));
    await userEvent.click(screen.getByRole("button", { name: "Gửi đánh giá" }));
    expect(await screen.findByRole("alert")).toHaveTextContent("Hồ sơ đã được đánh giá!");
  });
});

describe("Lời mời đánh giá trên trang hồ sơ", () => {
  it.each([3, 8, 9, 10] as const)("invites a rating once the dossier is settled (status %i), unhappy endings included", async (status) => {
    vi.stubGlobal(
      "fetch",
      vi.fn(async (input: RequestInfo | URL) => (String(input).endsWith("auth/zalo") ? json(session) : json(ratable))),
    );
    renderPage(<RatingPrompt dossier={{ id: 7, status }} />);
    expect(await screen.findByRole("button", { name: "Đánh giá" })).toBeInTheDocument();
  });

  it.each([2, 4, 5, 7] as const)("asks nothing while the dossier is open or withdrawn (status %i)", async (status) => {
    const fetchMock = vi.fn(async () => json(ratable));
    vi.stubGlobal("fetch", fetchMock);
    renderPage(<RatingPrompt dossier={{ id: 7, status }} />);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(screen.queryByRole("button", { name: "Đánh giá" })).toBeNull();
    expect(fetchMock).not.toHaveBeenCalled();
  });
});
