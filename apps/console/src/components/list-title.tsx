import { Space, Typography } from "antd";

/** A list page's title with the count of what it lists beside it. */
export function ListTitle({ title, count }: { title: string; count: string }) {
  return (
    <Space align="baseline" size={12}>
      <Typography.Title level={3} style={{ margin: 0 }}>
        {title}
      </Typography.Title>
      <Typography.Text type="secondary">{count}</Typography.Text>
    </Space>
  );
}
