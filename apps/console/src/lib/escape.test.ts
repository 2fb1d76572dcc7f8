import { describe, expect, test } from "vitest";
import { trendTooltipHtml } from "../components/results/trend-chart.tsx";
import { escapeHtml, html } from "./escape.ts";

const attack = "<img src=x onerror=alert(document.domain)>";

describe("escapeHtml", () => {
  test("markup characters become entities; other text is unchanged", () => {
    expect(escapeHtml(attack)).toBe("&lt;img src=x onerror=alert(document.domain)&gt;");
    expect(escapeHtml(`a & b "c" 'd' \`e\``)).toBe("a &amp; b &quot;c&quot; &#39;d&#39; &#96;e&#96;");
    expect(escapeHtml("桓台县 2017 年考核办法")).toBe("桓台县 2017 年考核办法");
    expect(escapeHtml(null)).toBe("");
    expect(escapeHtml(undefined)).toBe("");
    expect(escapeHtml(12.5)).toBe("12.5");
  });

  test("already-escaped text is escaped again (shown as written, never decoded)", () => {
    expect(escapeHtml("&lt;b&gt;")).toBe("&amp;lt;b&amp;gt;");
  });

  test("html`…` escapes the values and keeps the literal markup", () => {
    expect(html`<b>${attack}</b><span title="${'" onmouseover="x'}">`).toBe(
      '<b>&lt;img src=x onerror=alert(document.domain)&gt;</b><span title="&quot; onmouseover=&quot;x">',
    );
  });
});

describe("the trend chart's tooltip", () => {
  const point = { month: "2018-03", score: 91.256, rank: 2, groupSize: 9, group: "镇", rubricVersion: { version: "2017" } };

  test("shows the month, score, rank and version", () => {
    expect(trendTooltipHtml(point as never)).toBe(
      '<b>2018年3月</b><br/>得分：91.26<br/>排名：镇 第 2 / 9 名<br/><span style="color:#8c8c8c">规则版本 2017</span>',
    );
  });

  test("a month without data says 无数据 in place of a score and a rank", () => {
    expect(trendTooltipHtml({ ...point, noData: true, score: null, rank: null } as never)).toBe(
      '<b>2018年3月</b><br/>无数据：各单位本月都没有工单，不计分、不排名，不计入年终成绩<br/><span style="color:#8c8c8c">规则版本 2017</span>',
    );
  });

  test("a rubric version or group holding markup is shown as text: no element, no handler", () => {
    const out = trendTooltipHtml({ ...point, group: "<script>alert(1)</script>", rubricVersion: { version: attack } } as never);
    expect(out).not.toContain("<img");
    expect(out).not.toContain("<script");
    expect(out).toContain("规则版本 &lt;img src=x onerror=alert(document.domain)&gt;");
    expect(out).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    // the only tags are the tooltip's own
    expect([...out.matchAll(/<([a-z]+)/gi)].map((m) => m[1])).toEqual(["b", "br", "br", "br", "span"]);
  });
});
