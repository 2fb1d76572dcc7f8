/** Two versions' texts line by line: what changed between one rubric file and another. */
import { SwapOutlined } from "@ant-design/icons";
import { useQuery } from "@tanstack/react-query";
import { Alert, Button, Drawer, Segmented, Select, Space, Spin, Switch, Typography } from "antd";
import { useMemo, useState } from "react";
import { diffLines, diffStats } from "../../components/editor/line-diff.ts";
import { type DiffMode, TextDiff } from "../../components/editor/TextDiff.tsx";
import { usePhone } from "../../lib/layout.ts";
import { errorText, useTRPC } from "../../lib/trpc.ts";
import { type RubricSummary, versionOptions } from "./shared.tsx";

export interface TextComparePick {
  a: number | null;
  b: number | null;
}

export function TextCompareDrawer({
  open,
  onClose,
  versions,
  initial,
}: {
  open: boolean;
  onClose: () => void;
  versions: RubricSummary[];
  initial: TextComparePick;
}) {
  return (
    <Drawer
      open={open}
      onClose={onClose}
      title="文本对比"
      size="min(1180px, calc(100vw - 48px))"
      destroyOnHidden
      styles={{ body: { paddingTop: 12 } }}
      data-testid="text-compare-drawer"
    >
      <TextCompare versions={versions} initial={initial} />
    </Drawer>
  );
}

function TextCompare({ versions, initial }: { versions: RubricSummary[]; initial: TextComparePick }) {
  const trpc = useTRPC();
  const [a, setA] = useState<number | null>(initial.a);
  const [b, setB] = useState<number | null>(initial.b);
  // on a phone the two texts side by side were a few characters a line: one column, the changes marked, instead
  const phone = usePhone();
  const [mode, setMode] = useState<DiffMode>(phone ? "unified" : "split");
  const [onlyChanges, setOnlyChanges] = useState(true);
  const qa = useQuery({ ...trpc.rubrics.get.queryOptions({ id: a ?? 0 }), enabled: a !== null });
  const qb = useQuery({ ...trpc.rubrics.get.queryOptions({ id: b ?? 0 }), enabled: b !== null });
  const ops = useMemo(() => (qa.data && qb.data ? diffLines(qa.data.text, qb.data.text) : null), [qa.data, qb.data]);
  const stats = ops && diffStats(ops);

  const options = versionOptions(versions, null);
  const pick = (value: number | null, onChange: (id: number | null) => void, testId: string) => (
    <Select
      style={{ width: 380, maxWidth: "100%" }}
      value={value}
      onChange={onChange}
      options={options}
      placeholder="选择版本"
      showSearch={{ optionFilterProp: "search" }}
      popupMatchSelectWidth={phone ? true : 560}
      data-testid={testId}
    />
  );
  const error = qa.error ?? qb.error;
  return (
    <Space orientation="vertical" size={12} style={{ width: "100%" }}>
      <div style={{ display: "flex", gap: 8, alignItems: "center", flexWrap: "wrap" }}>
        <Typography.Text type="secondary">原版本</Typography.Text>
        {pick(a, setA, "text-compare-a")}
        <Button
          icon={<SwapOutlined />}
          onClick={() => {
            setA(b);
            setB(a);
          }}
          title="交换"
          aria-label="交换两个版本"
        />
        <Typography.Text type="secondary">新版本</Typography.Text>
        {pick(b, setB, "text-compare-b")}
      </div>
      <div style={{ display: "flex", gap: 16, alignItems: "center", flexWrap: "wrap" }}>
        <Segmented<DiffMode>
          value={mode}
          onChange={setMode}
          options={[
            { value: "split", label: "左右对照" },
            { value: "unified", label: "合并显示" },
          ]}
        />
        <Space size={6}>
          <Switch size="small" checked={onlyChanges} onChange={setOnlyChanges} />
          <Typography.Text>只显示改动及前后 3 行</Typography.Text>
        </Space>
        {stats && (
          <Space size={12} style={{ marginLeft: "auto" }} data-testid="text-compare-stats">
            <span className="kh-up">+{stats.added} 行</span>
            <span className="kh-down">−{stats.removed} 行</span>
          </Space>
        )}
      </div>
      {error ? (
        <Alert type="error" showIcon title={errorText(error)} />
      ) : a === null || b === null ? (
        <Alert type="info" showIcon title="请选择要对比的两个版本" />
      ) : !qa.data || !qb.data || !ops ? (
        <div style={{ padding: 48, textAlign: "center" }}>
          <Spin description="正在读取规则文本…" />
        </div>
      ) : (
        <>
          {mode === "split" && (
            <div style={{ display: "grid", gridTemplateColumns: "1fr 1fr", gap: 0 }}>
              <Typography.Text strong ellipsis style={{ paddingLeft: 56 }}>
                {qa.data.name}（{qa.data.version}）
              </Typography.Text>
              <Typography.Text strong ellipsis style={{ paddingLeft: 56 }}>
                {qb.data.name}（{qb.data.version}）
              </Typography.Text>
            </div>
          )}
          <TextDiff ops={ops} mode={mode} context={onlyChanges ? 3 : null} maxHeight="calc(100vh - 230px)" />
        </>
      )}
    </Space>
  );
}
