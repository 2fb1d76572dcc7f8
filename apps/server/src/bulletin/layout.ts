/**
 * 《投诉动态》 laid out once, for both files: the masthead, then the numbered
 * parts as headings, paragraphs and tables of plain text. The Word and the PDF
 * renderers draw the same blocks, so the two files never say different things.
 */
import {
  type BulletinData,
  type BulletinEventType,
  type BulletinGroup,
  type BulletinRow,
  dayText,
  monthsText,
  type YearBulletinChecklist,
  type YearBulletinData,
  type YearBulletinEntry,
  type YearBulletinGroup,
} from "@kaohe/services";
import { rankChangeWord } from "@kaohe/services/rank-change";

type Align = "left" | "center" | "right";

export type Block =
  | { kind: "heading"; text: string; level: 1 | 2 }
  | { kind: "paragraph"; text: string; indent?: boolean; note?: boolean }
  | {
      kind: "table";
      /** what the table is, for a reader who only hears it (Word's table title) */
      caption: string;
      header: string[];
      rows: string[][];
      /** column widths, in percent of the text's width (fitColumns) */
      widths: number[];
      align: Align[];
    };

export interface BulletinLayout {
  title: string;
  /** "2018年第11期" */
  issueLine: string;
  issuer: string | null;
  /** "2018年12月5日" */
  date: string;
  /**
   * printed under the masthead: for a month not yet published, that the numbers may change; for a published one whose
   * data changed since, that it did
   */
  notice: string | null;
  blocks: Block[];
  /** the rubric and the publication, printed at the end */
  basis: string;
  /** the document's properties */
  subject: string;
}

const CN_NUMBERS = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十"];
const cnNumber = (i: number) => CN_NUMBERS[i] ?? String(i + 1);

const score = (x: number | null) => (x === null ? "—" : x.toFixed(2));

/** ↑2, ↓1, — (the same place), 不比较, 不排名, 新列入: as the ranking page and the month's XLSX say it. */
const rankChangeText = (r: BulletinRow): string => rankChangeWord(r);

function scoreChangeText(r: BulletinRow): string {
  if (r.scoreChange === null) return "";
  return r.scoreChange > 0 ? `+${r.scoreChange.toFixed(2)}` : r.scoreChange.toFixed(2);
}

function rankingTable(d: BulletinData, g: BulletinGroup): Block {
  const compare = d.previous.state === "compared";
  const header = ["名次", "单位", "得分", "承办量", ...(compare ? ["上月名次", "名次变化", "得分变化"] : []), "备注"];
  const rows = g.rows.map((r) => [
    r.rank === null ? "不排名" : String(r.rank),
    r.unit,
    score(r.score),
    String(r.volume),
    ...(compare ? [r.previousRank === null ? "—" : String(r.previousRank), rankChangeText(r), scoreChangeText(r)] : []),
    r.notes.join("；"),
  ]);
  return {
    kind: "table",
    caption: `${d.periodText}${g.label}考核排名`,
    header,
    rows,
    // the unit's column as wide as the numbers leave it: a department's full name on one line where it can be
    // (县人力资源和社会保障局 broke before 局), the notes beside it
    widths: fitColumns(
      header,
      rows,
      header.map((h) => h !== "单位" && h !== "备注"),
    ),
    align: compare ? ["center", "left", "right", "right", "center", "center", "right", "left"] : ["center", "left", "right", "right", "left"],
  };
}

/** How wide a text is on one line, in ems of its font: a Latin letter, digit or sign about half a Chinese character. */
const ems = (text: string) => [...text].reduce((s, ch) => s + (/[\x20-\x7e]/.test(ch) ? 0.55 : 1), 0);

/** A column's width in percent of the text's width that shows `em` ems on one line, and back. Measured for the Word
 * file's text (10.5 points in 453.5, 4-point margins each side, 2 points to spare); the PDF's 9 points in 467 are roomier. */
const percent = (em: number) => ((em * 10.5 + 8 + 2) / 453.5) * 100;
const emsIn = (width: number) => ((width / 100) * 453.5 - 8 - 2) / 10.5;

/**
 * A table's column widths in percent of the text's width. The `fixed` columns (名次, 承办量, 类别 …) each as wide as
 * their header and longest cell on one line (上月名次 broke as 上月名/次, 省市驻县单位 as 省市驻县单/位: a review);
 * the others share the rest after what their longest text needs, each at least its header's width (a header longer
 * than 6 characters on up to three lines) and at least `whole[i]` ems where the page has room for them: the longest
 * piece a column lists (a name, a phrase: see pieceLines), kept whole on a line (综合管理考/核, 县教/育局 in 发现的问题: a finder).
 */
function fitColumns(header: readonly string[], rows: readonly (readonly string[])[], fixed: readonly boolean[], whole: readonly number[] = []): number[] {
  const cells = header.map((_, i) => Math.max(0, ...rows.map((r) => Math.max(...(r[i] ?? "").split("\n").map(ems)))));
  // a free column's header of up to 6 characters on one line; a longer one (投诉件办理考核（月度平均，占80%）over
  // numbers) on up to three lines: kept on one, the year's two parts took the unit's column down to two characters
  // a line (县经/济和/信息/化局, a walk)
  const headerLeast = (h: string) => (ems(h) <= 6 ? ems(h) : Math.max(6, Math.ceil(ems(h) / 3)));
  const longest = header.map((h, i) => Math.max(fixed[i] ? ems(h) : headerLeast(h), cells[i] ?? 0));
  const bare = header.map((h, i) => (fixed[i] ? percent(longest[i] ?? 1) : percent(headerLeast(h))));
  // the pieces kept whole: all of them where the page has room, else each column a like part of what it asks beyond
  // its header (a piece longer than that part then breaks as the text does)
  const ask = header.map((_, i) => (fixed[i] ? 0 : Math.max(0, percent(Math.min(whole[i] ?? 0, longest[i] ?? 0)) - (bare[i] ?? 0))));
  const asked = ask.reduce((s, w) => s + w, 0);
  const room = Math.max(0, 100 - bare.reduce((s, w) => s + w, 0));
  const least = bare.map((w, i) => w + (asked <= room ? (ask[i] ?? 0) : ((ask[i] ?? 0) * room) / asked));
  const rest = 100 - least.reduce((s, w) => s + w, 0);
  // what each free column would take beyond its least to show its longest text on one line; where not all can, a
  // column of names wants no more than its longest name (broken between them, more room would only be blank beside
  // them), the rest going to the texts that break anywhere (事件类型 took 6 characters a line beside them)
  const oneLine = header.map((_, i) => (fixed[i] ? 0 : Math.max(0, percent(longest[i] ?? 1) - (least[i] ?? 0))));
  const tight = oneLine.reduce((s, w) => s + w, 0) > rest;
  const more = oneLine.map((w, i) => (tight && (whole[i] ?? 0) > 0 ? 0 : w));
  const wanted = more.reduce((s, w) => s + w, 0);
  const free = fixed.filter((f) => !f).length;
  // room for all: each its longest text and a share of what is left; else each a part of its wish
  const extra = (i: number) =>
    fixed[i] ? 0 : wanted <= rest ? (more[i] ?? 0) + (rest - wanted) / free : wanted > 0 ? ((more[i] ?? 0) * Math.max(0, rest)) / wanted : 0;
  return least.map((w, i) => w + extra(i));
}

/** Names listed with "、", in pieces a line may end after: every name but the last with its "、". */
const listed = (names: readonly string[]) => names.map((n, i) => (i < names.length - 1 ? `${n}、` : n));

/** The longest piece of a column's cells, in ems: what the column gives at least to keep each whole on a line. */
const longestPiece = (cells: readonly (readonly string[])[]) => Math.max(0, ...cells.flatMap((pieces) => pieces.map(ems)));

/**
 * A cell's text in a column `width` percent wide, its lines broken between its pieces (a name listed, a phrase) and
 * never inside one: Word and the PDF break Chinese text between any two characters (综合管理考/核, 县供电公司/（1）,
 * 县教/育局（1）: a finder). A piece longer than the line is on its own line, broken there as the text is.
 */
function pieceLines(pieces: readonly string[], width: number): string {
  const room = emsIn(width);
  const lines: string[] = [];
  for (const piece of pieces) {
    const last = lines.length - 1;
    if (last >= 0 && ems(`${lines[last]}${piece}`) <= room) lines[last] += piece;
    else lines.push(piece);
  }
  return lines.join("\n");
}

const points = (x: number) => x.toFixed(2);

/**
 * A type's 扣分 as its items deduct it: the item's points where the type alone went beyond an item that stops at them,
 * said with what the occurrences would have made ("10.00（按次计 12.00，该项最多扣 10 分）"); several types sharing
 * such an item keep their own figure, with what the item deducts at most ("12.00（该项最多扣 10 分）"). The unit is
 * named when the type has several.
 */
function eventPointsText(e: BulletinEventType): string[] {
  const capped = e.units.filter((u) => u.cap);
  if (capped.length === 0) return [points(e.points)];
  const notes = capped.map((u) => {
    const who = e.units.length > 1 ? u.unit : "";
    const max = `该项最多扣 ${u.cap?.max} 分`;
    return u.cap?.shared ? [`${who}${max}`] : [`${who}按次计 ${points(u.listed)}，`, max];
  });
  // in pieces a line may end after: the figure, then each phrase of the note (see pieceLines)
  const said = notes.flatMap((n, k) => (k < notes.length - 1 ? [...n.slice(0, -1), `${n.at(-1)}；`] : n));
  return [points(e.points), ...said.map((x, k) => `${k === 0 ? "（" : ""}${x}${k === said.length - 1 ? "）" : ""}`)];
}

const MOVES_NAMED = 5;

/** The units whose rank moved most, in words: "名次上升：果里镇（↑3）、…；名次下降：…". */
function movement(g: BulletinGroup): string | null {
  const moved = g.rows.filter((r) => r.rankChange !== null && r.rankChange !== 0);
  if (moved.length === 0) return null;
  const up = moved.filter((r) => (r.rankChange ?? 0) > 0).sort((a, b) => (b.rankChange ?? 0) - (a.rankChange ?? 0));
  const down = moved.filter((r) => (r.rankChange ?? 0) < 0).sort((a, b) => (a.rankChange ?? 0) - (b.rankChange ?? 0));
  // the largest moves: a bulletin names those, not every unit of a long list
  const list = (rs: BulletinRow[]) =>
    rs
      .slice(0, MOVES_NAMED)
      .map((r) => `${r.unit}（${rankChangeText(r)}）`)
      .join("、") + (rs.length > MOVES_NAMED ? `等${rs.length}个单位` : "");
  return [up.length ? `名次上升：${list(up)}` : "", down.length ? `名次下降：${list(down)}` : ""].filter(Boolean).join("；");
}

/**
 * What a category without a rank moved says: its units kept their places, or none of them was compared (城区街道办事处
 * of one street office without orders read 各单位名次与上月相同, while its table said 不比较: a year-end walk).
 */
function unchanged(g: BulletinGroup): string {
  const compared = g.rows.filter((r) => r.rankChange !== null);
  if (compared.length === g.rows.length) return "各单位名次与上月相同。";
  if (compared.length > 0) return "参与比较的单位名次与上月相同。";
  const why = (r: BulletinRow) => r.notCompared ?? (r.rank === null ? "本月不排名" : "上月无名次");
  const reasons = [...new Set(g.rows.map(why))].map((w) => {
    const units = g.rows.filter((r) => why(r) === w).map((r) => r.unit);
    return `${g.rows.length === units.length && units.length > 1 ? "各单位" : units.join("、")}${w}`;
  });
  return `没有参与名次比较的单位（${reasons.join("；")}）。`;
}

/**
 * The units left out of the comparison for want of orders, in one line: "本月无工单的单位2个（县林业局、县档案局）不参与升降比较…".
 * Without a single order a unit scores by the rubric's "when zero" rules (full marks, a tied place): its rise or fall says nothing of its work.
 */
function notComparedLine(d: BulletinData): string | null {
  const rows = d.groups.flatMap((g) => g.rows);
  const named = (why: BulletinRow["notCompared"]) => {
    const units = rows.filter((r) => r.notCompared === why).map((r) => r.unit);
    return units.length ? `${why}的单位${units.length}个（${units.join("、")}）` : "";
  };
  const parts = [named("本月无工单"), named("上月无工单")].filter(Boolean);
  if (parts.length === 0) return null;
  return `${parts.join("、")}不参与升降比较：无工单的月份按规则计分，名次变化不反映实际办理情况。`;
}

export function bulletinLayout(d: BulletinData): BulletinLayout {
  const blocks: Block[] = [];
  for (const p of d.lead.split(/\n+/).filter((x) => x.trim())) blocks.push({ kind: "paragraph", text: p.trim(), indent: true });
  let part = 0;
  const heading = (text: string) => blocks.push({ kind: "heading", text: `${cnNumber(part++)}、${text}`, level: 1 });

  heading("各类别考核排名");
  d.groups.forEach((g, i) => {
    blocks.push({ kind: "heading", text: `（${cnNumber(i)}）${g.label}（${g.rows.length}个单位）`, level: 2 });
    blocks.push(rankingTable(d, g));
  });
  if (d.previous.state === "compared")
    blocks.push({
      kind: "paragraph",
      text: `注：名次变化、得分变化与上月（${d.previous.periodText}）已发布的结果相比；“↑”为名次上升，“↓”为名次下降${
        d.groups.some((g) => g.rows.some((r) => r.notCompared)) ? "；“不比较”为本月或上月无工单的单位，其名次变化不反映实际办理情况" : ""
      }。`,
      note: true,
    });

  heading("须书面说明情况的单位");
  if (d.duties.length === 0) blocks.push({ kind: "paragraph", text: "本月没有须书面说明情况的单位。", indent: true });
  else {
    blocks.push({
      kind: "paragraph",
      // the reasons are the rubric's, in the table: another county's are not Huantai's 应办未办、超时办结、问题反弹
      text: `以下${d.duties.length}个单位按考核办法须向${d.issuer ?? "考核中心"}书面说明情况，原因见下表。`,
      indent: true,
    });
    const header = ["序号", "单位", "类别", "原因", "说明情况"];
    const rows = d.duties.map((x, i) => [String(i + 1), x.unit, x.category, x.reasons.join("；"), x.state]);
    blocks.push({
      kind: "table",
      caption: `${d.periodText}须书面说明情况的单位`,
      header,
      rows,
      widths: fitColumns(header, rows, [true, false, true, false, true]),
      align: ["center", "left", "center", "left", "center"],
    });
  }

  heading("发现的问题");
  if (d.events.length === 0) blocks.push({ kind: "paragraph", text: "本月没有查实的考核事件。", indent: true });
  else {
    blocks.push({
      kind: "paragraph",
      text: `本月查实考核事件${d.totals.events}起，涉及${d.totals.eventUnits}个单位，按事件类型列出如下。`,
      indent: true,
    });
    const header = ["事件类型", "单位（次数）", "次数", "扣分", "计入"];
    // the units, the points and the assessments in pieces kept whole on a line: names listed (broken after a 、), a
    // cap's phrases (broken after a ，); the type and the count as they are
    const cells: (string | string[])[][] = d.events.map((e) => [
      e.label,
      listed(e.units.map((u) => `${u.unit}（${u.count}）`)),
      String(e.count),
      eventPointsText(e),
      listed(e.assessments.length ? e.assessments : ["—"]),
    ]);
    const capped = d.events.some((e) => e.units.some((u) => u.cap));
    // 扣分 is a number, unless a cap is said beside it: then it wraps as the texts do. The units', the points' and the
    // assessments' columns at least as wide as their longest piece: 计入 was as wide as its header when the others'
    // texts wanted more than the page (综合管理考/核, 投诉件办理/考核), the units' column a part of its one line
    // (县供电公司/（1）: a finder)
    const widths = fitColumns(
      header,
      cells.map((r) => r.map((c) => (typeof c === "string" ? c : c.join("")))),
      [false, false, true, !capped, false],
      header.map((_, i) => longestPiece(cells.flatMap((r) => (typeof r[i] === "string" ? [] : [r[i] as string[]])))),
    );
    const rows = cells.map((r) => r.map((c, i) => (typeof c === "string" ? c : pieceLines(c, widths[i] ?? 0))));
    blocks.push({
      kind: "table",
      caption: `${d.periodText}查实的考核事件`,
      header,
      rows,
      widths,
      align: ["left", "left", "right", "right", "left"],
    });
    blocks.push({
      kind: "paragraph",
      // an item that stops at its points (扣完为止) deducts no more, whatever the occurrences make: the figure says so
      text: `注：扣分为办法规定的每次分值乘以次数，在“计入”所列考核的相应考核项中扣除，再按该项的权重计入得分${
        capped ? "；考核项扣完为止的，扣分不超过该项分值（括号内注明按次计的分值和该项最多扣的分数）" : ""
      }；年度考核的事项在当月通报，年终${capped ? "按全年合计" : ""}计入考核。`,
      note: true,
    });
  }

  heading("与上月相比");
  // only last month's published result is compared with; otherwise one line says why there is no comparison
  if (d.previous.state !== "compared") blocks.push({ kind: "paragraph", text: d.previous.note ?? "上月没有可比较的考核结果。", indent: true });
  else {
    for (const g of d.groups) blocks.push({ kind: "paragraph", text: `${g.label}：${movement(g) ?? unchanged(g)}`, indent: true });
    const left = notComparedLine(d);
    if (left) blocks.push({ kind: "paragraph", text: left, indent: true });
  }

  return {
    title: d.title,
    issueLine: `${d.period.slice(0, 4)}年第${d.issue}期`,
    issuer: d.issuer,
    date: dayText(d.issuedOn),
    notice: d.published
      ? d.changedSincePublished && `注意：${d.changedSincePublished}`
      : "预览稿：本月考核结果尚未发布，以下数据在发布前可能因异议处理、数据更正而变化。",
    blocks,
    basis: `考核依据：《${d.rubric.name}》（规则版本 ${d.rubric.version}）。发布状态：${d.status}。${d.changedSincePublished ?? ""}`,
    subject: `${d.periodText}热线工作考核通报`,
  };
}

// ------------------------------------------------------------------ the year

function yearRankingTable(d: YearBulletinData, g: YearBulletinGroup): Block {
  // the year-end's parts as the rubric labels them (投诉件办理考核（月度平均，占80%）, 综合管理考核（占20%）)
  const header = ["名次", "单位", d.assessment, ...d.parts.map((p) => p.label), "承办量", "备注"];
  const rows = g.rows.map((r) => [
    r.rank === null ? "不排名" : String(r.rank),
    r.unit,
    score(r.score),
    ...r.parts.map(score),
    String(r.volume),
    r.notes.join("；"),
  ]);
  return {
    kind: "table",
    caption: `${d.periodText}${g.label}考核排名`,
    header,
    rows,
    widths: fitColumns(
      header,
      rows,
      header.map((_, i) => i === 0 || i === 2 || i === header.length - 2),
    ),
    align: ["center", "left", "right", ...d.parts.map((): Align => "right"), "right", "left"],
  };
}

/** A number of points as a person writes it: 12, 2.5, 0.25. */
const pointsText = (x: number) => String(Number(x.toFixed(2)));

/**
 * "工单不规范 6次，扣12分；现场协调缺席 1次，扣5分（继续扣减）": 继续扣减, beyond the item's points (the note says so).
 * Each reason with its own verb: an item that deducts and adds said 扣 of its additions (a review).
 */
function reasonsText(e: YearBulletinEntry): string {
  return e.reasons
    .map(
      (r) =>
        `${r.text}${r.count === null ? "" : ` ${pointsText(r.count)}${r.countUnit ?? ""}`}，${r.direction === "add" ? "加" : "扣"}${pointsText(r.points)}分${r.continuing ? "（继续扣减）" : ""}`,
    )
    .join("；");
}

/**
 * The item's figure, with what the occurrences made and what bound it where they differ: "10.00（按次计 14.00，本项最多加
 * 10 分）", "0.60（按次计 6.00，按 10% 计入本项）", "2.00（按次计 3.00，本项不低于 1 分）" — a weighted or floored item's
 * difference was put down to its points (a review).
 */
function entryPointsText(e: YearBulletinEntry, verb: "扣" | "加"): string {
  if (e.points === e.listed) return points(e.points);
  const why = [
    e.weight === null ? "" : `按 ${pointsText(e.weight * 100)}% 计入本项`,
    e.floor === null ? "" : `本项不低于 ${pointsText(e.floor)} 分`,
    e.capped ? `本项最多${verb} ${pointsText(e.max)} 分` : "",
  ].filter(Boolean);
  // no bound applied: the item's score was rounded to the rubric's decimals (round 1 decimals: 0.25 deducted as 0.3),
  // said so, not a bare "（按次计 0.25）" (a review)
  if (why.length === 0) why.push("按规则的小数位数取舍");
  return `${points(e.points)}（按次计 ${points(e.listed)}${why.map((w) => `，${w}`).join("")}）`;
}

function entryTable(d: YearBulletinData, c: YearBulletinChecklist, entries: YearBulletinEntry[], bonus: boolean): Block {
  const verb = bonus ? "加" : "扣";
  const header = ["序号", "单位", "类别", bonus ? "加分项" : "考核项", bonus ? "加分事由（次数、分值）" : "扣分事由（次数、分值）", bonus ? "加分" : "扣分"];
  const rows = entries.map((e, i) => [String(i + 1), e.unit, e.category, e.item, reasonsText(e), entryPointsText(e, verb)]);
  const bounded = entries.some((e) => e.points !== e.listed);
  return {
    kind: "table",
    caption: `${d.periodText}${c.label}${bonus ? "加分" : "扣分"}情况`,
    header,
    rows,
    widths: fitColumns(header, rows, [true, false, true, false, false, !bounded]),
    align: ["center", "left", "center", "left", "left", "right"],
  };
}

/**
 * The year's bulletin laid out as the month's is (same masthead, headings, tables, basis line): the year-end ranking per
 * category with its parts, then each yearly checklist's deductions and additions with what is behind them.
 */
export function yearBulletinLayout(d: YearBulletinData): BulletinLayout {
  const blocks: Block[] = [];
  for (const p of d.lead.split(/\n+/).filter((x) => x.trim())) blocks.push({ kind: "paragraph", text: p.trim(), indent: true });
  let part = 0;
  const heading = (text: string) => blocks.push({ kind: "heading", text: `${cnNumber(part++)}、${text}`, level: 1 });

  heading("各类别年终考核排名");
  d.groups.forEach((g, i) => {
    blocks.push({ kind: "heading", text: `（${cnNumber(i)}）${g.label}（${g.rows.length}个单位）`, level: 2 });
    blocks.push(yearRankingTable(d, g));
  });
  blocks.push({
    kind: "paragraph",
    text: `注：${d.assessment}为${d.parts.map((p) => p.label).join("、") || "各部分"}之和，按《${d.rubric.name}》计算；计入${monthsText(d.months)}。`,
    note: true,
  });

  for (const c of d.checklists) {
    const share = c.part ? `，按“${c.part}”计入${d.assessment}` : "";
    heading(`${c.label}扣分情况`);
    if (c.deductions.length === 0) blocks.push({ kind: "paragraph", text: `本年度${c.label}没有扣分的单位。`, indent: true });
    else {
      blocks.push({
        kind: "paragraph",
        text: `本年度${c.label}中，${new Set(c.deductions.map((e) => e.unit)).size}个单位有扣分，按单位列出如下。`,
        indent: true,
      });
      blocks.push(entryTable(d, c, c.deductions, false));
      blocks.push({
        kind: "paragraph",
        text: `注：扣分为${c.label}得分中的分值${share}；考核项扣完为止的，扣分不超过该项分值；注明“继续扣减”的，超出该项分值的部分从总分中继续扣减。`,
        note: true,
      });
    }
    heading(`${c.label}加分情况`);
    if (c.bonuses.length === 0) blocks.push({ kind: "paragraph", text: `本年度${c.label}没有获得加分的单位。`, indent: true });
    else {
      blocks.push({
        kind: "paragraph",
        text: `本年度${c.label}中，${new Set(c.bonuses.map((e) => e.unit)).size}个单位获得加分，加分事由如下。`,
        indent: true,
      });
      blocks.push(entryTable(d, c, c.bonuses, true));
      blocks.push({ kind: "paragraph", text: `注：加分为${c.label}得分中的分值${share}；加分项加分不超过该项分值。`, note: true });
    }
  }

  return {
    title: d.title,
    // the issue as the center numbers it (saved with the year, else following the months' series), and what it is
    issueLine: `${d.year}年第${d.issue}期 年度考核结果`,
    issuer: d.issuer,
    date: dayText(d.issuedOn),
    // marked as the month's preview bulletin is
    notice: d.published
      ? d.changedSincePublished && `注意：${d.changedSincePublished}`
      : "预览稿：本年度考核结果尚未发布，以下数据在发布前可能因异议处理、数据更正而变化。",
    blocks,
    basis: `考核依据：《${d.rubric.name}》（规则版本 ${d.rubric.version}）。发布状态：${d.status}。${d.changedSincePublished ?? ""}`,
    subject: `${d.periodText}热线工作考核结果通报`,
  };
}
