import { describe, expect, it } from "vitest";
import { ApiError, MESSAGES } from "../api";
import { shouldRetry } from "./client";

describe("retry policy", () => {
  it("retries flaky network and server errors twice", () => {
    const network = new ApiError({ kind: "network", message: MESSAGES.network });
    expect(shouldRetry(0, network)).toBe(true);
    expect(shouldRetry(1, network)).toBe(true);
    expect(shouldRetry(2, network)).toBe(false);
    expect(shouldRetry(0, new ApiError({ kind: "http", status: 503, message: MESSAGES.server }))).toBe(true);
  });

  it("does not retry what will fail again", () => {
    expect(shouldRetry(0, new ApiError({ kind: "http", status: 404, message: MESSAGES[404] }))).toBe(false);
    expect(shouldRetry(0, new ApiError({ kind: "http", status: 400, message: MESSAGES[400] }))).toBe(false);
  });
});
