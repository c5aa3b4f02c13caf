import { useEffect, useRef } from "react";
import { useNavigate } from "zmp-ui";

/**
 * A deep link opened outside Zalo's own router (the build served under /app/ with the memory router): the page
 * after the app's base address, e.g. /app/contacts/12 → /contacts/12 (a QR poster's link). Inside Zalo the
 * browser router reads the address itself and this does nothing.
 */
export function deepLinkTarget(pathname: string, search: string, baseURI: string): string | null {
  const base = new URL(baseURI).pathname.replace(/\/?$/, "/");
  if (!pathname.startsWith(base)) return null;
  const rest = pathname.slice(base.length).replace(/^\/+/, "");
  if (!rest || rest === "index.html") return null;
  return `/${rest}${search}`;
}

export function DeepLink({ memoryRouter }: { memoryRouter: boolean }) {
  const navigate = useNavigate();
  const done = useRef(false);
  useEffect(() => {
    if (done.current || !memoryRouter) return;
    done.current = true;
    const target = deepLinkTarget(window.location.pathname, window.location.search, document.baseURI);
    if (target) navigate(target, { replace: true, animate: false });
  }, [memoryRouter, navigate]);
  return null;
}
