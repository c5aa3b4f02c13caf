import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { alert, page, site, unit, unitDetail } from "../test/fixtures";
import { renderPage, routeFetch } from "../test/render";
import { useAppStore } from "../store";
import ContactsPage from "./Contacts";
import HomePage from "./Home";
import UnitDetailPage from "./UnitDetail";

const province = unit({ id: 1, name: "Công an tỉnh Demo", parent: null, depth: 0, children_count: 2, kind: { code: "tinh", name: "Công an tỉnh" } });
const commune = unit({ id: 7, name: "Công an xã Cao Bằng (Demo)", kind: { code: "xa", name: "Công an xã/phường" } });

beforeEach(() => {
  useAppStore.setState({ contactsSearch: "", followResult: null, followDismissed: false });
});

afterEach(() => {
  vi.unstubAllGlobals();
});

describe("Home", () => {
  it("says when its own requests have settled, so the tiles' pages download after them", async () => {
    vi.stubGlobal("fetch", vi.fn(routeFetch({ "/api/v1/site/": site, "/api/v1/articles/?pinned=true&page=1": page([alert]) })));
    const onSettled = vi.fn();
    renderPage(<HomePage onSettled={onSettled} />);
    expect(screen.getByRole("button", { name: "Tố giác tội phạm" })).toBeInTheDocument();
    expect(onSettled).not.toHaveBeenCalled();
    await waitFor(() => expect(onSettled).toHaveBeenCalledTimes(1));
    expect(screen.getByRole("heading", { name: "Công an tỉnh Demo" })).toBeInTheDocument();
  });

  it("shows the unit name from the API, the services and the 113 notice", async () => {
    vi.stubGlobal("fetch", vi.fn(routeFetch({ "/api/v1/site/": site, "/api/v1/articles/?pinned=true&page=1": page([alert]) })));
    renderPage(<HomePage />);
    expect(await screen.findByRole("heading", { name: "Công an tỉnh Demo" })).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Tố giác tội phạm" })).toBeInTheDocument();
    expect(await screen.findByText("Cảnh báo giả danh Công an gọi điện (Demo)")).toBeInTheDocument();
    await userEvent.click(screen.getByRole("button", { name: "Gọi 113" }));
    expect(window.__zaloCalls).toContainEqual({ api: "openPhone", args: { phoneNumber: "113" } });
  });

  it("asks to follow the OA only when the user taps", async () => {
    vi.stubGlobal("fetch", vi.fn(routeFetch({ "/api/v1/site/": site })));
    renderPage(<HomePage />);
    const follow = await screen.findByRole("button", { name: "Theo dõi trang Zalo" });
    expect(window.__zaloCalls ?? []).not.toContainEqual(expect.objectContaining({ api: "followOA" }));
    await userEvent.click(follow);
    expect(window.__zaloCalls).toContainEqual({ api: "followOA", args: { id: "1234567890" } });
    expect(await screen.findByText(/Cảm ơn bạn/)).toBeInTheDocument();
  });

  it("still works, with a retry, when the site endpoint fails", async () => {
    vi.stubGlobal("fetch", vi.fn().mockRejectedValue(new TypeError("Failed to fetch")));
    renderPage(<HomePage />);
    expect(await screen.findByText(/Chưa tải được thông tin đơn vị/)).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Gọi 113" })).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Liên hệ" })).toBeInTheDocument();
  });
});

describe("Contacts", () => {
  it("lists the root unit and its children", async () => {
    vi.stubGlobal(
      "fetch",
      vi.fn(
        routeFetch({
          "/api/v1/units/?root=true&page=1&page_size=20": page([province]),
          "/api/v1/units/?parent=1&page=1&page_size=20": page([commune]),
        }),
      ),
    );
    renderPage(<ContactsPage />);
    expect(await screen.findByText("Công an xã Cao Bằng (Demo)")).toBeInTheDocument();
    expect(screen.getByText("Công an tỉnh Demo")).toBeInTheDocument();
  });

  it("searches on the server after the user stops typing", async () => {
    const fetchMock = vi.fn(
      routeFetch({
        "/api/v1/units/?root=true&page=1&page_size=20": page([province]),
        "/api/v1/units/?parent=1&page=1&page_size=20": page([commune]),
        "/api/v1/units/?search=cao+bang&page=1&page_size=20": page([commune]),
      }),
    );
    vi.stubGlobal("fetch", fetchMock);
    renderPage(<ContactsPage />);
    await userEvent.type(screen.getByRole("searchbox", { name: "Tìm đơn vị" }), "cao bang");
    expect(await screen.findByRole("heading", { name: "Kết quả tìm kiếm" })).toBeInTheDocument();
    await waitFor(() => expect(screen.getByText("1 đơn vị")).toBeInTheDocument());
    const searches = fetchMock.mock.calls.map((c) => String(c[0])).filter((u) => u.includes("search="));
    expect(searches).toEqual(["/api/v1/units/?search=cao+bang&page=1&page_size=20"]); // debounced: one request, not one per key
  });

  it("says nothing was found in Vietnamese", async () => {
    vi.stubGlobal("fetch", vi.fn(routeFetch({ "/api/v1/units/?search=zzz&page=1&page_size=20": page([]) })));
    useAppStore.setState({ contactsSearch: "zzz" });
    renderPage(<ContactsPage />);
    expect(await screen.findByText("Không tìm thấy đơn vị nào cho “zzz”.")).toBeInTheDocument();
  });

  it("shows the server's message and retries on error", async () => {
    let calls = 0;
    vi.stubGlobal(
      "fetch",
      vi.fn(async () => {
        calls += 1;
        if (calls === 1) return new Response(JSON.stringify({ code: "server_error", message: "Hệ thống đang bảo trì.", fields: {} }), { status: 503 });
        return new Response(JSON.stringify(page([unit({ id: 9, name: "Công an phường Demo", parent: null, children_count: 0 })])), { status: 200 });
      }),
    );
    renderPage(<ContactsPage />);
    expect(await screen.findByText("Hệ thống đang bảo trì.")).toBeInTheDocument();
    await userEvent.click(screen.getByRole("button", { name: "Thử lại" }));
    expect(await screen.findByText("Công an phường Demo")).toBeInTheDocument();
  });
});

describe("Unit detail", () => {
  it("shows breadcrumb, phones to tap and children", async () => {
    vi.stubGlobal(
      "fetch",
      vi.fn(
        routeFetch({
          "/api/v1/units/1/": unitDetail({ ...province, ancestors: [], children: [{ id: 7, code: "X", name: commune.name, kind: commune.kind }] }),
          "/api/v1/units/?parent=1&page=1&page_size=20": page([commune]),
        }),
      ),
    );
    renderPage(<UnitDetailPage />, { path: "/contacts/1", route: "/contacts/:id" });
    expect(await screen.findByText("Công an xã Cao Bằng (Demo)")).toBeInTheDocument();
    await userEvent.click(screen.getByRole("button", { name: "Gọi Trực ban 0233 3852 111" }));
    expect(window.__zaloCalls).toContainEqual({ api: "openPhone", args: { phoneNumber: "02333852111" } });
  });

  it("offers to follow the unit's own OA, with the OA id the API gives", async () => {
    vi.stubGlobal("fetch", vi.fn(routeFetch({ "/api/v1/units/7/": unitDetail({ ...commune, zalo_oa_id: "2000000000000000002" }) })));
    renderPage(<UnitDetailPage />, { path: "/contacts/7", route: "/contacts/:id" });
    await userEvent.click(await screen.findByRole("button", { name: "Theo dõi trang Zalo" }));
    expect(window.__zaloCalls).toContainEqual({ api: "followOA", args: { id: "2000000000000000002" } });
  });

  it("offers no OA to follow for a unit without one", async () => {
    vi.stubGlobal("fetch", vi.fn(routeFetch({ "/api/v1/units/7/": unitDetail({ ...commune }) })));
    renderPage(<UnitDetailPage />, { path: "/contacts/7", route: "/contacts/:id" });
    expect((await screen.findAllByText("Công an xã Cao Bằng (Demo)")).length).toBeGreaterThan(0);
    expect(screen.queryByRole("button", { name: "Theo dõi trang Zalo" })).not.toBeInTheDocument();
  });

  it("shows the API's not-found message and points back to the list instead of retrying", async () => {
    vi.stubGlobal("fetch", vi.fn(routeFetch({})));
    renderPage(<UnitDetailPage />, { path: "/contacts/999", route: "/contacts/:id" });
    expect(await screen.findByText("Không tìm thấy.")).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Thử lại" })).not.toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Xem danh bạ các đơn vị" })).toBeInTheDocument();
  });

  it("offers a retry when the network fails", async () => {
    vi.stubGlobal("fetch", vi.fn().mockRejectedValue(new TypeError("Failed to fetch")));
    renderPage(<UnitDetailPage />, { path: "/contacts/1", route: "/contacts/:id" });
    expect(await screen.findByRole("button", { name: "Thử lại" })).toBeInTheDocument();
    expect(screen.getByRole("alert")).toHaveTextContent("Không kết nối được tới máy chủ");
  });
});
