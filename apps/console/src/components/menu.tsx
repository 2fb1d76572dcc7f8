/** The menu: each page a user may open from it, with the permissions it needs (routes.tsx guards the pages alike). */
import {
  AuditOutlined,
  BarChartOutlined,
  CloudUploadOutlined,
  DiffOutlined,
  FileTextOutlined,
  FormOutlined,
  ReadOutlined,
  SolutionOutlined,
  TeamOutlined,
  TrophyOutlined,
} from "@ant-design/icons";
import type { ReactNode } from "react";
import type { Permission } from "../lib/auth.tsx";

export interface MenuEntry {
  path: string;
  label: string;
  icon: ReactNode;
  /** the entry is shown to users holding any of these */
  any: Permission[];
  /** not for unit users (the center's pages that a unit user's permissions would open on their own unit only) */
  notForUnits?: boolean;
}

export const menu: MenuEntry[] = [
  { path: "/ranking", label: "月度排名", icon: <TrophyOutlined />, any: ["results.read", "published.read"] },
  { path: "/responses", label: "说明与异议", icon: <FormOutlined />, any: ["responses.submit"] },
  { path: "/review", label: "异议与说明", icon: <SolutionOutlined />, any: ["responses.read"], notForUnits: true },
  { path: "/year", label: "年度考核", icon: <BarChartOutlined />, any: ["results.read"] },
  { path: "/rubrics", label: "规则", icon: <FileTextOutlined />, any: ["rubrics.read"] },
  { path: "/reference", label: "语言手册", icon: <ReadOutlined />, any: ["rubrics.read"] },
  { path: "/compare", label: "版本对比", icon: <DiffOutlined />, any: ["results.read"] },
  { path: "/data", label: "数据", icon: <CloudUploadOutlined />, any: ["data.read"] },
  { path: "/users", label: "用户", icon: <TeamOutlined />, any: ["users.manage"] },
  { path: "/audit", label: "审计日志", icon: <AuditOutlined />, any: ["audit.read"] },
];

/** The entries a user sees: those whose permissions they hold (the center's pages not for unit users). */
export function menuFor(can: (p: Permission) => boolean, role: string | undefined): MenuEntry[] {
  return menu.filter((m) => m.any.some(can) && !(m.notForUnits && role === "unit"));
}
