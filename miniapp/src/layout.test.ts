// @vitest-environment node
// The layout the README describes: a page never imports another page (what pages share lives in components/,
// widgets/, services/ or the store), and components/ stays presentational.
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";

const SRC = resolve(__dirname);

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return files(path);
    return /\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) ? [path] : [];
  });
}

/** "pages/Reports/index.tsx", "./pages/Reports" → "pages/Reports" */
const moduleName = (path: string) => path.replace(/\.tsx?$/, "").replace(/\/index$/, "");

/** The relative imports of a file as module names under src/ (lazy ones too; `import type` only when asked). */
function imports(file: string, { types = true } = {}): string[] {
  const text = readFileSync(file, "utf-8");
  const statements = [...text.matchAll(/^import\s+(type\s)?[^;]*?from\s+"(\.[^"]+)"/gms)].filter((m) => types || !m[1]).map((m) => m[2]);
  const lazy = [...text.matchAll(/import\("(\.[^"]+)"\)/g)].map((m) => m[1]);
  return [...statements, ...lazy].map((path) => moduleName(relative(SRC, resolve(dirname(file), path ?? ""))));
}

/** The route modules: what app.tsx imports from pages/. */
const routes = new Set(imports(join(SRC, "app.tsx")).filter((name) => name.startsWith("pages/")));

describe("the source layout", () => {
  it("knows the pages", () => {
    expect(routes.has("pages/Home")).toBe(true);
    expect(routes.has("pages/Reports/New")).toBe(true);
  });

  it("has no page importing another page", () => {
    const crossings = files(join(SRC, "pages")).flatMap((file) => {
      const self = moduleName(relative(SRC, file));
      const feature = self.split("/").slice(0, 2).join("/");
      return imports(file)
        .filter((name) => name.startsWith("pages/") && name !== self && (routes.has(name) || !name.startsWith(`${feature}/`)))
        .map((name) => `${self} → ${name}`);
    });
    expect(crossings).toEqual([]);
  });

  it("keeps fetching, the SDK, the store and the query cache out of components/", () => {
    const connected = files(join(SRC, "components")).flatMap((file) =>
      imports(file, { types: false })
        .filter((name) => /^(hooks|store|pages\/|widgets\/|services\/(queries\/|session|zalo|endpoints|privacy|dossiers))/.test(name))
        .map((name) => `${moduleName(relative(SRC, file))} → ${name}`),
    );
    expect(connected).toEqual([]);
  });
});
