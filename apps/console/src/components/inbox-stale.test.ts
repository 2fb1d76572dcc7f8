import { describe, expect, test } from "vitest";
import { staleAfter, staleFor } from "./inbox-stale.ts";
import type { InboxItem } from "./responses/types.ts";

const item = (kind: InboxItem["kind"], title: string, period = "2018-11"): InboxItem => ({
  kind,
  period,
  title,
  at: "2026-12-07T05:32:00.000Z",
  link: kind === "objection" ? `/review/${period}?objection=8` : `/responses/${period}`,
});
const owed = item("owed", "2018年11月须提交书面说明");
const decision = item("decision", "异议 #8（2018年11月）不予采纳：铃铛测试：不予采纳。");

describe("what the bell's news makes stale", () => {
  test("a decision brought by the summary re-reads the unit's objections and its score (the row stayed 待处理 with 撤回)", () => {
    const stale = staleAfter([owed], [decision, owed]);
    expect(stale).toEqual(expect.arrayContaining(["objections", "scores", "corrections", "explanations"]));
  });

  test("a summary like the one before re-reads nothing; nor does the first (the pages read theirs with it)", () => {
    expect(staleAfter([owed, decision], [owed, decision])).toEqual([]);
    expect(staleAfter(undefined, [owed, decision])).toEqual([]);
  });

  test("a month opened re-reads its stage, scores and publication; an explanation read, the explanations only", () => {
    expect(staleAfter([], [item("opened", "2018年12月的考核结果已开放预览")])).toEqual(
      expect.arrayContaining(["cycle", "scores", "objections", "explanations", "publication"]),
    );
    expect(staleAfter([], [item("acknowledged", "2018年11月的书面说明已由中心阅知")])).toEqual(["explanations"]);
  });

  test("for the center, an objection gone from the list (withdrawn, or decided by someone else) re-reads the objections", () => {
    const open = item("objection", "唐山镇 对2018年11月的结果提出异议 #8，待处理");
    expect(staleAfter([open], [])).toEqual(["objections"]);
  });

  test("an item opened from the bell re-reads what it is about, even on the page already shown", () => {
    expect(staleFor(decision)).toContain("objections");
    expect(staleFor(decision)).toContain("scores");
    expect(staleFor(owed)).toEqual(["explanations"]);
  });
});
