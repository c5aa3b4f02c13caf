/// <reference types="vitest/config" />
import { defineConfig, type Alias, type Plugin } from "vite";
import react from "@vitejs/plugin-react";
import zaloMiniApp from "zmp-vite-plugin";

// Preact's compat layer stands in for React in every build, the dev server and the tests: the code (ours, zmp-ui,
// react-router, TanStack Query, zustand, react-transition-group) is written against React 18 and runs unchanged, but
// the entry chunk the home screen waits for is ~40 KB gzip lighter (react-dom alone was 42 KB of it). TypeScript
// still checks against @types/react. Exact matches only, so a React entry point not listed here fails the guard below
// instead of quietly bundling real React next to Preact.
const preactAliases: Alias[] = [
  { find: /^react$/, replacement: "preact/compat" },
  { find: /^react-dom$/, replacement: "preact/compat" },
  { find: /^react-dom\/client$/, replacement: "preact/compat/client" },
  { find: /^react-dom\/test-utils$/, replacement: "preact/test-utils" },
  { find: /^react\/jsx-runtime$/, replacement: "preact/jsx-runtime" },
  { find: /^react\/jsx-dev-runtime$/, replacement: "preact/jsx-dev-runtime" },
];

/** Fails the build (or the dev server's request) when a module of the real react, react-dom or scheduler is loaded. */
function noRealReact(): Plugin {
  return {
    name: "no-real-react",
    load(id) {
      if (/[\\/]node_modules[\\/](react|react-dom|scheduler)[\\/]/.test(id)) {
        this.error(`${id} is React's own code: every import of react/react-dom must resolve to preact/compat (vite.config.mts)`);
      }
    },
  };
}

// zmp-vite-plugin sets base "./", outDir "www" and writes www/app-config.json
// (the file Zalo actually loads). It reads ./app-config.json from the cwd, so
// always build from this folder (npm run build does).
export default defineConfig(({ mode }) => ({
  root: ".",
  // plugin-react only sets up the automatic JSX runtime (react/jsx-runtime, aliased above). Its Fast Refresh needs
  // React's renderer and would swallow edits under Preact, so no file goes through its Babel pass: an edit in
  // `npm run dev` reloads the page instead.
  plugins: [...(mode === "test" ? [] : [zaloMiniApp()]), react({ exclude: /./ }), noRealReact()],
  resolve: {
    alias: preactAliases,
    // Vitest resolves packages as Node does (their CommonJS "main"), whose require("react") Vite cannot alias; the
    // ES module builds ("module") import React through Vite, so the tests get preact/compat as well.
    ...(mode === "test" ? { mainFields: ["module", "jsnext:main", "jsnext"] } : {}),
  },
  server: {
    // `npm run dev` talks to a local Django on :8000 through the same origin.
    proxy: {
      "/api": process.env.VITE_PROXY_TARGET ?? "http://127.0.0.1:8000",
    },
  },
  test: {
    environment: "jsdom",
    globals: true,
    setupFiles: ["./src/test/setup.ts"],
    include: ["src/**/*.test.{ts,tsx}", "scripts/**/*.test.{ts,mts}"],
    css: false,
    // Vitest hands node_modules to Node as they are, where `react` is React. The libraries that import React go
    // through Vite instead, so the aliases apply to them too and the tests render with Preact, as the app does.
    server: {
      deps: {
        inline: [/[\\/]node_modules[\\/](zmp-ui|react-router|react-router-dom|@tanstack|zustand|react-transition-group|@react-spring|@use-gesture|@testing-library)[\\/]/],
      },
    },
  },
}));
