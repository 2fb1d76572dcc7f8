#!/usr/bin/env node
/**
 * kaohe — the command line: check and format rubric files, score a month or
 * a year from a data folder, explain a unit's score, compare two versions;
 * import into the store; manage users.
 */
import { writeFile } from "node:fs/promises";
import { TABLE_FILE_TYPES_TEXT } from "@kaohe/data/file-names";
import { format, formatDiagnostic, keywordRewriteCount, parse } from "@kaohe/rules-dsl";
import type { AssessmentResult, CompiledRubric, ScoringData } from "@kaohe/rules-engine";
import { isYear, periodLabel } from "@kaohe/time";
import { Command, CommanderError } from "commander";
import { speakChinese } from "./chinese-help.ts";
import { CliError, sharedAliasError } from "./errors.ts";
import { readRubricText } from "./rubric-file.ts";
import { userCommands } from "./user.ts";

// Only what every command needs is imported above (the rules language for check and fmt, commander).
// The data readers, the engine and the store (the Prisma clients) are loaded by the commands that use
// them: `kaohe check` starts in a fraction of the time (the built bundle splits at these imports).
const load = () => import("./load.ts");
const render = () => import("./render.ts");

interface PeriodOptions {
  month?: string;
  year?: string;
  asOf?: string;
  json?: boolean;
  /** another ranked assessment of the rubric (`ranking { monthly 月度  monthly 季度 }`) */
  assessment?: string;
}

/**
 * What `kaohe score` says of a month without data, or a year none of whose months has any, in place of its ranking
 * (and first among the JSON's warnings).
 */
function noDataNote(period: string): { code: "no-data"; zh: string; en: string } {
  const year = isYear(period);
  return {
    code: "no-data",
    zh:
      `${periodLabel(period)}无数据：没有一个单位有受理时间在${year ? "本年" : "本月"}的工单，不计分、不排名${year ? "" : "，也不计入年终成绩"}` +
      `（各单位都按无工单计分、满分并列第一，不是考核结果，不列出）。请确认${year ? "年度" : "月份"}是否写对、${year ? "本年各月" : "本月"}的工单文件是否已导入（kaohe import 工单文件 --db …）`,
    en: year
      ? `no data in ${period}: no unit has an order received in any of its months; it is not scored or ranked. Check the year, and import its months' orders files`
      : `no data in ${period}: no unit has an order received in it; it is not scored, ranked or counted in the year. Check the month, and import its orders file`,
  };
}

/** `preview`: a comparison scores a version over a period it is not in force for (a new draft over the latest data). */
async function score(
  rubric: CompiledRubric,
  data: ScoringData,
  opts: PeriodOptions,
  evidence: boolean | string[] = false,
  preview = false,
): Promise<AssessmentResult> {
  const [{ parseAsOf, parsePeriod }, { scoreMonth, scoreYear }] = await Promise.all([load(), import("@kaohe/rules-engine")]);
  const period = parsePeriod(opts);
  const asOf = parseAsOf(opts.asOf);
  const assessment = opts.assessment;
  return "month" in period
    ? scoreMonth(rubric, data, period.month, { asOf, evidence, assessment, preview })
    : scoreYear(rubric, data, period.year, { asOf, evidence, assessment, preview });
}

/** A line for each version compared over a period it is not in force for: the comparison is a preview of it. */
function previewNotes(rubrics: CompiledRubric[], period: string): string[] {
  const months = /^\d{4}$/.test(period) ? Array.from({ length: 12 }, (_, i) => `${period}-${String(i + 1).padStart(2, "0")}`) : [period];
  return rubrics.flatMap((r, i) => {
    const { from, until } = r.header;
    if (months.some((m) => m >= from && (until === null || m <= until))) return [];
    const span = `${from}${until ? ` 至 ${until}` : " 起"}`;
    return [
      `预览：${i === 0 ? "A" : "B"} = ${r.header.name}（${r.header.version}）施行期间为 ${span}，这里按 ${period} 的数据试算 / version ${r.header.version} is not in force in ${period}: a preview`,
    ];
  });
}

function print(text: string): void {
  process.stdout.write(text.endsWith("\n") ? text : `${text}\n`);
}

function buildProgram(): Command {
  const program = new Command("kaohe")
    .description("kaohe 考核：按规则文件对 12345 热线承办单位计分、排名、解释与版本对比")
    .configureOutput({ writeErr: (s) => process.stderr.write(s) });

  program
    .command("check")
    .description("检查规则文件，列出错误与警告；有错误时退出码为 1")
    .argument("<files...>", "规则文件（.kh）")
    .option("--db <url>", "同时对照这个数据库中的数据检查：与诉求类型、来源、扩展属性等比较的文字，数据中没有一条记录是这个值的，列为警告")
    .action(async (files: string[], opts: { db?: string }) => {
      let errors = 0;
      // the store, when given, checks each file's texts against its data (a check without --db does not load it)
      const data = opts.db ? await (await import("./data-check.ts")).openDataChecker(opts.db) : null;
      try {
        for (const file of files) {
          const { text, note } = await readRubricText(file);
          if (note) process.stderr.write(`提示：${note}\n`);
          const parsed = parse(text);
          const fromData = data ? await data.diagnostics(parsed.recordTexts ?? []) : null;
          const diagnostics = fromData
            ? [...parsed.diagnostics, ...fromData.diagnostics].sort((a, b) => a.range.start.offset - b.range.start.offset)
            : parsed.diagnostics;
          for (const d of diagnostics) print(formatDiagnostic(d, file));
          const n = diagnostics.filter((d) => d.severity === "error").length;
          errors += n;
          // what was compared with the data: said only when something was (a store with no orders compared nothing)
          const against = !fromData
            ? ""
            : fromData.compared
              ? "（已对照数据库中的数据）"
              : (parsed.recordTexts ?? []).length > 0
                ? "（数据库中还没有可对照的工单或事件数据，未对照）"
                : "";
          if (diagnostics.length === 0) print(`✓ ${file}：没有问题${against} / no problems`);
        }
      } finally {
        await data?.close();
      }
      if (errors > 0) process.exitCode = 1;
    });

  program
    .command("fmt")
    .description("把规则文件整理成统一格式（保留注释）；关键词统一为文件中多数关键词的语言，或 --keywords 指定的语言")
    .option("--check", "只检查是否已是统一格式，不改文件；不是时退出码为 1")
    .option("--keywords <zh|en>", "关键词一律写成中文（zh）或英文（en），含义不变 / write every keyword in Chinese or English")
    .argument("<files...>", "规则文件（.kh）")
    .action(async (files: string[], opts: { check?: boolean; keywords?: string }) => {
      if (opts.keywords !== undefined && opts.keywords !== "zh" && opts.keywords !== "en") {
        throw new CliError(`--keywords 只能是 zh 或 en，这里是 ${opts.keywords} / --keywords must be zh or en`);
      }
      const keywords = opts.keywords as "zh" | "en" | undefined;
      let bad = 0;
      for (const file of files) {
        const { text, note } = await readRubricText(file);
        if (note) process.stderr.write(`提示：${note}\n`);
        const result = format(text, { keywords });
        if (!result.ok) {
          for (const d of result.diagnostics) print(formatDiagnostic(d, file));
          bad++;
          continue;
        }
        // a file not in UTF-8 is written back as UTF-8 (the encoding every rubric is meant to have), and says so
        if (result.text === text && !note) {
          // said, as check says ✓: silence read as nothing done (a helper)
          print(`✓ ${file}：格式已是统一格式${opts.check ? "" : "，未改动"} / already formatted`);
          continue;
        }
        // the keywords in another language than --keywords asks, told apart from the layout (a file laid out right but
        // in English keywords read only 格式未整理: a README walk)
        const rewrites = keywords ? keywordRewriteCount(text, keywords) : 0;
        const language = keywords === "zh" ? "中文" : "英文";
        const keywordsText = `关键词不是${language}（--keywords ${keywords} 会改写 ${rewrites} 处）`;
        if (opts.check) {
          const asWritten = rewrites === 0 ? null : format(text);
          const laidOut = asWritten === null || (asWritten.ok && asWritten.text === text);
          const why =
            result.text === text
              ? "格式已整理，但不是 UTF-8 编码"
              : rewrites === 0
                ? "格式未整理"
                : laidOut
                  ? `格式已整理，但${keywordsText}`
                  : `格式未整理，且${keywordsText}`;
          const whyEn = rewrites > 0 && laidOut && result.text !== text ? `keywords not in ${keywords === "zh" ? "Chinese" : "English"}` : "not formatted";
          print(`${file}：${why} / ${whyEn}`);
          // where the layout first differs, as fmt would write it (it said only 格式未整理: another city's walk)
          const layout = asWritten ?? result;
          const first = layout.ok ? firstDifference(text, layout.text) : null;
          if (first) print(`  第 ${first.line} 行起与统一格式不同：${first.was} → ${first.now}（运行 kaohe fmt 改写 / line ${first.line} differs）`);
          bad++;
        } else {
          await writeFile(file, result.text);
          print(`已整理 ${file}${rewrites > 0 ? `，关键词改写为${language} ${rewrites} 处` : ""}${note ? "，并改存为 UTF-8 编码" : ""} / formatted`);
        }
      }
      if (bad > 0) process.exitCode = 1;
    });

  const periodOptions = (c: Command) =>
    c
      .option("--month <YYYY-MM>", "考核月份，如 2017-10")
      .option("--year <YYYY>", "考核年度，如 2017（年终成绩）")
      .option("--as-of <date>", "考核时点（默认按规则：如次月月底）；只写日期的指当天结束（24:00）")
      .option(
        "--assessment <名称>",
        "计分并排名规则中的另一项考核（如排名规则列出的季度考核；默认第一项）；排名规则没有列出的考核也可以查看，名次只是试排、不公布",
      );

  const dataOptions = (c: Command) =>
    c
      .option("--rubric <file>", "规则文件（用 --db 时可省略：取该期施行中的已发布版本）")
      .option("--data <dir>", `数据文件夹（units、orders、events、facts，类型为 ${TABLE_FILE_TYPES_TEXT}）`)
      .option("--db <url>", "数据库：file:data/kaohe.db（SQLite）或 postgresql://…");

  periodOptions(dataOptions(program.command("score").description("计分并按类别排名")).option("--json", "输出 JSON（只输出一个对象）")).action(
    async (opts: PeriodOptions & { rubric?: string; data?: string; db?: string }) => {
      const [{ parsePeriod }, { openSource }, { isRankedAssessment, rankingJson, renderRanking, unrankedNote }] = await Promise.all([
        load(),
        import("./source.ts"),
        render(),
      ]);
      const period = parsePeriod(opts);
      const source = await openSource(opts);
      try {
        const rubric = await source.rubric(opts.rubric, "month" in period ? period.month : String(period.year));
        const result = await score(rubric, source.data, opts);
        const notes = await source.notes(rubric, result);
        // an assessment the ranking does not name is scored to be looked at: its ranks are no ranking (said first)
        const unranked = !isRankedAssessment(rubric, result.assessment.name);
        // a month without data (no unit has an order in it): every unit at full marks, tied first, is no ranking — said
        // in its place, as the console's month page says it (orders all left out by a population keep their table)
        // (a year none of whose months has data alike, each month asked as its own `kaohe score --month` would say it)
        const { monthWithoutData, yearWithoutData } = await import("@kaohe/rules-engine");
        const monthEmpty = async (month: string) => monthWithoutData(rubric, source.data, month, await score(rubric, source.data, { month }));
        const noData =
          opts.assessment === undefined &&
          ("month" in period
            ? await monthWithoutData(rubric, source.data, period.month, result)
            : await yearWithoutData(rubric, String(period.year), result, monthEmpty));
        // the data's notes are warnings of the period as the text says them (注意：…), in its one list
        if (opts.json) {
          const json = rankingJson(result) as { warnings: unknown[] };
          const first = [...(noData ? [noDataNote(result.period)] : []), ...(unranked ? [unrankedNote(result.assessment.name)] : [])];
          print(JSON.stringify({ ...json, noData, warnings: [...first, ...json.warnings, ...notes] }, null, 2));
        } else if (noData) {
          const note = noDataNote(result.period);
          print(`${result.rubric.name}（${result.rubric.version}）\n${note.zh}\n${note.en}`);
        } else {
          // the main assessment is the one published: another (--assessment 季度考核) has no publication of its own, said so
          const main = "month" in period ? rubric.ranking.monthly : rubric.ranking.yearly;
          const label = (name: string) => rubric.assessments.get(name)?.label ?? name;
          const other =
            result.assessment.name === main
              ? undefined
              : { shown: label(result.assessment.name), published: main ? label(main) : null, months: "month" in period ? result.months : [] };
          const published = await source.publicationText(result.period, other, opts.rubric ? { file: opts.rubric, shown: result } : undefined);
          const table = [renderRanking(result, { unranked }), ...notes.map((n) => `注意：${n.zh} / ${n.en}`)].join("\n");
          print(published ? `${published}\n${table}` : table);
        }
      } finally {
        await source.close();
      }
    },
  );

  periodOptions(
    dataOptions(program.command("explain").description("逐项解释一个单位的得分，列出扣分背后的工单与事件")).requiredOption(
      "--unit <name>",
      "单位名称、编码或单位表中的别名",
    ),
  ).action(async (opts: PeriodOptions & { rubric?: string; data?: string; db?: string; unit: string }) => {
    const [{ parsePeriod }, { openSource }, { findUnit, renderExplain }, { isRankedAssessment }] = await Promise.all([
      load(),
      import("./source.ts"),
      import("./explain.ts"),
      render(),
    ]);
    const period = parsePeriod(opts);
    const source = await openSource(opts);
    try {
      const rubric = await source.rubric(opts.rubric, "month" in period ? period.month : String(period.year));
      // by its code, its name or an alias from its units file, as an import and `kaohe user` find a unit
      const { createUnitResolver, unitsGivingAlias } = await import("@kaohe/data");
      const resolve = createUnitResolver(source.data.units);
      const unit = source.data.units.find((u) => u.code === resolve(opts.unit));
      const sharing = unit ? [] : unitsGivingAlias(source.data.units, opts.unit);
      if (sharing.length > 1) throw sharedAliasError(opts.unit, sharing);
      // an abbreviation or a name with a place before it (县环保局 of 县环境保护局): the unit the importer would suggest
      const like = unit ? undefined : resolve.resembling?.(opts.unit);
      if (like)
        throw new CliError(`没有名为“${opts.unit}”的单位（是否是：${like.name}（${like.code}）？） / no unit named ${opts.unit} (did you mean ${like.name}?)`);
      const result = await score(rubric, source.data, opts, unit ? [unit.code] : true);
      const u = findUnit(result, unit?.code ?? opts.unit, unit);
      // the assessments its total reads (80% × 工单指标 + 20% × 督办事项 + 表扬), whether or not it has items of its
      // own: the unit in each, as the console's page lists them
      const { assessmentsReadByTotal, recordFieldColumns } = await import("@kaohe/rules-engine");
      const decl = rubric.assessments.get(result.assessment.name);
      const read = await Promise.all(
        (decl ? assessmentsReadByTotal(rubric, decl) : []).map(async (name) => {
          const r = await score(rubric, source.data, { ...opts, assessment: name }, [u.unit.code]);
          const there = r.units.find((x) => x.unit.code === u.unit.code);
          return there ? [{ name, result: r, unit: there, took: u.totalFrom?.includes(name) ?? false }] : [];
        }),
      );
      const referenced = read.flat();
      const ids = [u, ...referenced.map((x) => x.unit)].flatMap((x) => [
        ...x.items.flatMap((i) => [...i.measures.flatMap((m) => m.records), ...i.adjustments.flatMap((a) => a.records)]),
        // the records behind a veto too (with --db they are fetched by id)
        ...(x.vetoEvidence ?? []).flatMap((e) => e.measures.flatMap((m) => m.records)),
      ]);
      const records = await source.records(ids);
      // the data's notes too: a month whose data ends before its assessment time bears on the unit's overdue orders
      // (counted of the unit's own)
      const notes = await source.notes(rubric, result, u.unit.code);
      // the rubric's own fields of the records listed, worked out as the period read them
      const calendar = records.calendar ?? [];
      // as the unit's measures were counted: the period (the assessment asked), the unit's months, the time given
      const columns = (assessment: string | undefined, asOf: number) => {
        const of = { period: result.period, assessment, unit: unit ?? null, asOf };
        return { orders: recordFieldColumns(rubric, "orders", of, calendar), events: recordFieldColumns(rubric, "events", of, calendar) };
      };
      const own = columns(opts.assessment, result.asOf);
      const unranked = !isRankedAssessment(rubric, result.assessment.name);
      const withOwn = referenced.map(({ name, result: r, unit: there, took }) => ({ result: r, unit: there, took, own: columns(name, r.asOf) }));
      print(
        [renderExplain(result, u, { units: [], facts: [], ...records }, own, { unranked, referenced: withOwn }), ...notes.map((n) => `注意：${n.zh}`)].join(
          "\n",
        ),
      );
    } finally {
      await source.close();
    }
  });

  periodOptions(
    program
      .command("diff")
      .description("同一数据、同一考核期下，比较两个规则版本的得分与名次")
      .requiredOption("--rubric <file>", "规则文件 A 与 B：--rubric A --rubric B", (v: string, prev: string[] = []) => [...prev, v])
      .option("--data <dir>", "数据文件夹")
      .option("--db <url>", "数据库地址")
      .option("--json", "输出 JSON"),
  ).action(async (opts: PeriodOptions & { rubric: string[]; data?: string; db?: string }) => {
    if (opts.rubric.length !== 2) throw new CliError("diff 需要两个规则文件：--rubric A.kh --rubric B.kh / diff takes exactly two --rubric files");
    const [{ readRubric }, { openSource }, { renderDiff }, { diffResults }] = await Promise.all([
      load(),
      import("./source.ts"),
      render(),
      import("@kaohe/rules-engine"),
    ]);
    const [a, b] = await Promise.all(opts.rubric.map(readRubric));
    const source = await openSource(opts);
    try {
      const [ra, rb] = await Promise.all([
        score(a as CompiledRubric, source.data, opts, false, true),
        score(b as CompiledRubric, source.data, opts, false, true),
      ]);
      const d = diffResults(ra, rb);
      const previews = previewNotes([a as CompiledRubric, b as CompiledRubric], ra.period);
      print(opts.json ? JSON.stringify({ ...d, previews }, null, 2) : renderDiff(d, previews));
    } finally {
      await source.close();
    }
  });

  program
    .command("import")
    .description("把数据文件导入数据库（全部成功才保存；有任何问题则一行不存，并列出所有问题）")
    .requiredOption("--db <url>", "数据库：file:data/kaohe.db（SQLite）或 postgresql://…")
    .option("--by <name>", "操作人，记入导入记录（默认：命令行（系统用户名））")
    .option("--later-row-wins", "同一工单编号或事件编号出现多次且内容不同时，以后出现的行为准（默认：视为问题，不导入）")
    .option("--kind <kind>", "所给文件都按此种类读取，不看文件名：units、orders、events、facts、calendar（或 单位、工单、事件、事实、节假日）")
    .option("--confirm", "确认导入会让正在参加考核的单位改为规则中没有的类别（不再参加考核、不在任何排名中）的单位名单（默认：不导入，说明原因）")
    .option("--create", "--db 所指的 SQLite 文件不存在时新建一个空数据库再导入（默认：不新建，以免路径写错时悄悄建出空库）")
    .argument("<paths...>", `文件或文件夹（${TABLE_FILE_TYPES_TEXT}；种类按文件名 units、orders、events、facts 或表头判断）`)
    .action(async (paths: string[], opts: { db: string; by?: string; laterRowWins?: boolean; kind?: string; confirm?: boolean; create?: boolean }) => {
      const [{ runImport }, { cliActor }] = await Promise.all([import("./import.ts"), import("./actor.ts")]);
      await runImport(opts.db, paths, opts.by?.trim() || cliActor(), print, {
        laterRowWins: opts.laterRowWins ?? false,
        kind: opts.kind,
        confirm: opts.confirm ?? false,
        create: opts.create ?? false,
      });
    });

  program
    .command("demo")
    .description("生成桓台县演示数据（2017-09 至 2018-12），并用 2017 办法计分排名；用 --db 时写入数据库（仅当数据库为空）")
    .option("--out <dir>", "演示数据文件写到哪个文件夹", "demo-data")
    .option("--db <url>", "把演示数据和随附的规则版本写入这个数据库")
    .option("--month <YYYY-MM>", "显示哪个月的排名", "2018-11")
    .action(async (opts: { out: string; month: string; db?: string }) => {
      const { runDemo, runDemoDb } = await import("./demo.ts");
      await (opts.db ? runDemoDb(opts.db, opts.month, print) : runDemo(opts.out, opts.month, print));
    });

  userCommands(program, print);

  // commander's own words (用法、选项, its errors) in Chinese, in every command
  return speakChinese(program);
}

/** A scoring or store error (its message is for the user): those modules are loaded here only when something failed. */
async function expected(err: unknown): Promise<boolean> {
  if (!(err instanceof Error)) return false;
  const [{ ScoringError }, { AppError }] = await Promise.all([import("@kaohe/rules-engine"), import("@kaohe/db")]);
  return err instanceof ScoringError || err instanceof AppError;
}

export async function main(argv: string[]): Promise<number> {
  const program = buildProgram().exitOverride();
  try {
    await program.parseAsync(argv);
    return typeof process.exitCode === "number" ? process.exitCode : 0;
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode;
    if (err instanceof CliError || (await expected(err))) {
      process.stderr.write(`${(err as Error).message}\n`);
      return 1;
    }
    throw err;
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main(process.argv).then((code) => {
    process.exitCode = code;
  });
}

/** The first line where `text` and `now` differ (1-based), each as written there, shortened; null when they are alike. */
function firstDifference(text: string, now: string): { line: number; was: string; now: string } | null {
  const a = text.replace(/\r\n?/g, "\n").split("\n");
  const b = now.split("\n");
  const shown = (l: string | undefined) => {
    if (l === undefined) return "（文件结束）";
    const t = l.trim();
    if (t === "") return "（空行）";
    return t.length > 60 ? `${t.slice(0, 60)}…` : t;
  };
  // a line alike but for its indent or its end is said by its whitespace (they read the same trimmed)
  const spaces = (l: string | undefined) => `缩进 ${(l ?? "").length - (l ?? "").trimStart().length} 个空格${/\s$/.test(l ?? "") ? "，行尾有空格" : ""}`;
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    if (a[i] === b[i]) continue;
    const [was, then] = [shown(a[i]), shown(b[i])];
    return was === then && a[i] !== undefined && b[i] !== undefined
      ? { line: i + 1, was: `${was}（${spaces(a[i])}）`, now: spaces(b[i]) }
      : { line: i + 1, was, now: then };
  }
  return null;
}
