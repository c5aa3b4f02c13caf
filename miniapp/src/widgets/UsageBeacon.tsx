import { useEffect, useRef } from "react";
import { useLocation } from "react-router-dom";
import { pageOf, sendPageView, sendVisit } from "../services/usage";

/** Counts the opening of the app once and each page shown (as its route pattern). Renders nothing. */
export function UsageBeacon() {
  const location = useLocation();
  const opened = useRef(false);
  useEffect(() => {
    if (!opened.current) {
      opened.current = true;
      sendVisit(pageOf(location.pathname) ?? { page: "/" });
    }
  }, [location.pathname]);
  useEffect(() => {
    const view = pageOf(location.pathname);
    if (view) sendPageView(view);
  }, [location.pathname]);
  return null;
}
