import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

// The console is built into dist/ and served by apps/server; `vite` (dev) proxies the API to it.
export default defineConfig({
  plugins: [react()],
  build: { outDir: "dist", chunkSizeWarningLimit: 4000 },
  server: { proxy: { "/trpc": "http://127.0.0.1:5180", "/export": "http://127.0.0.1:5180" } },
});
