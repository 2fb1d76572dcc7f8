/** Who ran a command, as the audit log and the import list record it: `命令行（<OS user>）`. */
import { userInfo } from "node:os";

export function cliActor(): string {
  let name: string | undefined;
  try {
    name = userInfo().username;
  } catch {
    // no passwd entry for this uid (some containers)
  }
  name ||= process.env.USER || process.env.USERNAME || "unknown";
  return `命令行（${name}）`;
}
