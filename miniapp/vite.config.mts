/// <reference types="vitest/config" />
import { defineConfig } from "vite";
import react from "@vitejs/plugin-react";
import zaloMiniApp from "zmp-vite-plugin";

// zmp-vite-plugin sets base "./", outDir "www" and writes www/app-config.json
// (the file Zalo actually loads). It reads ./app-config.json from the cwd, so
// always build from this folder (npm run build does).
export default defineConfig(({ mode }) => ({
  root: ".",
  plugins: mode === "test" ? [react()] : [zaloMiniApp(), react()],
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
  },
}));
