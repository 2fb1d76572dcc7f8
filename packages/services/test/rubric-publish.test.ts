/**
 * Publishing a rubric version publishes the text the publisher reviewed, on both databases: a draft saved by an editor
 * after the administrator opened it (its text and what publishing it changes) is not published unseen (found by a
 * concurrency test: the publish went through with the editor's later line in it).
 */
import { openStore, type Store } from "@kaohe/db";
import { auditRows, databases, useDatabase } from "@kaohe/db/testing";
import { formatShanghai } from "@kaohe/time";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { contentHash, createDraft, getRubricVersion, publishRubricVersion, updateDraft } from "../src/rubrics.ts";
import { refusal } from "./support/refusal.ts";
import { closedInMonthRubric } from "./support/test-rubrics.ts";

describe.each(databases)("publishing the reviewed text of a rubric version on $label", (target) => {
  const database = useDatabase(target);
  let store: Store;
  let other: Store;
  beforeAll(async () => {
    if (target.unavailable) return;
    store = await openStore(database.url);
    other = await openStore(database.url);
  });
  afterAll(async () => {
    await other?.close();
    await store?.close();
  });

  it("a draft saved after it was reviewed is not published: CONFLICT naming who saved it and when, and nothing changes", async () => {
    const draft = await createDraft(store, { text: closedInMonthRubric("审阅"), author: "规则编辑甲" });
    // the administrator opens it: its text and its impact
    const seen = await getRubricVersion(store, draft.id);
    // an editor then saves a line the administrator never saw, over the text both started from
    const edited = `${seen.text}\n# 审阅之后加的一行\n`;
    const saved = await updateDraft(store, draft.id, { text: edited, author: "规则编辑乙", base: seen.contentHash });
    expect(saved.contentHash).toBe(contentHash(edited));

    const e = await refusal(publishRubricVersion(store, draft.id, "考核办", null, seen.contentHash));
    expect(e.code).toBe("CONFLICT");
    // who saved it and when, in Beijing time to the minute, as the draft's own save conflict says it
    expect(e.zh).toBe(
      `这份草稿在您查看后已由 规则编辑乙 于 ${formatShanghai(saved.updatedAt.getTime(), "minute")} 修改并保存，本次没有发布：请重新查看最新文本及其发布影响后再发布`,
    );
    expect(e.detail).toEqual({ draftChanged: true });
    // nothing published: still the editor's draft, no publication in the audit log
    const after = await getRubricVersion(store, draft.id);
    expect([after.status, after.publishedAt, after.text]).toEqual(["draft", null, edited]);
    expect((await auditRows(store.raw)).filter((a) => a.action === "rubric.publish")).toEqual([]);

    // reviewed again (the latest text): published, that text and no other
    const published = await publishRubricVersion(store, draft.id, "考核办", null, saved.contentHash);
    expect([published.status, published.publishedBy, published.text]).toEqual(["published", "考核办", edited]);
    expect((await auditRows(store.raw)).filter((a) => a.action === "rubric.publish").map((a) => a.entityId)).toEqual([String(draft.id)]);
  });

  it("the hash reviewed decides, not who saved: the publisher's own save in another tab since is refused as well", async () => {
    const draft = await createDraft(store, { text: closedInMonthRubric("另一标签页"), author: "考核办" });
    await updateDraft(store, draft.id, { text: `${draft.text}\n# 另一标签页的修改\n`, author: "考核办", base: draft.contentHash });
    const e = await refusal(publishRubricVersion(store, draft.id, "考核办", null, draft.contentHash));
    expect(e.code).toBe("CONFLICT");
    expect(e.zh).toMatch(/^这份草稿在您查看后已由 考核办 于 \d{4}-\d{2}-\d{2} \d{2}:\d{2} 修改并保存，本次没有发布/);
    expect((await getRubricVersion(store, draft.id)).status).toBe("draft");
  });

  it("a save landing after the checks, as the publishing transaction begins, publishes nothing either: the text checked is the one published", async () => {
    const draft = await createDraft(store, { text: closedInMonthRubric("检查之后"), author: "规则编辑甲" });
    const edited = `${draft.text}\n# 检查之后保存的一行\n`;
    // the store as publishing sees it: an editor's save, on another connection, lands just as its transaction opens
    const prisma = new Proxy(store.prisma, {
      get(client, key) {
        if (key !== "$transaction") return Reflect.get(client, key);
        return async (...args: Parameters<Store["prisma"]["$transaction"]>) => {
          await updateDraft(other, draft.id, { text: edited, author: "规则编辑乙", base: draft.contentHash });
          return (client.$transaction as (...a: unknown[]) => Promise<unknown>)(...args);
        };
      },
    });
    const e = await refusal(publishRubricVersion({ ...store, prisma }, draft.id, "考核办", null, draft.contentHash));
    expect(e.code).toBe("CONFLICT");
    expect(e.zh).toMatch(/^这份草稿在您查看后已由 规则编辑乙 于 \d{4}-\d{2}-\d{2} \d{2}:\d{2} 修改并保存，本次没有发布/);
    const after = await getRubricVersion(store, draft.id);
    expect([after.status, after.text]).toEqual(["draft", edited]);
  });
});
