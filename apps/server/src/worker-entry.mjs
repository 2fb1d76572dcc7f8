// A worker thread's first module: plain JavaScript, so that it loads without a
// TypeScript loader; it registers tsx and then loads the worker itself.
import { register } from "tsx/esm/api";

register();
await import("./worker.ts");
