/** Every page and its menu entry, declared in one place. */
import { BarChartOutlined, CloudUploadOutlined, DiffOutlined, FileTextOutlined, TrophyOutlined } from "@ant-design/icons";
import type { ReactNode } from "react";
import { createBrowserRouter, Navigate } from "react-router";
import { Shell } from "./components/shell.tsx";
import { ComparePage } from "./pages/compare/index.tsx";
import { DataPage } from "./pages/data/index.tsx";
import { RankingPage } from "./pages/ranking/index.tsx";
import { RubricEditorPage } from "./pages/rubrics/editor.tsx";
import { RubricsPage } from "./pages/rubrics/index.tsx";
import { UnitPage } from "./pages/unit/index.tsx";
import { YearPage } from "./pages/year/index.tsx";

export interface MenuEntry {
  path: string;
  label: string;
  icon: ReactNode;
}

export const menu: MenuEntry[] = [
  { path: "/ranking", label: "月度排名", icon: <TrophyOutlined /> },
  { path: "/year", label: "年度考核", icon: <BarChartOutlined /> },
  { path: "/rubrics", label: "规则", icon: <FileTextOutlined /> },
  { path: "/compare", label: "版本对比", icon: <DiffOutlined /> },
  { path: "/data", label: "数据", icon: <CloudUploadOutlined /> },
];

export const router = createBrowserRouter([
  {
    path: "/",
    element: <Shell />,
    children: [
      { index: true, element: <Navigate to="/ranking" replace /> },
      { path: "ranking/:month?", element: <RankingPage /> },
      { path: "units/:code", element: <UnitPage /> },
      { path: "year/:year?", element: <YearPage /> },
      { path: "rubrics", element: <RubricsPage /> },
      { path: "rubrics/:id", element: <RubricEditorPage /> },
      { path: "compare", element: <ComparePage /> },
      { path: "data", element: <DataPage /> },
      { path: "*", element: <Navigate to="/ranking" replace /> },
    ],
  },
]);
