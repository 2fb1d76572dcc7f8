/** Every page and its menu entry, declared in one place. */
import { BarChartOutlined, CloudUploadOutlined, DiffOutlined, FileTextOutlined, TrophyOutlined } from "@ant-design/icons";
import { Skeleton } from "antd";
import { type ComponentType, lazy, type ReactNode, Suspense } from "react";
import { createBrowserRouter, Navigate } from "react-router";
import { Shell } from "./components/shell.tsx";

/** Pages load when first visited: the editor (with the rules parser) and the charts stay out of the first download. */
function page<K extends string>(load: () => Promise<Record<K, ComponentType>>, name: K) {
  const Page: ComponentType = lazy(async () => ({ default: (await load())[name] as ComponentType }));
  return (
    <Suspense fallback={<Skeleton active paragraph={{ rows: 8 }} />}>
      <Page />
    </Suspense>
  );
}

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
      { path: "ranking/:month?", element: page(() => import("./pages/ranking/index.tsx"), "RankingPage") },
      { path: "units/:code", element: page(() => import("./pages/unit/index.tsx"), "UnitPage") },
      { path: "year/:year?", element: page(() => import("./pages/year/index.tsx"), "YearPage") },
      { path: "rubrics", element: page(() => import("./pages/rubrics/index.tsx"), "RubricsPage") },
      { path: "rubrics/:id", element: page(() => import("./pages/rubrics/editor.tsx"), "RubricEditorPage") },
      { path: "compare", element: page(() => import("./pages/compare/index.tsx"), "ComparePage") },
      { path: "data", element: page(() => import("./pages/data/index.tsx"), "DataPage") },
      { path: "*", element: <Navigate to="/ranking" replace /> },
    ],
  },
]);
