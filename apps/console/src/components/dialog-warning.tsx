/** A warning inside a confirmation dialog (publish, open to the units): what the action would do that one may not mean. */
import { Alert } from "antd";

export function DialogWarning({ testId, title, description }: { testId: string; title: string; description: string }) {
  return <Alert type="warning" showIcon style={{ marginBottom: 12 }} data-testid={testId} title={title} description={description} />;
}
