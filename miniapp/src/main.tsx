import { createRoot } from "react-dom/client";
// Only the styles of the zmp-ui parts the app uses (App, the router's pages and transitions, the snackbar): the
// whole zaui.css is 119 KB of mostly unused rules the home screen would wait for on slow data.
import "zmp-ui/app/styles/app.css";
import "zmp-ui/router/styles/router.css";
import "zmp-ui/page/styles/page.css";
import "zmp-ui/snackbar-provider/styles/snackbar-provider.css";
import "./styles/app.css";
import { MiniApp } from "./app";
import { createQueryClient } from "./services/queries/client";
import { preloadZaloSdk, zalo } from "./services/zalo";
import "./store";

// Zalo draws its own close/menu capsule over the top-right corner; headers leave room for it.
if (zalo().mode === "zalo") document.documentElement.classList.add("in-zalo");

const container = document.getElementById("app");
if (container) {
  createRoot(container).render(<MiniApp queryClient={createQueryClient()} />);
}
// The home screen draws without zmp-sdk; inside Zalo it is fetched once the page has loaded, before a tap needs it
// (a host that adds this script after its own load event gets it right after the first render is queued).
if (document.readyState === "complete") setTimeout(preloadZaloSdk, 0);
else window.addEventListener("load", preloadZaloSdk, { once: true });
