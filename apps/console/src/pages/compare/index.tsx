/** 版本对比: two rubric versions scored on the same data and period, unit by unit. */
import { SwapOutlined } from "@ant-design/icons";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import {
  Alert,
  Button,
  Card,
  DatePicker,
  Empty,
  Segmented,
  Select,
  Skeleton,
  Space,
  Spin,
  Switch,
  Table,
  type TableColumnsType,
  Tabs,
  Tag,
  Tooltip,
  Typography,
} from "antd";
import dayjs, { type Dayjs } from "dayjs";
import { type ReactNode, useEffect, useMemo, useRef, useState } from "react";
import { useSearchParams } from "react-router";
import { RankMove, ScoreDelta } from "../../components/results/cells.tsx";
import { BadPeriod } from "../../components/results/result-states.tsx";
import { fixed, MONTH_FORMATS, monthLabel, YEAR_FORMATS } from "../../lib/format.ts";
import { usePhone } from "../../lib/layout.ts";
import { validMonth, validYear } from "../../lib/period-address.ts";
import { lastViewedPeriod, rememberPeriod, useLatestMonth } from "../../lib/periods.ts";
import { errorText, type RouterOutputs, useTRPC } from "../../lib/trpc.ts";
import { versionOptions } from "../rubrics/shared.tsx";
import "./compare.css";
import { addMonths, isYear } from "@kaohe/time";

type Comparison = RouterOutputs["scores"]["compare"];
type ComparedUnit = Comparison["units"][number];
type PlaceChange = ComparedUnit["top3"];
type Mode = "month" | "year";
type ItemDelta = ComparedUnit["items"][number];

const periodOf = (mode: Mode, d: Dayjs) => (mode === "month" ? d.format("YYYY-MM") : d.format("YYYY"));
const periodLabel = (p: string) => (isYear(p) ? `${p}年（年度）` : monthLabel(p));

/** A period the server answers for (not 2019-99, not 0000-01), as the picker shows it. */
function parsePeriod(p: string | null): { mode: Mode; date: Dayjs } | null {
  if (p && validYear(p)) return { mode: "year", date: dayjs(`${p}-01-01`) };
  if (p && validMonth(p)) return { mode: "month", date: dayjs(`${p}-01`) };
  return null;
}

/**
 * The period compared when the address names none: the one the user was looking at (the ranking, a unit, the
 * year), else the latest month with data.
 */
export function ComparePage() {
  const [params] = useSearchParams();
  const latest = useLatestMonth();
  const named = params.get("period");
  // an address naming no real period (2019-99) is said so, not replaced unsaid by the last one looked at
  if (named !== null && !parsePeriod(named)) {
    const keep = new URLSearchParams(params);
    keep.delete("period");
    return <BadPeriod text={named} kind="period" to={`/compare${keep.size ? `?${keep}` : ""}`} />;
  }
  const asked = parsePeriod(named) ?? parsePeriod(lastViewedPeriod());
  const initial = asked ?? (latest ? parsePeriod(latest) : null);
  if (!initial) return <Skeleton active paragraph={{ rows: 6 }} />;
  return <CompareBody initial={initial} />;
}

type VersionSummary = RouterOutputs["rubrics"]["list"][number];

/**
 * Version A while none is picked: the version in force for the period; when B is that one (chosen on purpose, the
 * version just published: the page put A on it too and said they were the same, a walk), the published version in
 * force the month before B's start, else the one published before B; null when there is none.
 */
export function defaultVersionA(
  versions: readonly Pick<VersionSummary, "id" | "status" | "effectiveFrom" | "effectiveUntil" | "publishedAt">[],
  inForceId: number | null,
  b: number | null,
): number | null {
  if (inForceId === null || inForceId !== b) return inForceId;
  const chosen = versions.find((v) => v.id === b);
  if (!chosen) return null;
  const published = (v: { publishedAt: unknown }) => (v.publishedAt === null ? "" : String(v.publishedAt));
  // the latest in force first, as the server looks them up (the latest start, then the latest published)
  const others = versions
    .filter((v) => v.status === "published" && v.id !== b)
    .sort((x, y) => (x.effectiveFrom === y.effectiveFrom ? published(y).localeCompare(published(x)) : y.effectiveFrom.localeCompare(x.effectiveFrom)));
  const before = addMonths(chosen.effectiveFrom, -1);
  const inForceBefore = others.find((v) => v.effectiveFrom <= before && (v.effectiveUntil === null || v.effectiveUntil >= before));
  if (inForceBefore) return inForceBefore.id;
  const earlier = others.filter((v) => published(v) < published(chosen)).sort((x, y) => published(y).localeCompare(published(x)));
  return earlier[0]?.id ?? null;
}

const idParam = (v: string | null) => {
  const n = Number(v);
  return v && Number.isInteger(n) && n > 0 ? n : null;
};

function CompareBody({ initial }: { initial: { mode: Mode; date: Dayjs } }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [params, setParams] = useSearchParams();
  const [mode, setMode] = useState<Mode>(initial.mode);
  const [date, setDate] = useState<Dayjs>(initial.date);
  const period = periodOf(mode, date);
  const [pickedARaw, setPickedA] = useState<number | null>(idParam(params.get("a")));
  const [bRaw, setB] = useState<number | null>(idParam(params.get("b")));
  const [request, setRequest] = useState<{ a: number; b: number; period: string } | null>(null);

  const versions = useQuery(trpc.rubrics.list.queryOptions());
  const inForce = useQuery({ ...trpc.rubrics.inForce.queryOptions({ period }), retry: false });
  // versions the address names that do not exist (a deleted draft, a typed number): said, and not shown as a bare id
  const exists = (id: number | null) => id === null || !versions.data || versions.data.some((v) => v.id === id);
  const unknown = [pickedARaw, bRaw].filter((id): id is number => id !== null && !exists(id));
  const pickedA = exists(pickedARaw) ? pickedARaw : null;
  const b = exists(bRaw) ? bRaw : null;
  // A is the version in force for the period until someone picks another (or, B being that one, the one before it)
  const defaultA = defaultVersionA(versions.data ?? [], inForce.data?.id ?? null, b);
  const a = pickedA ?? defaultA;

  const result = useQuery({
    ...trpc.scores.compare.queryOptions(request ?? { a: 1, b: 1, period }),
    enabled: request !== null,
    staleTime: 5 * 60_000,
    retry: false,
  });

  const run = () => {
    if (a === null || b === null) return;
    // 对比 asked computes anew, whatever was compared before: a draft may have been saved since (in another tab, or by a
    // colleague), and a result kept for 5 minutes was of the text before
    const asked = { a, b, period };
    void queryClient.invalidateQueries({ queryKey: trpc.scores.compare.queryKey(asked) });
    setRequest(asked);
    // the period compared is the one 与施行中版本比较得分 (the editor's link here) opens next, as the ranking's is
    rememberPeriod(period);
    const next = new URLSearchParams();
    if (pickedA !== null) next.set("a", String(a));
    next.set("b", String(b));
    next.set("period", period);
    setParams(next, { replace: true });
  };

  // arriving with ?b= (from the editor): compare as soon as A is known
  const autoRan = useRef(false);
  useEffect(() => {
    if (autoRan.current || !params.get("b") || a === null || b === null || a === b) return;
    autoRan.current = true;
    setRequest({ a, b, period });
  }, [a, b, period, params]);

  const options = useMemo(() => versionOptions(versions.data ?? [], inForce.data?.id ?? null), [versions.data, inForce.data]);

  const phone = usePhone();
  const same = a !== null && a === b;
  const stale = request !== null && (request.a !== a || request.b !== b || request.period !== period);

  return (
    <div>
      <Typography.Title level={3} className="kh-page-title" style={{ marginBottom: 4 }}>
        版本对比
      </Typography.Title>
      <Typography.Paragraph type="secondary">
        用同一期数据，分别按两个规则版本计分排名，逐个单位比较得分与名次的变化。草稿也可以参加对比，用来预先评估修订的影响。
      </Typography.Paragraph>
      {unknown.length > 0 && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 16 }}
          data-testid="compare-unknown-version"
          title={`地址中的规则版本 ${unknown.map((id) => `#${id}`).join("、")} 不存在（草稿可能已删除）：请重新选择版本`}
        />
      )}
      <Card style={{ marginBottom: 16 }} styles={{ body: { padding: "16px 20px" } }}>
        <div className="kh-cmp-form">
          <div className="kh-cmp-field">
            <span className="kh-cmp-label">版本 A（原）</span>
            <Select
              value={a}
              onChange={(v) => setPickedA(v)}
              options={options}
              loading={versions.isPending}
              placeholder={inForce.isPending ? "正在查找施行中的版本…" : "选择版本"}
              showSearch={{ optionFilterProp: "search" }}
              // the versions' names in full, wider than the field; on a phone as wide as the field (560 px ran off the screen)
              popupMatchSelectWidth={phone ? true : 560}
              style={{ width: "100%" }}
              data-testid="version-a-select"
            />
          </div>
          <Button
            className="kh-cmp-swap"
            icon={<SwapOutlined />}
            aria-label="交换 A 与 B"
            title="交换 A 与 B"
            disabled={a === null && b === null}
            onClick={() => {
              setPickedA(b);
              setB(a);
            }}
          />
          <div className="kh-cmp-field">
            <span className="kh-cmp-label">版本 B（新）</span>
            <Select
              value={b}
              onChange={setB}
              options={options}
              loading={versions.isPending}
              placeholder="选择要对比的版本"
              showSearch={{ optionFilterProp: "search" }}
              // the versions' names in full, wider than the field; on a phone as wide as the field (560 px ran off the screen)
              popupMatchSelectWidth={phone ? true : 560}
              style={{ width: "100%" }}
              data-testid="version-b-select"
            />
          </div>
          <div className="kh-cmp-field kh-cmp-period">
            <span className="kh-cmp-label">考核期</span>
            <Segmented<Mode>
              value={mode}
              onChange={(m) => setMode(m)}
              options={[
                { value: "month", label: "月" },
                { value: "year", label: "年" },
              ]}
              data-testid="period-mode"
            />
            <DatePicker
              picker={mode}
              value={date}
              onChange={(d) => d && setDate(d)}
              allowClear={false}
              format={mode === "month" ? MONTH_FORMATS : YEAR_FORMATS}
              style={{ width: 130 }}
              data-testid="period-picker"
            />
          </div>
          <Button type="primary" onClick={run} disabled={a === null || b === null || same} loading={result.isFetching} data-testid="compare-button">
            对比
          </Button>
        </div>
        {pickedA === null && inForce.error && (
          <Typography.Text type="warning" style={{ display: "block", marginTop: 8, fontSize: 13 }}>
            {errorText(inForce.error)}；请手动选择版本 A。
          </Typography.Text>
        )}
        {pickedA === null && inForce.data && (
          <Typography.Text type="secondary" style={{ display: "block", marginTop: 8, fontSize: 13 }} data-testid="compare-default-a">
            {defaultA === inForce.data.id
              ? `版本 A 默认为 ${periodLabel(period)} 施行的版本。`
              : defaultA !== null
                ? `版本 B 即 ${periodLabel(period)} 施行的版本；版本 A 默认为在它之前施行的版本。`
                : `版本 B 即 ${periodLabel(period)} 施行的版本，没有更早发布的版本：请选择版本 A。`}
          </Typography.Text>
        )}
        {same && (
          <Typography.Text type="warning" style={{ display: "block", marginTop: 8, fontSize: 13 }}>
            A 与 B 是同一个版本，请选择另一个版本作为 B。
          </Typography.Text>
        )}
      </Card>

      {versions.error && <Alert type="error" showIcon title={errorText(versions.error)} style={{ marginBottom: 16 }} />}

      {request === null ? (
        <Card>
          <Empty description={b === null ? "选择两个版本和考核期，然后点击“对比”" : "点击“对比”开始计算"} />
        </Card>
      ) : result.error ? (
        <Alert type="error" showIcon title="对比未能完成" description={errorText(result.error)} data-testid="compare-error" />
      ) : (
        <Spin spinning={result.isFetching} description="正在计算…" size="large">
          {result.data ? (
            <Results data={result.data} stale={stale} />
          ) : (
            <Card>
              <div style={{ height: 320 }} />
            </Card>
          )}
        </Spin>
      )}
    </div>
  );
}

type PlaceTag = { text: string; color: string; className: string };

/** Each place change's name, tag colour and row class (its legend swatch), top3 before bottom3 and enter before leave. */
const PLACE_TAGS: Record<"top3" | "bottom3", Record<"enter" | "leave", PlaceTag>> = {
  top3: {
    enter: { text: "进入前三", color: "green", className: "kh-cmp-row-top-enter" },
    leave: { text: "跌出前三", color: "orange", className: "kh-cmp-row-top-leave" },
  },
  bottom3: {
    enter: { text: "进入后三", color: "red", className: "kh-cmp-row-bottom-enter" },
    leave: { text: "离开后三", color: "blue", className: "kh-cmp-row-bottom-leave" },
  },
};

function placeTags(u: ComparedUnit) {
  const tags: PlaceTag[] = [];
  if (u.top3) tags.push(PLACE_TAGS.top3[u.top3]);
  if (u.bottom3) tags.push(PLACE_TAGS.bottom3[u.bottom3]);
  return tags;
}

/** The row class of a unit's place change, a top3 change before a bottom3 one. */
function rowClass(u: ComparedUnit): string {
  return placeTags(u)[0]?.className ?? "";
}

/** The legend of the row colours: each place change's row class (its swatch) and name, in the order of PLACE_TAGS. */
const LEGEND: PlaceTag[] = Object.values(PLACE_TAGS).flatMap((changes) => Object.values(changes));

/** The place column's filters, in the order of PLACE_TAGS; each value is "field:change" (e.g. "top3:enter"). */
const PLACE_FILTERS = Object.entries(PLACE_TAGS).flatMap(([field, changes]) =>
  Object.entries(changes).map(([change, { text }]) => ({ text, value: `${field}:${change}` })),
);

/** Ascending with nulls last whichever way the column is sorted. */
const byNumber = (get: (u: ComparedUnit) => number | null) => (x: ComparedUnit, y: ComparedUnit, order?: "ascend" | "descend" | null) => {
  const a = get(x);
  const b = get(y);
  if (a === null && b === null) return 0;
  if (a === null) return order === "descend" ? -1 : 1;
  if (b === null) return order === "descend" ? 1 : -1;
  return a - b;
};

/** The comparison's summary figures: how many units changed, and how (score, place, in or out of the ranking). */
export function compareStats(units: readonly ComparedUnit[]) {
  const withDelta = units.filter((u) => u.delta !== null);
  const rise = withDelta.reduce<ComparedUnit | null>((best, u) => ((u.delta ?? 0) > (best?.delta ?? 0) ? u : best), null);
  const fall = withDelta.reduce<ComparedUnit | null>((best, u) => ((u.delta ?? 0) < (best?.delta ?? 0) ? u : best), null);
  return {
    total: units.length,
    changed: units.filter(changed).length,
    scoreChanged: withDelta.filter((u) => Math.abs(u.delta ?? 0) > 1e-9).length,
    rankChanged: units.filter((u) => u.move !== null && u.move !== 0).length,
    // ranked under one version, not under the other (a minimum volume written or changed): no move to count
    leftRanking: units.filter((u) => u.rankA !== null && u.rankB === null).length,
    joinedRanking: units.filter((u) => u.rankA === null && u.rankB !== null).length,
    places: units.filter((u) => u.top3 || u.bottom3).length,
    rise,
    fall,
  };
}

/** The column of one comparison side's rank ("不排名" where the unit is not ranked). */
const rankColumn = (side: "A" | "B"): TableColumnsType<ComparedUnit>[number] => ({
  title: `名次 ${side}`,
  key: `rank${side}`,
  width: 100,
  align: "center",
  sorter: byNumber((u) => u[`rank${side}`]),
  render: (_, u) => {
    const rank = u[`rank${side}`];
    const vetoes = u[`vetoes${side}`] ?? [];
    if (rank !== null && vetoes.length > 0)
      // a veto may have ranked it last (则 排名末位) or given it a band: the rank is not the score's alone
      return (
        <Tooltip title={`按版本 ${side} 一票否决：${vetoes.join("、")}`}>
          <span data-testid={`vetoed-${side}`}>
            {rank}{" "}
            <Tag color="red" style={{ marginInlineEnd: 0 }}>
              否决
            </Tag>
          </span>
        </Tooltip>
      );
    return (
      rank ??
      (u.absentFrom === side ? (
        <Tooltip title={`不在 ${side} 的考核结果中：该单位的类别在 ${side} 中未定义，或本期不在其参加考核的月份内`}>
          <span className="kh-muted">不参加考核</span>
        </Tooltip>
      ) : (
        <Tooltip
          title={
            u[`score${side}`] === null
              ? `${side} 下没有得分，不参加排名`
              : `${side} 下计分（${fixed(u[`score${side}`])}），但不参加排名：承办量不足 ${side} 的排名规则中的最低承办量`
          }
        >
          <span className="kh-muted">不排名</span>
        </Tooltip>
      ))
    );
  },
});

/** A unit whose score, rank or band differs, or a veto holding under one version only: the server's word (unitDiffers). */
const changed = (u: ComparedUnit) => u.changed;

/** Each version's warnings about the period (units it does not score, no orders …): one said by both is said once. */
function versionWarnings(data: Comparison): string[] {
  const inB = new Set(data.warningsB.map((w) => w.zh));
  const inA = new Set(data.warningsA.map((w) => w.zh));
  return [
    ...data.warningsA.map((w) => `${inB.has(w.zh) ? "两个版本" : "版本 A"}：${w.zh}`),
    ...data.warningsB.filter((w) => !inA.has(w.zh)).map((w) => `版本 B：${w.zh}`),
  ];
}

function Results({ data, stale }: { data: Comparison; stale: boolean }) {
  const trpc = useTRPC();
  const [group, setGroup] = useState<string>("all");
  const [onlyChanged, setOnlyChanged] = useState(false);
  const categories = useQuery(trpc.units.categories.queryOptions());
  // the groups in the stored category order (as the ranking's tabs and the report's sheets), others after
  const order = useMemo(() => categories.data?.map((c) => c.category) ?? [], [categories.data]);
  const groups = useMemo(() => {
    const seen = new Map<string, number>();
    for (const u of data.units) seen.set(u.group, (seen.get(u.group) ?? 0) + 1);
    const at = (g: string) => (order.includes(g) ? order.indexOf(g) : Number.MAX_SAFE_INTEGER);
    return [...seen].sort(([a], [b]) => at(a) - at(b) || a.localeCompare(b, "zh-CN"));
  }, [data.units, order]);
  const activeGroup = group === "all" || groups.some(([g]) => g === group) ? group : "all";
  const groupAt = useMemo(() => new Map(groups.map(([g], i) => [g, i])), [groups]);
  const rows = data.units
    .filter((u) => (activeGroup === "all" || u.group === activeGroup) && (!onlyChanged || changed(u)))
    .sort((x, y) => (groupAt.get(x.group) ?? 0) - (groupAt.get(y.group) ?? 0));

  const stats = useMemo(() => compareStats(data.units), [data.units]);
  // on a phone the unit's name is narrower and the category and places are left out (the groups head the rows, the
  // figures above name the places): the scores, their change and the ranks are what fits beside the name
  const phone = usePhone();

  const allColumns: TableColumnsType<ComparedUnit> = [
    {
      title: "单位",
      key: "unit",
      fixed: "left",
      width: phone ? 112 : undefined,
      sorter: (x, y) => x.unit.code.localeCompare(y.unit.code),
      render: (_, u) => (
        <>
          <div>{u.unit.name}</div>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {u.unit.code}
          </Typography.Text>
        </>
      ),
    },
    {
      title: "类别",
      key: "group",
      width: 110,
      sorter: (x, y) => x.group.localeCompare(y.group, "zh-CN"),
      render: (_, u) =>
        u.group === u.unit.category ? (
          u.group
        ) : (
          <>
            <div>{u.group}</div>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {u.unit.category}
            </Typography.Text>
          </>
        ),
    },
    { title: "得分 A", key: "scoreA", width: 92, align: "right", sorter: byNumber((u) => u.scoreA), render: (_, u) => fixed(u.scoreA) },
    { title: "得分 B", key: "scoreB", width: 92, align: "right", sorter: byNumber((u) => u.scoreB), render: (_, u) => fixed(u.scoreB) },
    { title: "变化", key: "delta", width: 92, align: "right", sorter: byNumber((u) => u.delta), render: (_, u) => <ScoreDelta value={u.delta} /> },
    rankColumn("A"),
    rankColumn("B"),
    { title: "升降", key: "move", width: 84, align: "center", sorter: byNumber((u) => u.move), render: (_, u) => <RankMove value={u.move} /> },
    {
      title: "前三 / 后三",
      key: "place",
      width: 120,
      filters: PLACE_FILTERS,
      onFilter: (value, u) => {
        const [field, change] = String(value).split(":") as ["top3" | "bottom3", PlaceChange];
        return u[field] === change;
      },
      render: (_, u) =>
        placeTags(u).map((t) => (
          <Tag key={t.text} color={t.color} style={{ marginInlineEnd: 4 }} data-testid="place-tag">
            {t.text}
          </Tag>
        )),
    },
  ];
  const columns = phone ? allColumns.filter((c) => c.key !== "group" && c.key !== "place") : allColumns;

  return (
    <Space orientation="vertical" size={16} style={{ width: "100%" }} data-testid="compare-results">
      {stale && <Alert type="warning" showIcon title="选择已改变：下面仍是上一次的对比结果，点击“对比”重新计算。" />}
      {data.previews.map((p) => (
        <Alert
          key={p.side}
          type="info"
          showIcon
          data-testid="compare-preview"
          title={`预览：版本 ${p.side}“${p.version.name}（${p.version.version}）”${p.version.status === "draft" ? "（草稿）" : ""}自 ${monthLabel(p.from)}${p.until ? ` 至 ${monthLabel(p.until)}` : ""} 施行，这里按${periodLabel(data.period)}的数据试算，看它施行后得分与名次会怎样变化`}
          description={`试算不改变任何结果：${periodLabel(data.period)}仍按施行中的版本计分；${p.version.status === "draft" ? "草稿发布后" : "此版本"}只用于 ${monthLabel(p.from)} 起的月份。`}
        />
      ))}
      {versionWarnings(data).map((w) => (
        <Alert key={w} type="warning" showIcon data-testid="compare-warning" title={w} />
      ))}
      {data.sameBecause && (
        <Alert
          type="info"
          showIcon
          data-testid="compare-same"
          title={`两个版本在${periodLabel(data.period)}的得分与名次完全相同`}
          description={
            <ul style={{ margin: 0, paddingInlineStart: 18 }}>
              {data.sameBecause.map((r) => (
                <li key={r}>{r}</li>
              ))}
            </ul>
          }
        />
      )}
      <Card size="small" styles={{ body: { padding: "14px 20px" } }}>
        <div className="kh-cmp-versions">
          <Tag color="processing" variant="outlined" style={{ marginInlineEnd: 4 }} data-testid="compare-period">
            {periodLabel(data.period)}
          </Tag>
          <span>
            <Tag color="default">A</Tag>
            {data.versionA.name}（{data.versionA.version}）{data.versionA.status === "draft" && <Tag style={{ marginLeft: 6 }}>草稿</Tag>}
          </span>
          <span className="kh-muted">→</span>
          <span>
            <Tag color="red">B</Tag>
            {data.versionB.name}（{data.versionB.version}）{data.versionB.status === "draft" && <Tag style={{ marginLeft: 6 }}>草稿</Tag>}
          </span>
        </div>
        {/* its width decides how many figures a row holds (compare.css): five on a computer, two on a phone */}
        <div className="kh-cmp-summary">
          <div className="kh-cmp-stats" data-testid="compare-summary">
            <Stat title="参与对比的单位" value={`${stats.total}`} />
            <Stat
              title="结果有变化"
              value={`${stats.changed}`}
              note={[
                `得分变化 ${stats.scoreChanged}`,
                `名次变化 ${stats.rankChanged}`,
                ...(stats.leftRanking > 0 ? [`改为不排名 ${stats.leftRanking}`] : []),
                ...(stats.joinedRanking > 0 ? [`改为参加排名 ${stats.joinedRanking}`] : []),
              ].join("，")}
            />
            <Stat
              title="最大升幅"
              value={stats.rise ? <ScoreDelta value={stats.rise.delta} /> : "—"}
              note={stats.rise ? `${stats.rise.unit.name}（${fixed(stats.rise.scoreA)} → ${fixed(stats.rise.scoreB)}）` : "没有单位得分上升"}
            />
            <Stat
              title="最大降幅"
              value={stats.fall ? <ScoreDelta value={stats.fall.delta} /> : "—"}
              note={stats.fall ? `${stats.fall.unit.name}（${fixed(stats.fall.scoreA)} → ${fixed(stats.fall.scoreB)}）` : "没有单位得分下降"}
            />
            <Stat title="前三 / 后三变动" value={`${stats.places}`} note="进出各组前三名或后三名的单位" />
          </div>
        </div>
      </Card>
      <Card styles={{ body: { padding: "4px 0 0" } }}>
        <div className="kh-cmp-toolbar">
          {groups.length > 1 ? (
            <Tabs
              activeKey={activeGroup}
              onChange={setGroup}
              items={[{ key: "all", label: `所有单位（${data.units.length}）` }, ...groups.map(([g, n]) => ({ key: g, label: `${g}（${n}）` }))]}
              style={{ marginBottom: 0, flex: 1, minWidth: 0 }}
              data-testid="group-tabs"
            />
          ) : (
            <div className="kh-cmp-onegroup">
              共 {data.units.length} 个单位{groups[0] ? `，在同一组（${groups[0][0]}）内排名` : ""}
            </div>
          )}
          <Space size={6}>
            <Switch size="small" checked={onlyChanged} onChange={setOnlyChanged} data-testid="only-changed" />
            <span>只看有变化的单位</span>
          </Space>
        </div>
        <div className="kh-cmp-legend">
          {LEGEND.map(({ className, text }) => (
            <span key={className}>
              <i className={`kh-cmp-swatch ${className}`} />
              {` ${text}`}
            </span>
          ))}
          <span className="kh-muted">点击行首的 + 查看各考核项的得分变化</span>
        </div>
        <Table<ComparedUnit>
          rowKey={(u) => u.unit.code}
          columns={columns}
          dataSource={rows}
          size="middle"
          pagination={false}
          scroll={{ x: phone ? 640 : 960 }}
          rowClassName={rowClass}
          onRow={(u) => ({ "data-testid": `compare-row-${u.unit.code}` }) as object}
          expandable={{
            expandedRowRender: (u) => (
              <>
                <VetoesAndBands unit={u} />
                <ItemsTable items={u.items} />
              </>
            ),
            rowExpandable: (u) => u.items.length > 0 || (u.vetoesA ?? []).length > 0 || (u.vetoesB ?? []).length > 0,
          }}
          locale={{ emptyText: onlyChanged ? "这一组没有结果变化的单位" : "没有单位" }}
          className="kh-cmp-table"
          data-testid="compare-table"
        />
      </Card>
    </Space>
  );
}

function Stat({ title, value, note }: { title: string; value: ReactNode; note?: string }) {
  return (
    <div className="kh-cmp-stat">
      <div className="kh-cmp-stat-title">{title}</div>
      <div className="kh-cmp-stat-value">{value}</div>
      {note && <div className="kh-cmp-stat-note">{note}</div>}
    </div>
  );
}

/** What decides a unit's place beside its items: each version's vetoes (一票否决) and band (等次), when either has any. */
function VetoesAndBands({ unit }: { unit: ComparedUnit }) {
  const lines = (["A", "B"] as const).flatMap((side) => {
    const vetoes = unit[`vetoes${side}`] ?? [];
    const band = unit[`band${side}`] ?? null;
    if (vetoes.length === 0 && band === null) return [];
    return [`版本 ${side}：${band !== null ? `等次 ${band}` : "未评等次"}${vetoes.length > 0 ? `；一票否决：${vetoes.join("、")}` : ""}`];
  });
  if (lines.length === 0) return null;
  return (
    <div className="kh-cmp-vetoes" data-testid="compare-vetoes" style={{ marginBottom: 8 }}>
      {lines.map((l) => (
        <div key={l}>{l}</div>
      ))}
    </div>
  );
}

function ItemsTable({ items }: { items: ItemDelta[] }) {
  const columns: TableColumnsType<ItemDelta> = [
    { title: "代码", dataIndex: "code", width: 160 },
    { title: "考核项", dataIndex: "label", render: (label: string | null, i) => label ?? i.code },
    { title: "A", dataIndex: "a", width: 90, align: "right", render: (v: number | null) => (v === null ? <span className="kh-muted">无此项</span> : fixed(v)) },
    { title: "B", dataIndex: "b", width: 90, align: "right", render: (v: number | null) => (v === null ? <span className="kh-muted">无此项</span> : fixed(v)) },
    { title: "变化", dataIndex: "delta", width: 90, align: "right", render: (v: number | null) => <ScoreDelta value={v} /> },
  ];
  return (
    <div className="kh-cmp-items">
      <Table<ItemDelta>
        rowKey="code"
        columns={columns}
        dataSource={items}
        size="small"
        pagination={false}
        rowClassName={(i) => (i.delta !== null && Math.abs(i.delta) > 1e-9 ? "kh-cmp-item-changed" : "")}
        data-testid="compare-items"
      />
    </div>
  );
}
