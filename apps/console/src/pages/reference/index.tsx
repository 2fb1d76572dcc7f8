/** /reference — the rules language manual (docs/rules-language.md), searchable. */
import { Typography } from "antd";
import { useSearchParams } from "react-router";
import { ManualPanel } from "./manual-panel.tsx";

export function ReferencePage() {
  const [params] = useSearchParams();
  return (
    <div style={{ display: "flex", flexDirection: "column", gap: 8, height: "calc(100vh - 112px)", minHeight: 480 }}>
      <Typography.Title level={4} style={{ margin: 0 }}>
        规则语言手册
      </Typography.Title>
      <div style={{ flex: 1, minHeight: 0 }}>
        <ManualPanel initialQuery={params.get("q") ?? ""} />
      </div>
    </div>
  );
}
