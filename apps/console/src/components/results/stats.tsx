/** The row of figures above a ranking. */
import { Card, Col, Row, Statistic } from "antd";
import type { ReactNode } from "react";

export interface Figure {
  key: string;
  title: ReactNode;
  value: number | string | null;
  precision?: number;
  suffix?: ReactNode;
  note?: ReactNode;
  color?: string;
}

export function FigureRow({ figures, loading }: { figures: Figure[]; loading?: boolean }) {
  const span = Math.floor(24 / Math.max(1, figures.length));
  return (
    <Row gutter={16}>
      {figures.map((f) => (
        <Col key={f.key} span={span}>
          <Card className="kh-stat-card" loading={loading} data-testid={`stat-${f.key}`} style={{ height: "100%" }}>
            <Statistic
              title={f.title}
              value={f.value ?? "—"}
              precision={typeof f.value === "number" ? f.precision : undefined}
              suffix={f.value === null ? undefined : f.suffix}
              styles={{ content: { color: f.color, fontVariantNumeric: "tabular-nums" } }}
            />
            {f.note && (
              // wraps rather than cut off (three categories' means do not fit a quarter of 1366 px); the cards keep one height
              <div className="kh-meta" style={{ marginTop: 4 }}>
                {f.note}
              </div>
            )}
          </Card>
        </Col>
      ))}
    </Row>
  );
}
