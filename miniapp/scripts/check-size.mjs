#!/usr/bin/env node
// Zalo rejects a deploy with any file over 3 MB or a zipped www/ over 10 MB
// (zmp-cli-core COMMON_CONFIG.SIZE_LIMIT_MB). Check both before anyone tries.
// Ours on top: the JS Zalo loads before the home screen can draw stays within 90 KB gzip (50.8 KB on 2026-12-05,
// with every page but Home lazy and Preact's compat layer for React; 86.3 KB with React), so the first visit on slow mobile data stays quick and a regression fails here
// (bench/miniapp.py reports the same figure as miniapp_js_gzip).
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { deflateRawSync, gzipSync } from "node:zlib";

export const MB = 1024 * 1024;
export const LIMITS = { fileBytes: 3 * MB, zipBytes: 10 * MB, initialJsGzipTarget: 90 * 1024 };

function walk(dir) {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    return statSync(full).isDirectory() ? walk(full) : [full];
  });
}

/** Size of a zip of the folder: deflate per entry as zip does, plus local/central headers and the end record. */
export function zippedSize(dir) {
  let total = 22;
  for (const file of walk(dir)) {
    const name = Buffer.byteLength(relative(dir, file));
    const data = readFileSync(file);
    const body = Math.min(deflateRawSync(data, { level: 6 }).length, data.length);
    total += 30 + name + body + 46 + name;
  }
  return total;
}

/** Gzip size of the JS Zalo loads at start (www/app-config.json listSyncJS + listAsyncJS). */
export function initialJsGzip(dir) {
  const configPath = join(dir, "app-config.json");
  if (!existsSync(configPath)) return null;
  const config = JSON.parse(readFileSync(configPath, "utf-8"));
  const files = [...(config.listSyncJS ?? []), ...(config.listAsyncJS ?? [])];
  return files.reduce((sum, f) => sum + gzipSync(readFileSync(join(dir, f))).length, 0);
}

export function checkWww(dir, limits = LIMITS) {
  if (!existsSync(dir)) {
    return { ok: false, errors: [`${dir} không tồn tại: chạy "npm run build" trước (build output missing, run npm run build).`] };
  }
  const errors = [];
  const files = walk(dir).map((f) => ({ path: relative(dir, f), bytes: statSync(f).size }));
  const largest = files.reduce((a, b) => (b.bytes > a.bytes ? b : a), { path: "", bytes: 0 });
  for (const f of files) {
    if (f.bytes > limits.fileBytes) errors.push(`${f.path} is ${(f.bytes / MB).toFixed(2)} MB (limit ${limits.fileBytes / MB} MB per file)`);
  }
  const zipBytes = zippedSize(dir);
  if (zipBytes > limits.zipBytes) errors.push(`zipped www/ is ${(zipBytes / MB).toFixed(2)} MB (limit ${limits.zipBytes / MB} MB)`);
  if (!existsSync(join(dir, "app-config.json"))) errors.push("www/app-config.json is missing: zmp-vite-plugin did not run");
  const initialJs = initialJsGzip(dir);
  if (initialJs !== null && initialJs > limits.initialJsGzipTarget) {
    errors.push(`initial JS is ${(initialJs / 1024).toFixed(1)} KB gzip (budget ${limits.initialJsGzipTarget / 1024} KB): load what the home screen does not need lazily`);
  }
  return { ok: errors.length === 0, errors, files: files.length, largest, zipBytes, initialJsGzip: initialJs };
}

const isMain = process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
  const dir = resolve(process.argv[2] ?? "www");
  const result = checkWww(dir);
  if (result.files !== undefined) {
    const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
    console.log(`www: ${result.files} files, largest ${result.largest.path} ${kb(result.largest.bytes)}, zipped ${kb(result.zipBytes)}, initial JS gzip ${result.initialJsGzip === null ? "?" : kb(result.initialJsGzip)}`);
  }
  for (const e of result.errors) console.error(`size check failed: ${e}`);
  process.exit(result.ok ? 0 : 1);
}
