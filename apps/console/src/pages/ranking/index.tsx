import { Typography } from "antd";

export function RankingPage() {
  return <Typography.Title level={3}>月度排名</Typography.Title>;
}
