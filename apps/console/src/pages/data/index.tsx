import { Typography } from "antd";

export function DataPage() {
  return <Typography.Title level={3}>数据</Typography.Title>;
}
