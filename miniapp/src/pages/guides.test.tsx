import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { useChecklist } from "../checklist";
import { page, procedureDetail } from "../test/fixtures";
import { renderPage, routeFetch } from "../test/render";
import ProcedureDetailPage from "./ProcedureDetail";
import ProceduresPage from "./Procedures";

const listItem = { ...procedureDetail(), cases: undefined };

beforeEach(() => useChecklist.setState({ ticked: {} }));
afterEach(() => vi.unstubAllGlobals());

describe("Procedures", () => {
  it("searches on the server once the citizen stops typing", async () => {
    const fetchMock = vi.fn(
      routeFetch({
        "/api/v1/procedure-fields/": [{ id: 1, name: "Đăng ký, quản lý cư trú", procedure_count: 1 }],
        "/api/v1/procedures/?page=1&page_size=20": page([listItem]),
        "/api/v1/procedures/?search=dang+ky+thuong+tru&page=1&page_size=20": page([listItem]),
      }),
    );
    vi.stubGlobal("fetch", fetchMock);
    renderPage(<ProceduresPage />);
    await userEvent.type(screen.getByRole("searchbox", { name: "Tìm thủ tục" }), "dang ky thuong tru");
    expect(await screen.findByRole("heading", { name: "Kết quả tìm kiếm" })).toBeInTheDocument();
    await waitFor(() => expect(screen.getByText("Đăng ký thường trú")).toBeInTheDocument());
    const searches = () => fetchMock.mock.calls.map((c) => String(c[0])).filter((u) => u.includes("search="));
    // The query for the new term starts in an effect, which Preact runs after the heading is painted (React's act()
    // flushed it before): wait for the request, then there must be exactly this one.
    await waitFor(() => expect(searches()).toEqual(["/api/v1/procedures/?search=dang+ky+thuong+tru&page=1&page_size=20"])); // debounced
  });

  it("says plainly when nothing matches", async () => {
    vi.stubGlobal("fetch", vi.fn(routeFetch({ "/api/v1/procedures/?page=1&page_size=20": page([]) })));
    renderPage(<ProceduresPage />);
    expect(await screen.findByText("Chưa có thủ tục nào được công bố.")).toBeInTheDocument();
  });
});

describe("Procedure detail", () => {
  const route = { path: "/procedures/5", route: "/procedures/:id" };

  it("shows the documents of the chosen case and remembers the ticks", async () => {
    vi.stubGlobal("fetch", vi.fn(routeFetch({ "/api/v1/procedures/5/": procedureDetail() })));
    renderPage(<ProcedureDetailPage />, route);
    await userEvent.click(await screen.findByRole("radio", { name: "Ở thuê, mượn, ở nhờ" }));
    expect(screen.getByText("Hợp đồng thuê nhà")).toBeInTheDocument();
    expect(screen.queryByText("Tờ khai CT01")).not.toBeInTheDocument();
    await userEvent.click(screen.getByRole("checkbox", { name: /Hợp đồng thuê nhà/ }));
    expect(screen.getByText("Đã chuẩn bị 1/2 giấy tờ")).toBeInTheDocument();
    expect(useChecklist.getState().ticked["5:11"]).toEqual([111]);
    expect(JSON.parse(localStorage.getItem("pz-checklist") ?? "{}").state.ticked["5:11"]).toEqual([111]);
  });

  it("opens a form and the national portal through the Zalo bridge", async () => {
    vi.stubGlobal("fetch", vi.fn(routeFetch({ "/api/v1/procedures/5/": procedureDetail() })));
    renderPage(<ProcedureDetailPage />, route);
    await userEvent.click(await screen.findByRole("radio", { name: "Ở thuê, mượn, ở nhờ" }));
    await userEvent.click(screen.getByRole("button", { name: "Tải Mẫu CT01" }));
    await userEvent.click(screen.getByRole("button", { name: "Nộp trực tuyến" }));
    // A PDF form opens in Zalo's document viewer (with its download button), not as a web page.
    expect(window.__zaloCalls).toContainEqual({ api: "openDocument", args: { url: "https://example.vn/ct01.pdf", title: "Mẫu CT01" } });
    expect(window.__zaloCalls).toContainEqual({ api: "openWebview", args: { url: "https://dichvucong.bocongan.gov.vn" } });
  });

  it("shows the fee in force that the server worked out, not the channel's free text", async () => {
    const reduced = {
      channel: "truc_tiep" as const,
      channel_display: "Nộp trực tiếp",
      processing_time: "07 ngày làm việc",
      processing_days: 7,
      note: "",
      fee: "50.000 đồng/thẻ",
      fee_amount: 50000,
      fee_in_force: {
        amount: 25000,
        full_amount: 50000,
        reduction_percent: 50,
        reduced_until: "2026-12-31",
        text: "25.000 đồng (giảm 50% đến hết ngày 31/12/2026; mức đầy đủ 50.000 đồng)",
      },
    };
    vi.stubGlobal("fetch", vi.fn(routeFetch({ "/api/v1/procedures/5/": procedureDetail({ channels: [reduced] }) })));
    renderPage(<ProcedureDetailPage />, route);
    expect(
      await screen.findByText("Phí, lệ phí: 25.000 đồng (giảm 50% đến hết ngày 31/12/2026; mức đầy đủ 50.000 đồng)"),
    ).toBeInTheDocument();
    expect(screen.queryByText("Phí, lệ phí: 50.000 đồng/thẻ")).not.toBeInTheDocument();
  });

  it("sends the 'useful?' answer with a reason", async () => {
    const fetchMock = vi.fn(
      routeFetch({ "/api/v1/procedures/5/": procedureDetail(), "/api/v1/procedures/5/feedback/": { message: "Cảm ơn bạn đã góp ý!" } }),
    );
    vi.stubGlobal("fetch", fetchMock);
    renderPage(<ProcedureDetailPage />, route);
    await userEvent.click(await screen.findByRole("button", { name: "Không" }));
    await userEvent.type(screen.getByLabelText(/Điều gì chưa rõ/), "Thiếu lệ phí");
    await userEvent.click(screen.getByRole("button", { name: "Gửi góp ý" }));
    expect(await screen.findByText("Cảm ơn bạn đã góp ý!")).toBeInTheDocument();
    const post = fetchMock.mock.calls.find((c) => String(c[0]).endsWith("/feedback/")) as unknown as [string, RequestInit];
    expect(JSON.parse(String(post[1].body))).toEqual({ useful: false, reason: "Thiếu lệ phí" });
  });
});
