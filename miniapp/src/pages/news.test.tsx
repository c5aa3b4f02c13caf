import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import { alert, page } from "../test/fixtures";
import { renderPage, routeFetch } from "../test/render";
import NewsPage from "./News";

afterEach(() => vi.unstubAllGlobals());

describe("News", () => {
  it("shows the editors' categories in their order and filters by the one tapped", async () => {
    const traffic = { ...alert, id: 9, title: "Lịch tuần tra tuần này", category: "giao_thong", category_display: "An toàn giao thông", category_alert: false };
    const fetchMock = vi.fn(
      routeFetch({
        "/api/v1/articles/categories/": [
          { slug: "giao_thong", name: "An toàn giao thông", is_alert: false },
          { slug: "canh_bao", name: "Cảnh báo lừa đảo", is_alert: true },
        ],
        "/api/v1/articles/?page=1": page([alert, traffic]),
        "/api/v1/articles/?category=giao_thong&page=1": page([traffic]),
      }),
    );
    vi.stubGlobal("fetch", fetchMock);
    renderPage(<NewsPage />);
    const tabs = await screen.findAllByRole("button", { pressed: false });
    await waitFor(() => expect(screen.getByRole("button", { name: "An toàn giao thông" })).toBeInTheDocument());
    const names = screen.getAllByRole("button").map((b) => b.textContent);
    expect(names.indexOf("An toàn giao thông")).toBeLessThan(names.indexOf("Cảnh báo lừa đảo"));
    expect(tabs.length).toBeGreaterThan(0);
    await userEvent.click(screen.getByRole("button", { name: "An toàn giao thông" }));
    await waitFor(() => expect(screen.queryByText(alert.title)).not.toBeInTheDocument());
    expect(screen.getByText("Lịch tuần tra tuần này")).toBeInTheDocument();
    expect(fetchMock.mock.calls.map((c) => String(c[0]))).toContain("/api/v1/articles/?category=giao_thong&page=1");
  });
});
