import { Typography } from "antd";

export function RubricsPage() {
  return <Typography.Title level={3}>规则</Typography.Title>;
}
