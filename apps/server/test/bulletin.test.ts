/**
 * 《投诉动态》 downloaded over HTTP for the demo's month 2018-11 (open to the units, not yet published; 2018-10
 * published): the Word file read back as its XML (paragraphs and table cells), the PDF read back with pdfjs
 * (its Chinese text extractable, its first page rendered to PNG and not blank). Both must say what the ranking
 * page and the month's procedures say. `KAOHE_WRITE_DOCS=1` also writes the samples in docs/samples/.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { DEMO_CENTER_NAME } from "@kaohe/services";
import { getDocument } from "pdfjs-dist/legacy/build/pdf.mjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readDocx } from "./docx-text.ts";
import { query, type Session, signInAs, startDemoServer } from "./support.ts";

const MONTH = "2018-11";
const samples = new URL("../../../docs/samples/", import.meta.url).pathname;
const writeSamples = process.env.KAOHE_WRITE_DOCS === "1";

let base: string;
let admin: Session;
let close: () => Promise<void>;

beforeAll(async () => {
  ({ base, close } = await startDemoServer("kaohe-bulletin-", { cycle: true }));
  admin = await signInAs(base, "admin");
}, 180_000);
afterAll(() => close());

// ------------------------------------------------------------------ reading a .docx back

async function download(s: Session, path: string): Promise<{ res: Response; bytes: Uint8Array }> {
  const res = await s.fetch(path);
  return { res, bytes: new Uint8Array(await res.arrayBuffer()) };
}

interface NodeCanvas {
  width: number;
  height: number;
  getContext(kind: "2d"): { getImageData(x: number, y: number, w: number, h: number): { data: Uint8ClampedArray } };
  toBuffer(type: "image/png"): Buffer;
}

interface ScoredUnit {
  unit: { code: string; name: string };
  group: string;
  rank: number | null;
  ranked: boolean;
  published: number | null;
  volume: number;
}

describe("《投诉动态》 as Word", () => {
  it("holds the masthead, the saved lead, the rankings per category in the tabs' order with last month's ranks, the duties and the events", async () => {
    const data = await query<{ defaultLead: string }>(admin, "bulletin.get", { month: MONTH });
    const lead = `${data.defaultLead}\n请各单位对照通报的问题认真整改。`;
    const saved = await admin.trpc("bulletin.save", { month: MONTH, issue: 11, issuedOn: "2018-12-05", lead }, "POST");
    expect(saved.status).toBe(200);

    const viewer = await signInAs(base, "viewer");
    const { res, bytes } = await download(viewer, `/export/bulletin/${MONTH}.docx`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/vnd.openxmlformats-officedocument.wordprocessingml.document");
    expect(res.headers.get("content-disposition")).toContain(encodeURIComponent(`投诉动态-${MONTH}.docx`));
    if (writeSamples) {
      mkdirSync(samples, { recursive: true });
      writeFileSync(join(samples, `投诉动态-${MONTH}.docx`), bytes);
    }
    const doc = readDocx(bytes);
    expect(doc.paragraphs.slice(0, 4)).toEqual([
      "投诉动态",
      "（2018年第11期）",
      `${DEMO_CENTER_NAME}\t2018年12月5日`,
      "预览稿：本月考核结果尚未发布，以下数据在发布前可能因异议处理、数据更正而变化。",
    ]);
    // the lead as saved, one paragraph per line
    expect(doc.paragraphs.slice(4, 6)).toEqual(lead.split("\n"));
    expect(doc.paragraphs.at(-1)).toMatch(/^考核依据：《桓台县市民投诉（民生热线）工作考核办法》（规则版本 2017）。发布状态：未发布（预览）/);

    // the rankings: one table per category, in the stored category order (the ranking page's tabs), every unit as scored
    const [month, categories, previous] = await Promise.all([
      query<{ units: ScoredUnit[] }>(admin, "scores.month", { month: MONTH }),
      query<{ category: string }[]>(admin, "units.categories", {}),
      query<{ result: { units: ScoredUnit[] } }>(admin, "publication.current", { period: "2018-10" }),
    ]);
    const rankings = doc.tables.filter((t) => t[0]?.[0] === "名次");
    expect(rankings.map((t) => t[0])).toEqual(categories.map(() => ["名次", "单位", "得分", "承办量", "上月名次", "名次变化", "得分变化", "备注"]));
    const before = new Map(previous.result.units.map((u) => [u.unit.code, u]));
    categories.forEach(({ category }, i) => {
      const units = month.units.filter((u) => u.group === category);
      const rows = rankings[i]?.slice(1) ?? [];
      expect(rows.map((r) => r.slice(0, 5))).toEqual(
        units.map((u) => {
          const p = before.get(u.unit.code);
          return [u.ranked ? String(u.rank) : "不排名", u.unit.name, u.published?.toFixed(2), String(u.volume), p?.ranked ? String(p.rank) : "—"];
        }),
      );
      // a rank gained reads ↑, lost ↓, kept —; a unit without orders in either month is not compared
      const idle = new Set([...units, ...previous.result.units].filter((u) => u.volume === 0).map((u) => u.unit.name));
      for (const r of rows) {
        const [rank, prev, change] = [Number(r[0]), Number(r[4]), r[5]];
        if (idle.has(r[1] ?? "")) expect(change, r[1]).toBe("不比较");
        else if (Number.isFinite(rank) && Number.isFinite(prev))
          expect(change, r[1]).toBe(rank === prev ? "—" : rank < prev ? `↑${prev - rank}` : `↓${rank - prev}`);
      }
    });
    // last month's published result is what is compared with, and the note says so
    expect(doc.paragraphs).toContainEqual(expect.stringMatching(/^注：名次变化、得分变化与上月（2018年10月）已发布的结果相比；/));
    // a unit scoring without a single order says so
    for (const u of month.units.filter((x) => x.volume === 0)) expect(rankings.flat().find((r) => r[1] === u.unit.name)?.[7]).toContain("本月无工单");

    // the units owing a written explanation: those the month's duties name
    const duties = await query<{ duties: { unit: { name: string }; owedNow: boolean }[] }>(admin, "explanations.duties", { period: MONTH });
    const owing = doc.tables.find((t) => t[0]?.join() === "序号,单位,类别,原因,说明情况");
    expect(owing?.slice(1).map((r) => r[1])).toEqual(duties.duties.filter((d) => d.owedNow).map((d) => d.unit.name));
    for (const r of owing?.slice(1) ?? []) expect(r[3]).toMatch(/(超期件数|问题反弹件数|应办未办、问题反弹事件) \d+/);
    // each category as the headings call it (城区街道办事处, not 街道)
    const headings = new Set(["镇", "城区街道办事处", "县直部门"]);
    for (const r of owing?.slice(1) ?? []) expect(headings.has(r[2] ?? ""), r[2]).toBe(true);
    expect(owing?.slice(1).some((r) => r[2] === "城区街道办事处")).toBe(true);

    // the month's events, each type with its units and counts as bulletin.get gives them
    const events = doc.tables.find((t) => t[0]?.[0] === "事件类型");
    const listed = await query<{ events: { label: string; count: number; units: { unit: string; count: number }[] }[] }>(admin, "bulletin.get", {
      month: MONTH,
    });
    expect(events?.slice(1).map((r) => [r[0], r[1], r[2]])).toEqual(
      listed.events.map((e) => [e.label, e.units.map((u) => `${u.unit}（${u.count}）`).join("、"), String(e.count)]),
    );
    expect(listed.events.length).toBeGreaterThan(0);
  });

  it("与上月相比 names no unit without orders in either month among the risers and fallers, and says in one line why they are left out", async () => {
    const [month, previous] = await Promise.all([
      query<{ units: ScoredUnit[] }>(admin, "scores.month", { month: MONTH }),
      query<{ result: { units: ScoredUnit[] } }>(admin, "publication.current", { period: "2018-10" }),
    ]);
    const idle = month.units.filter((u) => u.volume === 0).map((u) => u.unit.name);
    // the demo's October (published) has units without a single order, scoring full marks on a tied place
    const idleBefore = previous.result.units.filter((u) => u.volume === 0).map((u) => u.unit.name);
    expect(idleBefore.length).toBeGreaterThan(0);
    const doc = readDocx((await download(admin, `/export/bulletin/${MONTH}.docx`)).bytes);
    const part = doc.paragraphs.slice(doc.paragraphs.findIndex((p) => /^[一二三四五六七八九十]、与上月相比$/.test(p)) + 1, -1);
    const moves = part.filter((p) => /名次上升|名次下降/.test(p)).join("\n");
    expect(moves.length).toBeGreaterThan(0);
    for (const name of [...idle, ...idleBefore]) expect(moves, name).not.toContain(`${name}（`);
    const said = [
      idle.length ? `本月无工单的单位${idle.length}个（${idle.join("、")}）` : "",
      `上月无工单的单位${idleBefore.length}个（${idleBefore.join("、")}）`,
    ];
    expect(part).toContainEqual(expect.stringContaining(`${said.filter(Boolean).join("、")}不参与升降比较`));
    // in the tables their change reads 不比较, their note says why
    const rows = doc.tables.filter((t) => t[0]?.[0] === "名次").flatMap((t) => t.slice(1));
    for (const name of idleBefore) {
      const row = rows.find((r) => r[1] === name);
      expect([row?.[5], row?.[6]], name).toEqual(["不比较", ""]);
      expect(row?.[7], name).toContain("上月无工单");
    }
  });

  it("compares with no unpublished month: 2018-10's bulletin says in one line that September is not published, and prints no change", async () => {
    // the demo publishes October only: September is scored, not published
    expect(await query(admin, "publication.current", { period: "2018-09" })).toBeNull();
    const doc = readDocx((await download(admin, "/export/bulletin/2018-10.docx")).bytes);
    const rankings = doc.tables.filter((t) => t[0]?.[0] === "名次");
    expect(rankings.length).toBeGreaterThan(0);
    for (const t of rankings) expect(t[0]).toEqual(["名次", "单位", "得分", "承办量", "备注"]);
    const heading = doc.paragraphs.findIndex((p) => /^[一二三四五六七八九十]、与上月相比$/.test(p));
    expect(doc.paragraphs.slice(heading + 1, -1)).toEqual(["上月（2018年9月）结果尚未发布，本期不作比较。"]);
    expect(doc.paragraphs.join("\n")).not.toMatch(/未发布）相比|名次上升|名次下降/);
  });

  it("escapes what the administrator types: markup in the lead is text in the document", async () => {
    const lead = '<w:p>注意 & 整改</w:p> "引号" ‘单引号’';
    expect((await admin.trpc("bulletin.save", { month: "2018-10", issue: 10, issuedOn: "2018-11-06", lead }, "POST")).status).toBe(200);
    const doc = readDocx((await download(admin, "/export/bulletin/2018-10.docx")).bytes);
    expect(doc.xml).toContain("&lt;w:p&gt;注意 &amp; 整改&lt;/w:p&gt;");
    expect(doc.paragraphs).toContain(lead);
    // a published month: no preview notice, the publication in the closing line
    expect(doc.paragraphs.some((p) => p.startsWith("预览稿"))).toBe(false);
    expect(doc.paragraphs.at(-1)).toMatch(/发布状态：已发布：/);
  });
});

describe("《投诉动态》 as PDF", () => {
  it("is small, carries its Chinese text, and its first page renders as a page with a red masthead and text", async () => {
    const { res, bytes } = await download(admin, `/export/bulletin/${MONTH}.pdf`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/pdf");
    // the CJK font is embedded as a subset: a bulletin stays small
    expect(bytes.length).toBeLessThan(400_000);
    expect(Buffer.from(bytes).toString("latin1")).toMatch(/\/BaseFont \/[A-Z]{6}\+NotoSansHans-Regular/);

    const pdf = await getDocument({ data: bytes.slice(), disableFontFace: true, isEvalSupported: false, useSystemFonts: false }).promise;
    let text = "";
    for (let i = 1; i <= pdf.numPages; i++) {
      const content = await (await pdf.getPage(i)).getTextContent();
      text += content.items.map((x) => ("str" in x ? x.str : "")).join("");
    }
    const month = await query<{ units: ScoredUnit[] }>(admin, "scores.month", { month: MONTH });
    expect(text).toContain("投诉动态");
    expect(text).toContain("2018年第11期");
    expect(text).toContain("请各单位对照通报的问题认真整改。");
    for (const u of month.units) expect(text, u.unit.name).toContain(u.unit.name);
    expect(text.replace(/\s/g, "")).toContain("规则版本2017");

    const page = await pdf.getPage(1);
    const viewport = page.getViewport({ scale: 1.5 });
    // pdfjs's own canvas in Node (@napi-rs/canvas, a prebuilt binary from npm): no browser, no system font
    const factory = pdf.canvasFactory as { create(w: number, h: number): { canvas: NodeCanvas } };
    const { canvas } = factory.create(Math.ceil(viewport.width), Math.ceil(viewport.height));
    await page.render({ canvas, viewport } as Parameters<typeof page.render>[0]).promise;
    const ctx = canvas.getContext("2d");
    const { data } = ctx.getImageData(0, 0, canvas.width, canvas.height);
    let ink = 0;
    let red = 0;
    for (let i = 0; i < data.length; i += 4) {
      const [r, g, b] = [data[i] ?? 255, data[i + 1] ?? 255, data[i + 2] ?? 255];
      if (r < 200 || g < 200 || b < 200) ink++;
      if (r > 150 && g < 80 && b < 80) red++;
    }
    const pixels = data.length / 4;
    // text and rules on white: some ink, far from a blank or a black page; the masthead in red
    expect(ink / pixels).toBeGreaterThan(0.02);
    expect(ink / pixels).toBeLessThan(0.5);
    expect(red).toBeGreaterThan(1000);
    if (writeSamples) {
      writeFileSync(join(samples, `投诉动态-${MONTH}.pdf`), bytes);
      writeFileSync(join(samples, `投诉动态-${MONTH}-第1页.png`), canvas.toBuffer("image/png"));
    }
  });

  it("leaves out the emoji a lead pasted from a chat app carries (the font has none: they would print as boxes), keeping ★", async () => {
    // 👍🏻 with a skin tone, a family joined by zero-width joiners: each a picture, left out whole
    const lead = "请各单位认真整改👍🏻🎉，★重点督办单位❤️本月再接再厉💪👨\u200d👩\u200d👧";
    expect((await admin.trpc("bulletin.save", { month: "2018-10", issue: 10, issuedOn: "2018-11-06", lead }, "POST")).status).toBe(200);
    const { bytes } = await download(admin, "/export/bulletin/2018-10.pdf");
    const pdf = await getDocument({ data: bytes.slice(), disableFontFace: true, isEvalSupported: false, useSystemFonts: false }).promise;
    let text = "";
    for (let i = 1; i <= pdf.numPages; i++) text += (await (await pdf.getPage(i)).getTextContent()).items.map((x) => ("str" in x ? x.str : "")).join("");
    expect(text.replace(/\s/g, "")).toContain("请各单位认真整改，★重点督办单位本月再接再厉");
    // the Word file keeps what was typed: Word has fonts for them
    expect(readDocx((await download(admin, "/export/bulletin/2018-10.docx")).bytes).paragraphs).toContain(lead);
  });

  it("draws the masthead's red rule under a center's name of two lines, not through its second (a security review)", async () => {
    const sysadmin = await signInAs(base, "sysadmin");
    const long = "某某市某某区某某县人民政府民生热线服务中心十二三四五六七";
    expect((await sysadmin.trpc("settings.setCenterName", { name: long }, "POST")).status).toBe(200);
    try {
      const { bytes } = await download(admin, `/export/bulletin/${MONTH}.pdf`);
      const pdf = await getDocument({ data: bytes.slice(), disableFontFace: true, isEvalSupported: false, useSystemFonts: false }).promise;
      const page = await pdf.getPage(1);
      // the name's lines, by their baselines (PDF space: y grows upwards)
      const items = (await page.getTextContent()).items.flatMap((x) =>
        "str" in x && x.str.trim() !== "" ? [{ str: x.str, y: x.transform[5] as number }] : [],
      );
      const nameLines = items.filter((x) => long.includes(x.str));
      expect(nameLines.map((x) => x.str).join("")).toBe(long);
      expect(new Set(nameLines.map((x) => Math.round(x.y))).size).toBe(2);
      // the rule: the first line drawn on the page, flat (pdfkit draws from the top of the page down: turned to PDF space)
      const ops = await page.getOperatorList();
      const { OPS } = await import("pdfjs-dist/legacy/build/pdf.mjs");
      const paths = ops.fnArray.flatMap((fn, i) => (fn === OPS.constructPath ? [ops.argsArray[i] as unknown[]] : []));
      const boxes = paths
        .map((args) => args.at(-1) as ArrayLike<number>)
        .filter((b) => b && b.length === 4 && Math.abs((b[1] as number) - (b[3] as number)) < 0.01);
      expect(boxes[0]).toBeDefined();
      const ruleY = (page.view[3] as number) - (boxes[0]?.[1] as number);
      // under the name's lower line (12 pt text: its baseline 2 pt and more above the rule)
      expect(Math.min(...nameLines.map((x) => x.y))).toBeGreaterThan(ruleY + 2);
    } finally {
      await sysadmin.trpc("settings.setCenterName", { name: DEMO_CENTER_NAME }, "POST");
    }
  });

  it("prints the bulletin's name as the center names it, on the masthead and in the file's name", async () => {
    const saved = await admin.trpc("bulletin.save", { month: MONTH, issue: 11, issuedOn: "2018-12-05", lead: "导言。", title: "12345热线工作通报" }, "POST");
    expect(saved.status).toBe(200);
    try {
      const { res, bytes } = await download(admin, `/export/bulletin/${MONTH}.docx`);
      expect(res.headers.get("content-disposition")).toContain(encodeURIComponent(`12345热线工作通报-${MONTH}.docx`));
      expect(readDocx(bytes).paragraphs[0]).toBe("12345热线工作通报");
    } finally {
      await admin.trpc("bulletin.save", { month: MONTH, issue: 11, issuedOn: "2018-12-05", lead: "导言。", title: "投诉动态" }, "POST");
    }
  });

  it("says clearly when there is nothing to print", async () => {
    const bad = await admin.fetch("/export/bulletin/2018-13.pdf");
    expect([bad.status, ((await bad.json()) as { zh: string }).zh]).toEqual([400, "期间应写成 2018-11（月）或 2018（年度），而不是“2018-13”"]);
    const early = await admin.fetch("/export/bulletin/2016-01.docx");
    expect(early.status).toBeGreaterThanOrEqual(400);
    expect(early.status).toBeLessThan(500);
    expect(((await early.json()) as { zh: string }).zh).toMatch(/规则/);
  });
});
