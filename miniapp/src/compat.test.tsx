// The tests render with Preact's compat layer, as the built app does (vite.config.mts aliases react and react-dom to
// preact/compat). A library that reached Node's real React would mix two renderers; this catches it by name.
import { createRequire } from "node:module";
import { screen } from "@testing-library/react";
import * as React from "react";
import * as compat from "preact/compat";
import { useNavigate } from "zmp-ui";
import { renderPage } from "./test/render";

function Probe() {
  const navigate = useNavigate();
  return (
    <button type="button" onClick={() => navigate("/elsewhere")}>
      Mở
    </button>
  );
}

describe("Preact in the tests", () => {
  it("renders the app's providers (TanStack Query, zmp-ui, the router) with preact/compat and never loads React", async () => {
    expect(React.createElement).toBe(compat.createElement);
    renderPage(<Probe />);
    (await screen.findByRole("button", { name: "Mở" })).click();
    expect(await screen.findByText("Trang khác")).toBeInTheDocument();
    const realReact = Object.keys(createRequire(import.meta.url).cache).filter((path) => /[\\/]node_modules[\\/](react|react-dom|scheduler)[\\/]/.test(path));
    expect(realReact).toEqual([]);
  });
});
