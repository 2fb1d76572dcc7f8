export { monthlyReport, type ReportMeta } from "./report.ts";
export { createKaoheServer, type KaoheServer, ROUTES, type RouteSpec, type ServerOptions } from "./server.ts";
