/** Rewrites docs/data-format.md from the importer's column definitions (see src/write/data-format-doc.ts). */
import { writeFileSync } from "node:fs";
import { dataFormatMarkdown } from "../src/write/data-format-doc.ts";

const path = new URL("../../../docs/data-format.md", import.meta.url);
writeFileSync(path, dataFormatMarkdown());
console.log(`wrote ${path.pathname}`);
