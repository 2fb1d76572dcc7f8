/**
 * A rubric's text holding a NUL (U+0000) is refused when saved, on both databases, saying where: PostgreSQL's text
 * cannot hold one, and a draft pasted with one was a 500 there while SQLite kept it (found by an edge-case fuzz of every
 * procedure). Nothing is written: no draft, no audit entry.
 */
import { databases } from "@kaohe/db/testing";
import { describe, expect, it } from "vitest";
import { createDraft, listRubricVersions, updateDraft } from "../src/rubrics.ts";
import { refusal } from "./support/refusal.ts";
import { useOpenStore } from "./support/rubric-store.ts";
import { closedInMonthRubric } from "./support/test-rubrics.ts";

describe.each(databases)("a rubric's text with a NUL in it on $label", (target) => {
  const opened = useOpenStore(target);

  it("is not saved as a new draft: a 400 in Chinese naming its line and column, nothing written", async () => {
    const text = closedInMonthRubric("空字符");
    const lines = text.split("\n");
    lines[2] = `ab\u0000${lines[2]}`;
    const e = await refusal(createDraft(opened(), { text: lines.join("\n"), author: "规则编辑" }));
    expect(e.code).toBe("BAD_INPUT");
    expect(e.zh).toBe("规则文本第 3 行第 3 列含有空字符（U+0000，多是从别处复制时带来的），数据库不能保存：请删去后再保存");
    expect(await listRubricVersions(opened())).toEqual([]);
    expect(await opened().prisma.auditLog.count()).toBe(0);
  });

  it("is not saved over a draft: the draft keeps its text", async () => {
    const text = closedInMonthRubric("空字符二");
    const draft = await createDraft(opened(), { text, author: "规则编辑" });
    const e = await refusal(updateDraft(opened(), draft.id, { text: `${text}\n# 注释\u0000\n`, author: "规则编辑", base: draft.contentHash }));
    expect(e.code).toBe("BAD_INPUT");
    expect(e.zh).toContain("含有空字符（U+0000");
    const [kept] = await listRubricVersions(opened());
    expect(kept?.contentHash).toBe(draft.contentHash);
  });
});
