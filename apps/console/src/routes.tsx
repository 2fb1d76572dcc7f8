/** Every page, with the permission each needs (a page in the menu needs what its entry needs: components/menu.tsx). */
import { Skeleton } from "antd";
import { type ComponentType, lazy, type ReactNode, Suspense } from "react";
import { createBrowserRouter, Navigate, Outlet, useParams } from "react-router";
import { Forbidden, HomeRedirect, NotFound, RequirePermission, RequireSignIn } from "./components/auth/guards.tsx";
import { menu } from "./components/menu.tsx";
import { Shell } from "./components/shell.tsx";
import { AuthProvider, type Permission, useAuth } from "./lib/auth.tsx";
import { LoginPage } from "./pages/login/index.tsx";

/** Pages load when first visited: the editor (with the rules parser) and the charts stay out of the first download. */
function page<K extends string>(load: () => Promise<Record<K, ComponentType>>, name: K) {
  const Page: ComponentType = lazy(async () => ({ default: (await load())[name] as ComponentType }));
  return (
    <Suspense fallback={<Skeleton active paragraph={{ rows: 8 }} />}>
      <Page />
    </Suspense>
  );
}

/**
 * Why a page is not shown to one who may not open it, in its own words (a unit's user opening 数据 or 审计日志 was told
 * the page lists every unit; found by a helper). Pages not named: the 无权访问 of their role.
 */
const REFUSED: Record<string, string> = {
  "/compare": "版本对比逐个单位计算两个规则版本的得分，供考核管理员与规则编辑使用；单位用户的得分在本单位的页面。",
  "/data": "数据页用于导入热线数据、登记考核事件和填报年度事项，需要考核管理员权限（只读用户可查看导入记录）。",
  "/audit": "审计日志仅限系统管理员与只读用户查看。",
  "/users": "用户与角色由系统管理员管理。",
  "/rubrics": "规则页供规则编辑、考核管理员编辑和发布考核办法；单位用户的得分与扣分依据在本单位的页面。",
  "/reference": "规则语言手册供编写考核办法的规则编辑与考核管理员使用。",
};

/** A page for users holding any of `any`; 无权访问 for the others, saying why for this page. */
const guarded = (path: string, element: ReactNode) => (
  <RequirePermission any={access(path)} reason={REFUSED[path]}>
    {element}
  </RequirePermission>
);

const access = (path: string): Permission[] => menu.find((m) => m.path === path)?.any ?? ["signedIn"];

const unitPage = page(() => import("./pages/unit/index.tsx"), "UnitPage");

/** A unit's page: a unit user sees only their own unit. */
function UnitRoute() {
  const { user, can } = useAuth();
  const { code = "" } = useParams();
  if (!can("unit.read")) return <Forbidden />;
  if (user?.role === "unit" && user.unitCode !== code) return <Forbidden reason="单位用户只能查看本单位的得分与工单。" />;
  return unitPage;
}

const reviewPage = page(() => import("./pages/review/index.tsx"), "ReviewPage");

/** The center's objections and explanations: a unit user is sent to their own unit's page of the same month. */
function ReviewRoute() {
  const { user, can } = useAuth();
  const { period } = useParams();
  if (user?.role === "unit") return <Navigate to={period ? `/responses/${period}` : "/responses"} replace />;
  if (!can("responses.read")) return <Forbidden />;
  return reviewPage;
}

const responsesPage = page(() => import("./pages/responses/index.tsx"), "ResponsesPage");

/** A unit's explanations and objections: the center's people are sent to their page of the same month (as a unit is from theirs). */
function ResponsesRoute() {
  const { can } = useAuth();
  const { period } = useParams();
  if (access("/responses").some(can)) return responsesPage;
  if (can("responses.read")) return <Navigate to={period ? `/review/${period}` : "/review"} replace />;
  return <Forbidden />;
}

function AuthRoot() {
  return (
    <AuthProvider>
      <Outlet />
    </AuthProvider>
  );
}

export const router = createBrowserRouter([
  {
    element: <AuthRoot />,
    children: [
      { path: "/login", element: <LoginPage /> },
      {
        element: <RequireSignIn />,
        children: [
          {
            path: "/",
            element: <Shell />,
            children: [
              { index: true, element: <HomeRedirect /> },
              {
                path: "ranking/:month?",
                element: guarded(
                  "/ranking",
                  page(() => import("./pages/ranking/index.tsx"), "RankingPage"),
                ),
              },
              { path: "units/:code", element: <UnitRoute /> },
              { path: "responses/:period?", element: <ResponsesRoute /> },
              { path: "review/:period?", element: <ReviewRoute /> },
              {
                path: "year/:year?",
                element: guarded(
                  "/year",
                  page(() => import("./pages/year/index.tsx"), "YearPage"),
                ),
              },
              {
                path: "rubrics",
                element: guarded(
                  "/rubrics",
                  page(() => import("./pages/rubrics/index.tsx"), "RubricsPage"),
                ),
              },
              {
                path: "rubrics/:id",
                element: guarded(
                  "/rubrics",
                  page(() => import("./pages/rubrics/editor.tsx"), "RubricEditorPage"),
                ),
              },
              {
                // the language manual: in the menu, and opened from the rubric list and the editor
                path: "reference",
                element: guarded(
                  "/reference",
                  page(() => import("./pages/reference/index.tsx"), "ReferencePage"),
                ),
              },
              {
                path: "compare",
                element: guarded(
                  "/compare",
                  page(() => import("./pages/compare/index.tsx"), "ComparePage"),
                ),
              },
              {
                path: "data",
                element: guarded(
                  "/data",
                  page(() => import("./pages/data/index.tsx"), "DataPage"),
                ),
              },
              {
                path: "users",
                element: guarded(
                  "/users",
                  page(() => import("./pages/users/index.tsx"), "UsersPage"),
                ),
              },
              {
                path: "audit",
                element: guarded(
                  "/audit",
                  page(() => import("./pages/audit/index.tsx"), "AuditPage"),
                ),
              },
              // an address no page has: said, not sent home without a word
              { path: "*", element: <NotFound /> },
            ],
          },
        ],
      },
    ],
  },
]);
