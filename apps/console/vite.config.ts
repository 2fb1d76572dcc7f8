import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";
import { precompress } from "./precompress.ts";

// The console is built into dist/ and served by apps/server; `vite` (dev) proxies the API to it.
// Every text file of the build gets its .br and .gz beside it (precompress.ts): the server sends those as they are.
export default defineConfig({
  plugins: [react(), precompress()],
  build: { outDir: "dist", chunkSizeWarningLimit: 4000 },
  server: { proxy: { "/trpc": "http://127.0.0.1:5180", "/export": "http://127.0.0.1:5180" } },
});
