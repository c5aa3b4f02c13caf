import { createRoot } from "react-dom/client";
import "zmp-ui/zaui.css";
import "./styles/app.css";
import { MiniApp } from "./app";
import { createQueryClient } from "./services/queries";
import "./store";

const container = document.getElementById("app");
if (container) {
  createRoot(container).render(<MiniApp queryClient={createQueryClient()} />);
}
