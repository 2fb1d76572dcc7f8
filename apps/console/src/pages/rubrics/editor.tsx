import { Typography } from "antd";

export function RubricEditorPage() {
  return <Typography.Title level={3}>规则编辑</Typography.Title>;
}
