import { createRoot } from "react-dom/client";
import "zmp-ui/zaui.css";
import "./styles/app.css";
import { MiniApp } from "./app";
import { createQueryClient } from "./services/queries/client";
import { zalo } from "./services/zalo";
import "./store";

// Zalo draws its own close/menu capsule over the top-right corner; headers leave room for it.
if (zalo().mode === "zalo") document.documentElement.classList.add("in-zalo");

const container = document.getElementById("app");
if (container) {
  createRoot(container).render(<MiniApp queryClient={createQueryClient()} />);
}
