export { monthlyReport, type ReportMeta } from "./report.ts";
export { createKaoheServer, type ServerOptions } from "./server.ts";
