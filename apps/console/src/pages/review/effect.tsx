/** What accepting an objection would do: the unit's score and rank before → after, and every unit that moves. */

import { describeValue } from "@kaohe/db/correction-fields";
import { Alert, Space, Table, Typography } from "antd";
import type { MovedUnit, ObjectionEffect } from "../../components/responses/types.ts";
import { RankMove, ScoreDelta } from "../../components/results/cells.tsx";
import { fixed } from "../../lib/format.ts";

const rankText = (r: number | null) => (r === null ? "不排名" : `第 ${r} 名`);

function ScoreCell({ u }: { u: MovedUnit }) {
  return (
    <Space size={6}>
      <span className="kh-num">
        {fixed(u.scoreA)} → {fixed(u.scoreB)}
      </span>
      <ScoreDelta value={u.delta} />
    </Space>
  );
}

function RankCell({ u }: { u: MovedUnit }) {
  return (
    <Space size={6}>
      <span className="kh-num">
        {rankText(u.rankA)} → {rankText(u.rankB)}
      </span>
      <RankMove value={u.move} />
    </Space>
  );
}

export function EffectView({ effect, unitName }: { effect: ObjectionEffect; unitName: string }) {
  const u = effect.unit;
  return (
    <Space orientation="vertical" size={12} style={{ width: "100%" }} data-testid="objection-effect">
      {effect.changes.length > 0 && (
        <div>
          <Typography.Text type="secondary">将更正：</Typography.Text>
          <ul className="kh-because">
            {effect.changes.map((c) => (
              <li key={`${c.recordId}/${c.field}`}>
                {c.text}（{c.from === null ? "现未填写" : `现为“${describeValue(c.record, c.field, c.from)}”`}）
              </li>
            ))}
          </ul>
        </div>
      )}
      {u ? (
        <Alert
          type={u.delta !== null && Math.abs(u.delta) > 1e-9 ? "info" : "success"}
          showIcon
          title={
            <Space size={[16, 4]} wrap data-testid="effect-unit">
              <Typography.Text strong>{unitName}</Typography.Text>
              <span>
                得分 <ScoreCell u={u} />
              </span>
              <span>
                {u.group}排名 <RankCell u={u} />
              </span>
            </Space>
          }
          description={`按规则“${effect.rubric.name}（${effect.rubric.version}）”试算；预览不改动数据，采纳后才更正。`}
        />
      ) : (
        <Alert type="warning" showIcon title="该单位不在本月的考核结果中" />
      )}
      {effect.moved.length === 0 ? (
        <Typography.Text type="secondary">采纳后各单位得分与名次均不变。</Typography.Text>
      ) : (
        <Table<MovedUnit>
          rowKey={(m) => m.unit.code}
          size="small"
          pagination={false}
          dataSource={effect.moved}
          title={() => `采纳后得分或名次变化的单位（${effect.moved.length} 家）`}
          columns={[
            { title: "单位", key: "unit", render: (_, m) => m.unit.name },
            { title: "类别", key: "group", width: 90, render: (_, m) => m.group },
            { title: "得分", key: "score", width: 190, render: (_, m) => <ScoreCell u={m} /> },
            { title: "名次", key: "rank", width: 200, render: (_, m) => <RankCell u={m} /> },
          ]}
          data-testid="effect-moved"
        />
      )}
    </Space>
  );
}
