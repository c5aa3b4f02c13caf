// @vitest-environment node
import { mkdtempSync, mkdirSync, writeFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { LIMITS, checkWww } from "./check-size.mjs";

function fakeWww(files: Record<string, Buffer | string>): string {
  const dir = mkdtempSync(join(tmpdir(), "www-"));
  for (const [name, data] of Object.entries(files)) {
    mkdirSync(join(dir, name, ".."), { recursive: true });
    writeFileSync(join(dir, name), data);
  }
  return dir;
}

const small = { fileBytes: 1000, zipBytes: 3000, initialJsGzipTarget: 1000 };
const appConfig = JSON.stringify({ listCSS: [], listSyncJS: ["assets/a.js"], listAsyncJS: [] });

describe("size check", () => {
  it("passes a small build and reports the initial JS gzip size", () => {
    const dir = fakeWww({ "app-config.json": appConfig, "assets/a.js": "console.log(1);".repeat(20) });
    const result = checkWww(dir, small);
    expect(result.errors).toEqual([]);
    expect(result.initialJsGzip).toBeGreaterThan(0);
  });

  it("fails when one file is over the per-file limit", () => {
    const dir = fakeWww({ "app-config.json": appConfig, "assets/a.js": "x", "assets/big.png": randomBytes(1500) });
    const result = checkWww(dir, small);
    expect(result.ok).toBe(false);
    expect(result.errors.join()).toMatch(/big\.png/);
  });

  it("fails when the zipped folder is over the limit even if each file is small", () => {
    const files: Record<string, Buffer> = {};
    for (let i = 0; i < 5; i++) files[`assets/f${i}.bin`] = randomBytes(900); // random data does not compress
    const result = checkWww(fakeWww({ "app-config.json": appConfig, "assets/a.js": "x", ...files }), small);
    expect(result.ok).toBe(false);
    expect(result.errors.join()).toMatch(/zipped/);
  });

  it("fails when the JS loaded at start is over the budget", () => {
    const dir = fakeWww({ "app-config.json": appConfig, "assets/a.js": randomBytes(500).toString("base64") });
    const result = checkWww(dir, { ...small, initialJsGzipTarget: 200 });
    expect(result.ok).toBe(false);
    expect(result.errors).toEqual([expect.stringMatching(/^initial JS is [\d.]+ KB gzip \(budget/)]);
  });

  it("keeps the start-up JS budget at 90 KB gzip", () => {
    expect(LIMITS.initialJsGzipTarget).toBe(90 * 1024);
  });

  it("fails with a build hint when www is missing", () => {
    const result = checkWww(join(tmpdir(), "no-such-www-dir"));
    expect(result.ok).toBe(false);
    expect(result.errors[0]).toMatch(/npm run build/);
  });

  const www = resolve(__dirname, "..", "www");
  it.skipIf(!existsSync(www))("the real build in www/ is within Zalo's limits", () => {
    const result = checkWww(www, LIMITS);
    expect(result.errors).toEqual([]);
  });
});
