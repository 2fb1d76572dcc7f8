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

/** A page for users holding any of `any`; 无权访问 for the others. */
const guarded = (any: Permission[], element: ReactNode) => <RequirePermission any={any}>{element}</RequirePermission>;

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
                  access("/ranking"),
                  page(() => import("./pages/ranking/index.tsx"), "RankingPage"),
                ),
              },
              { path: "units/:code", element: <UnitRoute /> },
              { path: "responses/:period?", element: <ResponsesRoute /> },
              { path: "review/:period?", element: <ReviewRoute /> },
              {
                path: "year/:year?",
                element: guarded(
                  access("/year"),
                  page(() => import("./pages/year/index.tsx"), "YearPage"),
                ),
              },
              {
                path: "rubrics",
                element: guarded(
                  access("/rubrics"),
                  page(() => import("./pages/rubrics/index.tsx"), "RubricsPage"),
                ),
              },
              {
                path: "rubrics/:id",
                element: guarded(
                  access("/rubrics"),
                  page(() => import("./pages/rubrics/editor.tsx"), "RubricEditorPage"),
                ),
              },
              {
                // the language manual: in the menu, and opened from the rubric list and the editor
                path: "reference",
                element: guarded(
                  access("/reference"),
                  page(() => import("./pages/reference/index.tsx"), "ReferencePage"),
                ),
              },
              {
                path: "compare",
                element: guarded(
                  access("/compare"),
                  page(() => import("./pages/compare/index.tsx"), "ComparePage"),
                ),
              },
              {
                path: "data",
                element: guarded(
                  access("/data"),
                  page(() => import("./pages/data/index.tsx"), "DataPage"),
                ),
              },
              {
                path: "users",
                element: guarded(
                  access("/users"),
                  page(() => import("./pages/users/index.tsx"), "UsersPage"),
                ),
              },
              {
                path: "audit",
                element: guarded(
                  access("/audit"),
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
