/** Small pieces of a result table: the rank, its change, the marks a unit carries. */
import { LoadingOutlined } from "@ant-design/icons";
import { rankChangeWord } from "@kaohe/services/rank-change";
import { lostOfOutOf } from "@kaohe/services/referenced-text";
import { Space, Tag, Tooltip, Typography } from "antd";
import { fixed } from "../../lib/format.ts";
import type { PartMaximum } from "./part-maxima.ts";
import type { UnitResult } from "./types.ts";

const medal = ["#c8102e", "#e8590c", "#d4a106"];

/**
 * Why a unit is not ranked: no score (every item not applicable), or scored with fewer orders than the ranking's
 * minimum volume (the only two reasons the engine leaves a unit out).
 */
export const unrankedReason = (u: Pick<UnitResult, "published" | "volume"> & { minimumVolume?: number | null }): string =>
  u.published === null
    ? "没有得分（各考核项均不适用），不参加排名"
    : `承办量 ${u.volume} 件，不足排名规则的最低承办量${typeof u.minimumVolume === "number" ? ` ${u.minimumVolume} 件` : ""}：计分，不参加排名`;

/** The rank in its group, the first three marked; "不排名" for an unranked unit, why on hover. */
export function RankBadge({ unit }: { unit: Pick<UnitResult, "rank" | "ranked" | "published" | "volume"> }) {
  if (!unit.ranked || unit.rank === null) {
    return (
      <Tooltip title={unrankedReason(unit)}>
        <Tag variant="filled" style={{ marginInlineEnd: 0 }}>
          不排名
        </Tag>
      </Tooltip>
    );
  }
  const color = medal[unit.rank - 1];
  return (
    <span className="kh-rank" style={color ? { background: color, color: "#fff", borderColor: color } : undefined}>
      {unit.rank}
    </span>
  );
}

/**
 * The move against the previous period: ↑n (up n places), ↓n, — (same place),
 * 新 (not ranked in the previous period); 不比较 when there is no previous result or the unit is not compared (why, in
 * its tooltip); 不排名 for a unit not ranked;
 * a spinner while the previous period is still being read (never a "—" that turns into an arrow).
 */
export function RankChange({
  current,
  previous,
  hasPrevious,
  loading,
  notCompared,
}: {
  current: number | null;
  previous: number | null | undefined;
  hasPrevious: boolean;
  loading?: boolean;
  /** why this unit's place is not compared (a unit without orders; last month not published): 不比较, with the reason */
  notCompared?: string | undefined;
}) {
  if (loading)
    return (
      <Tooltip title="正在读取上期名次…">
        <LoadingOutlined className="kh-muted" data-testid="rank-change-loading" />
      </Tooltip>
    );
  // said in words, as the bulletin and the month's XLSX say them (rankChangeWord): "—" is a place unchanged (a leader
  // read 不比较 and 无上期 as unchanged, and on a phone there is no tooltip to tell them apart: a year-end walk)
  const why = notCompared ?? (hasPrevious ? null : "没有上期已发布的名次可比较");
  const word = rankChangeWord({ rank: current, previousRank: previous ?? null, rankChange: null, notCompared: why });
  if (why !== null)
    return (
      <Tooltip title={why}>
        <Typography.Text type="secondary" data-testid="rank-not-compared" style={{ whiteSpace: "nowrap" }}>
          {word}
        </Typography.Text>
      </Tooltip>
    );
  if (current === null)
    return (
      <Typography.Text type="secondary" style={{ whiteSpace: "nowrap" }}>
        {word}
      </Typography.Text>
    );
  if (previous === null || previous === undefined)
    return (
      <Tooltip title="上期未参加本类别排名">
        <Tag color="blue" style={{ marginInlineEnd: 0 }}>
          {word}
        </Tag>
      </Tooltip>
    );
  const move = previous - current;
  return (
    <Tooltip title={move === 0 ? `上期第 ${previous} 名，名次不变` : `上期第 ${previous} 名`}>
      {move === 0 ? <Typography.Text type="secondary">{word}</Typography.Text> : <span className={move > 0 ? "kh-up" : "kh-down"}>{word}</span>}
    </Tooltip>
  );
}

/**
 * A headline score's colour, by the result: green at full marks (nothing lost), red when the unit incurs a sanction
 * or a veto (书面说明, 一票否决), the ordinary text colour otherwise — never red for its own sake.
 */
export function scoreTone(u: Pick<UnitResult, "published" | "sanctions" | "vetoes">, lost: number): "full" | "marked" | "plain" {
  if (u.published === null) return "plain";
  if (u.sanctions.length > 0 || u.vetoes.length > 0) return "marked";
  return lost <= 0 ? "full" : "plain";
}
export const TONE_COLOR = { full: "#389e0d", marked: "#cf1322", plain: "rgba(0, 0, 0, 0.88)" } as const;

/**
 * What a unit lost against the full marks of its items, bonuses aside: a bonus not earned is not a point lost. An
 * item weighting an assessment with bonuses (`parts`: 综合管理考核, 20 and up to 4 apart) loses against its stated
 * share (20), not its maximum with the bonus (24); what its bonuses added beyond the share loses nothing.
 * With what the score is out of (`outOf`, the engine's): its full marks less the score without the bonus it holds,
 * so that a score brought to 100 (`rescale to`, 70.83) loses 29.17, not its items' 17.50 before, and a score a veto
 * set to 0 loses the full marks (its items lost 0.00).
 */
export const pointsLost = (
  items: readonly { code: string; bonus: boolean; published: number | null; max: number }[],
  parts?: ReadonlyMap<string, PartMaximum>,
  /** the unit's score as published: without bonuses, what it lost is the full marks less it (score + 失分 = 满分 as shown, not off by a cent of the items' rounding) */
  published?: number | null,
  outOf?: { full: number; bonus: number },
) => {
  const weighted = items.some((i) => parts?.has(i.code));
  if (outOf && published !== undefined && published !== null && !weighted) return Number(lostOfOutOf(published, outOf).toFixed(2));
  return published !== undefined && published !== null && items.every((i) => !i.bonus && i.published !== null && !weighted)
    ? Number(Math.max(0, items.reduce((s, i) => s + i.max, 0) - published).toFixed(2))
    : Number(
        items
          .filter((i) => !i.bonus)
          .reduce((s, i) => {
            if (i.published === null) return s;
            const part = parts?.get(i.code);
            return s + (part ? Math.max(0, part.regular - i.published) : i.max - i.published);
          }, 0)
          .toFixed(6),
      );
};

/**
 * The vetoes (一票否决) that hold for a unit, as one tag whose tooltip says which: the ranking showed a vetoed unit's
 * 0.00 with its grade and sanctions only (the unit page, the report and the CLI named the veto: another district's walk).
 */
export function VetoTag({ vetoes }: { vetoes: readonly string[] }) {
  if (vetoes.length === 0) return null;
  return (
    <Tooltip title={`一票否决：${vetoes.join("；")}`}>
      <Tag color="red" style={{ marginInlineEnd: 0 }} data-testid="veto-tag">
        一票否决
      </Tag>
    </Tooltip>
  );
}

/** Orange marks for the sanctions a unit incurs (e.g. 书面说明), the rubric's label in the tooltip. */
export function SanctionTags({ sanctions }: { sanctions: UnitResult["sanctions"] }) {
  if (sanctions.length === 0) return null;
  return (
    <Space size={4} wrap>
      {sanctions.map((s) => (
        <Tooltip key={s.name} title={s.label ?? s.name}>
          <Tag color="orange" style={{ marginInlineEnd: 0 }} data-testid={`sanction-${s.name}`}>
            {s.name}
          </Tag>
        </Tooltip>
      ))}
    </Space>
  );
}

/** A number with two decimals, "—" when not applicable; `lost` in red, `muted` (e.g. full marks) in grey. */
export function Num({ value, strong, lost, muted }: { value: number | null | undefined; strong?: boolean; lost?: boolean; muted?: boolean }) {
  if (value === null || value === undefined)
    return (
      <Tooltip title="不适用">
        <Typography.Text type="secondary">—</Typography.Text>
      </Tooltip>
    );
  return (
    <Typography.Text
      strong={strong}
      type={muted ? "secondary" : undefined}
      className={lost ? "kh-lost" : undefined}
      style={{ fontVariantNumeric: "tabular-nums" }}
    >
      {fixed(value)}
    </Typography.Text>
  );
}

/** A change of score: +0.71 in green, −1.20 in red, 0 and — in grey. */
export function ScoreDelta({ value, digits = 2 }: { value: number | null; digits?: number }) {
  if (value === null) return <span className="kh-muted">—</span>;
  const rounded = Number(value.toFixed(digits));
  if (rounded === 0) return <span className="kh-muted">0</span>;
  return <span className={rounded > 0 ? "kh-up" : "kh-down"}>{rounded > 0 ? `+${rounded.toFixed(digits)}` : `−${Math.abs(rounded).toFixed(digits)}`}</span>;
}

/** A move in the ranking (positive = up): ↑ 2 in green, ↓ 1 in red, 持平. */
export function RankMove({ value }: { value: number | null }) {
  if (value === null) return <span className="kh-muted">—</span>;
  if (value === 0) return <span className="kh-muted">持平</span>;
  return <span className={value > 0 ? "kh-up" : "kh-down"}>{value > 0 ? `↑ ${value}` : `↓ ${-value}`}</span>;
}
