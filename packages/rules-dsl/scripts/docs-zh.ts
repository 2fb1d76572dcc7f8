// Writes the Chinese twin after each English ```kh example of docs/rules-language.md (kaohe fmt --keywords zh of it).
import { readFileSync, writeFileSync } from "node:fs";
import { withTwins } from "../test/docs-zh.ts";

const docUrl = new URL("../../../docs/rules-language.md", import.meta.url);
const huantai = readFileSync(new URL("../../../rules/huantai/2017.kh", import.meta.url), "utf8");
const { text, missing } = withTwins(readFileSync(docUrl, "utf8"), huantai);
writeFileSync(docUrl, text);
for (const m of missing) console.log(`没有中文写法 / no twin: ${m}`);
