import { describe, expect, test } from "vitest";
import { diffLines, diffStats, inlineChanges, inlineParts, sideBySide, splitLines } from "./line-diff.ts";

const marks = (a: string, b: string) => diffLines(a, b).map((o) => (o.kind === "same" ? ` ${o.text}` : o.kind === "add" ? `+${o.text}` : `-${o.text}`));

describe("line diff", () => {
  test("lines added, removed and changed, with each side's line numbers", () => {
    expect(marks("a\nb\nc\nd", "a\nc\nx\nd\ne")).toEqual([" a", "-b", " c", "+x", " d", "+e"]);
    expect(diffLines("a\nb\nc", "a\nB\nc")).toEqual([
      { kind: "same", a: 1, b: 1, text: "a" },
      { kind: "del", a: 2, text: "b" },
      { kind: "add", b: 2, text: "B" },
      { kind: "same", a: 3, b: 3, text: "c" },
    ]);
    expect(diffStats(diffLines("a\nb\nc", "a\nB\nc\nd"))).toEqual({ added: 2, removed: 1 });
  });

  test("a run of changes: the removed lines first, then the added", () => {
    expect(marks("keep\nold 1\nold 2\nkeep", "keep\nnew 1\nnew 2\nnew 3\nkeep")).toEqual([" keep", "-old 1", "-old 2", "+new 1", "+new 2", "+new 3", " keep"]);
  });

  test("line endings and a final newline do not count; identical texts have no change; an empty side is all added or removed", () => {
    expect(splitLines("a\r\nb\rc\n")).toEqual(["a", "b", "c"]);
    expect(diffLines("a\r\nb\n", "a\nb").every((o) => o.kind === "same")).toBe(true);
    expect(marks("", "x\ny")).toEqual(["-", "+x", "+y"]);
    expect(diffStats(diffLines("x\ny", "x\ny"))).toEqual({ added: 0, removed: 0 });
  });

  test("side by side: each removed line beside the added one that replaces it", () => {
    const rows = sideBySide(diffLines("a\nb\nc\nd", "a\nB\nd\ne"));
    expect(
      rows.map((r) => [r.left ? `${r.left.kind} ${r.left.no} ${r.left.text}` : null, r.right ? `${r.right.kind} ${r.right.no} ${r.right.text}` : null]),
    ).toEqual([
      ["same 1 a", "same 1 a"],
      ["del 2 b", "add 2 B"],
      ["del 3 c", null],
      ["same 4 d", "same 3 d"],
      [null, "add 4 e"],
    ]);
  });

  test("a long file with a small edit: one line changed among thousands", () => {
    const a = Array.from({ length: 5000 }, (_, i) => `line ${i}`);
    const b = [...a];
    b[2500] = "changed";
    const ops = diffLines(a.join("\n"), b.join("\n"));
    expect(diffStats(ops)).toEqual({ added: 1, removed: 1 });
    expect(ops.find((o) => o.kind === "del")).toMatchObject({ a: 2501, text: "line 2500" });
  });
});

describe("the characters of a changed line that differ", () => {
  test("are marked in the removed line and the added one that replaces it", () => {
    const inline = inlineChanges("    deduct 2 per 服务态度恶劣", "    deduct 4 per 服务态度恶劣");
    expect(inline?.removed.filter((p) => p.changed).map((p) => p.text)).toEqual(["2"]);
    expect(inline?.added.filter((p) => p.changed).map((p) => p.text)).toEqual(["4"]);
    // the parts put together are the lines
    expect([inline?.removed.map((p) => p.text).join(""), inline?.added.map((p) => p.text).join("")]).toEqual([
      "    deduct 2 per 服务态度恶劣",
      "    deduct 4 per 服务态度恶劣",
    ]);
  });
  test("are not marked between lines mostly unlike: the lines say more", () => {
    expect(inlineChanges("category 镇", "event 表扬 points 2")).toBeNull();
  });
  test("pair, in the unified view, each removed line with the added line in its place in the run", () => {
    const ops = diffLines("a\nitem 甲 20 points\nitem 乙 10 points\nz\n", "a\nitem 甲 25 points\nitem 乙 5 points\nz\n");
    const parts = inlineParts(ops);
    const changed = (i: number) =>
      parts
        .get(i)
        ?.filter((p) => p.changed)
        .map((p) => p.text);
    const at = (kind: string, text: string) => ops.findIndex((o) => o.kind === kind && o.text === text);
    expect(changed(at("del", "item 甲 20 points"))).toEqual(["0"]);
    expect(changed(at("add", "item 甲 25 points"))).toEqual(["5"]);
    expect(changed(at("add", "item 乙 5 points"))).toEqual(["5"]);
    expect(changed(at("del", "item 乙 10 points"))).toEqual(["10"]);
  });
});
