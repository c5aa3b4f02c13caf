import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { lazyRoute } from "./lazyRoute";

function Loaded() {
  return <h1>Trang đã tải</h1>;
}

describe("lazyRoute", () => {
  it("shows a skeleton, never a blank screen, while the page downloads", async () => {
    let finish: (module: { default: typeof Loaded }) => void = () => undefined;
    const route = lazyRoute(() => new Promise((resolve) => (finish = resolve)));
    render(<route.Page />);
    expect(screen.getByRole("status")).toHaveTextContent("Đang mở trang...");
    finish({ default: Loaded });
    expect(await screen.findByRole("heading", { name: "Trang đã tải" })).toBeInTheDocument();
    expect(screen.queryByRole("status")).not.toBeInTheDocument();
  });

  it("offers a retry when the download fails, and the retry imports again", async () => {
    vi.spyOn(console, "error").mockImplementation(() => undefined); // React reports the caught error
    const load = vi.fn().mockRejectedValueOnce(new TypeError("Failed to fetch dynamically imported module")).mockResolvedValue({ default: Loaded });
    const route = lazyRoute(load);
    render(<route.Page />);
    expect(await screen.findByRole("alert")).toHaveTextContent("kiểm tra kết nối mạng");
    await userEvent.click(screen.getByRole("button", { name: "Thử lại" }));
    expect(await screen.findByRole("heading", { name: "Trang đã tải" })).toBeInTheDocument();
    expect(load).toHaveBeenCalledTimes(2);
    vi.mocked(console.error).mockRestore();
  });

  it("preloads without rendering and swallows a failed preload", async () => {
    const load = vi.fn().mockRejectedValue(new TypeError("offline"));
    lazyRoute(load).preload();
    await Promise.resolve();
    expect(load).toHaveBeenCalledTimes(1);
  });
});
