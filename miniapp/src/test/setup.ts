import "@testing-library/jest-dom/vitest";
import { afterEach } from "vitest";
import { cleanup } from "@testing-library/react";

// jsdom has no element scrolling; zmp-ui's Page calls scrollTo on mount.
const hasDom = typeof window !== "undefined";

if (hasDom && !Element.prototype.scrollTo) {
  Element.prototype.scrollTo = function scrollTo() {};
}

afterEach(() => {
  if (!hasDom) return;
  cleanup();
  delete window.__zaloCalls;
});
