import { Typography } from "antd";

export function UnitPage() {
  return <Typography.Title level={3}>单位详情</Typography.Title>;
}
