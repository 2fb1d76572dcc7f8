/** The menu: each page a user may open from it, with the permissions it needs (routes.tsx guards the pages alike). */
import {
  AuditOutlined,
  BarChartOutlined,
  CloudUploadOutlined,
  DiffOutlined,
  FileTextOutlined,
  FormOutlined,
  HomeOutlined,
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
  /** not in a unit user's menu (the center's pages that a unit user's permissions would open on their own unit only; the manual) */
  notForUnits?: boolean;
  /** the entry's data-testid after "menu-" (the path without its slash, when not given) */
  testId?: string;
}

export const menu: MenuEntry[] = [
  { path: "/ranking", label: "月度排名", icon: <TrophyOutlined />, any: ["results.read", "published.read"] },
  { path: "/responses", label: "说明与异议", icon: <FormOutlined />, any: ["responses.submit"] },
  { path: "/review", label: "异议与说明", icon: <SolutionOutlined />, any: ["responses.read"], notForUnits: true },
  // a unit user: its own category's published year-end ranking, as the monthly one (办法三: results per category)
  { path: "/year", label: "年度考核", icon: <BarChartOutlined />, any: ["results.read", "published.read"] },
  { path: "/rubrics", label: "规则", icon: <FileTextOutlined />, any: ["rubrics.read"] },
  // the rules language's manual is for those who write rubrics and read them closely; a town's liaison found 117 sections
  // of syntax in their menu (a walk): the 规则 page still links it
  { path: "/reference", label: "语言手册", icon: <ReadOutlined />, any: ["rubrics.read"], notForUnits: true },
  { path: "/compare", label: "版本对比", icon: <DiffOutlined />, any: ["results.read"] },
  { path: "/data", label: "数据", icon: <CloudUploadOutlined />, any: ["data.read"] },
  { path: "/users", label: "用户", icon: <TeamOutlined />, any: ["users.manage"] },
  { path: "/audit", label: "审计日志", icon: <AuditOutlined />, any: ["audit.read"] },
];

/**
 * The entries a user sees: those whose permissions they hold (the center's pages not for unit users). A unit user's
 * first entry is their unit's page, where they land after signing in (`unitCode`): with no entry of its own, once left
 * it was found again only by the logo (a walk).
 */
export function menuFor(can: (p: Permission) => boolean, role: string | undefined, unitCode?: string | null): MenuEntry[] {
  const entries = menu.filter((m) => m.any.some(can) && !(m.notForUnits && role === "unit"));
  if (role !== "unit" || !unitCode || !can("unit.read")) return entries;
  const own: MenuEntry = {
    path: `/units/${encodeURIComponent(unitCode)}`,
    label: "本单位得分",
    icon: <HomeOutlined />,
    any: ["unit.read"],
    testId: "own-unit",
  };
  return [own, ...entries];
}
