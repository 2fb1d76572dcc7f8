import { Typography } from "antd";

export function YearPage() {
  return <Typography.Title level={3}>年度考核</Typography.Title>;
}
