import { Typography } from "antd";

export function ComparePage() {
  return <Typography.Title level={3}>版本对比</Typography.Title>;
}
