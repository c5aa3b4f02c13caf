import { beforeEach, describe, expect, it } from "vitest";
import { DEVICE_KEY, LEGACY_REPORT_DEVICE_KEY, deviceHeaders, deviceId } from "./device";

describe("the one device id", () => {
  beforeEach(() => window.localStorage.clear());

  it("is made once and kept", () => {
    const id = deviceId();
    expect(id).toMatch(/^[0-9a-f-]{32,36}$/);
    expect(deviceId()).toBe(id);
    expect(window.localStorage.getItem(DEVICE_KEY)).toBe(id);
    expect(deviceHeaders()).toEqual({ "X-Device-Id": id });
  });

  it("keeps the id an installed app already had for its surveys, and forgets the report form's second key", () => {
    window.localStorage.setItem(DEVICE_KEY, "survey-id");
    window.localStorage.setItem(LEGACY_REPORT_DEVICE_KEY, "0123456789abcdef01234567");
    expect(deviceId()).toBe("survey-id");
    expect(window.localStorage.getItem(LEGACY_REPORT_DEVICE_KEY)).toBeNull();
  });

  it("moves the report form's old id to the one key when that is the only id the phone has", () => {
    window.localStorage.setItem(LEGACY_REPORT_DEVICE_KEY, "0123456789abcdef01234567");
    expect(deviceId()).toBe("0123456789abcdef01234567");
    expect(window.localStorage.getItem(DEVICE_KEY)).toBe("0123456789abcdef01234567");
    expect(window.localStorage.getItem(LEGACY_REPORT_DEVICE_KEY)).toBeNull();
  });
});
