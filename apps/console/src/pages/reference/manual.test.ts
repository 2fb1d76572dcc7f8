import { readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import { matchRanges, sectionMatches, sectionsOf, slug } from "./manual.ts";

const manual = readFileSync(new URL("../../../../../docs/rules-language.md", import.meta.url), "utf8");

describe("the manual in sections", () => {
  const sections = sectionsOf(manual);

  test("chapters and sections with the anchors of the manual's own table of contents", () => {
    expect(sections[0]).toMatchObject({ id: "top", level: 1, title: "kaohe 考核规则语言参考手册" });
    const toc = [...manual.matchAll(/\]\(#([^)]+)\)/g)].map((m) => m[1]);
    expect(toc.length).toBeGreaterThan(5);
    for (const anchor of toc) expect(sections.some((s) => s.id === anchor && s.level === 2)).toBe(true);
    const event = sections.find((s) => s.title.includes("事件类型：`event`") || s.title.includes("事件类型："));
    expect(event).toMatchObject({ level: 3, chapter: "3-各种语句-constructs" });
    expect(event?.html).toMatch(/^<h3 id="/);
    expect(slug("1. 概述 (Overview)")).toBe("1-概述-overview");
    // titles without their markdown
    expect(sections.map((s) => s.title)).toContain("3.1 文件头：rubric");
  });

  test("a rubric example is code, coloured as in the editor; a comment inside it is not a heading", () => {
    const lexical = sections.find((s) => s.id === slug("2.1 注释"));
    expect(lexical?.html).toContain('<pre><code class="language-kh">');
    expect(lexical?.html).toContain('<span class="kh-tok-comment">');
    expect(sections.some((s) => s.title.startsWith("四（二）"))).toBe(false);
  });

  test("raw HTML in the file is shown as text, images are not fetched, javascript: links are not links", () => {
    const [top, evil] = sectionsOf(
      '# 手册\n\n## 一节\n\n<img src=x onerror="alert(1)"> <script>alert(2)</script>\n\n![图](http://example.invalid/a.png) [点](javascript:alert(3)) [外](https://example.invalid/b)\n',
    );
    expect(top?.id).toBe("top");
    expect(evil?.html).not.toMatch(/<img|<script/);
    expect(evil?.html).toContain("&lt;img src=x onerror=&quot;alert(1)&quot;&gt;");
    expect(evil?.html).not.toContain('href="javascript:');
    expect(evil?.html).toContain('<a href="https://example.invalid/b" target="_blank" rel="noopener noreferrer">外</a>');
  });

  test("search: every word somewhere in the section; the places to highlight", () => {
    const hits = sections.filter((s) => sectionMatches(s, "KH213"));
    expect(hits.map((s) => s.id)).toContain(slug("KH213 per 的对象不对（错误）"));
    expect(sections.filter((s) => sectionMatches(s, "threshold 达标")).length).toBeGreaterThan(0);
    expect(sections.filter((s) => sectionMatches(s, "没有这样的词语xyz")).length).toBe(0);
    expect(matchRanges("Per 每 per", "per")).toEqual([
      [0, 3],
      [6, 9],
    ]);
    expect(matchRanges("超期率与超期", "超期 超期率")).toEqual([
      [0, 3],
      [4, 6],
    ]);
  });
});
