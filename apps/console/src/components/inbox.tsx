/**
 * The bell in the header: what waits for the user (a month or year opened to
 * their unit or published again moving its place, decisions on their objections, explanations owed or read, events imported into a month open to
 * them; for the center, objections and
 * explanations to deal with), read every 30 seconds and when the window
 * regains focus. A unit user opening it has seen the decisions.
 */
import { BellOutlined } from "@ant-design/icons";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Badge, Button, Empty, Popover, Tag, Typography } from "antd";
import { type KeyboardEvent, useCallback, useEffect, useRef, useState } from "react";
import { useNavigate } from "react-router";
import { useAuth } from "../lib/auth.tsx";
import { beijingDateTime } from "../lib/format.ts";
import { errorText, useTRPC } from "../lib/trpc.ts";
import { type StaleRouter, staleAfter, staleFor } from "./inbox-stale.ts";
import type { InboxItem } from "./responses/types.ts";
import "./responses/responses.css";
import { usePhone } from "../lib/layout.ts";

const KIND: Record<InboxItem["kind"], { label: string; color: string }> = {
  opened: { label: "结果预览", color: "cyan" },
  republished: { label: "重新发布", color: "purple" },
  decision: { label: "异议决定", color: "blue" },
  acknowledged: { label: "说明已阅", color: "green" },
  owed: { label: "待交说明", color: "orange" },
  event: { label: "新考核事件", color: "volcano" },
  objection: { label: "待处理异议", color: "red" },
  explanation: { label: "待阅说明", color: "gold" },
};

function Items({ items, onOpen }: { items: InboxItem[]; onOpen: (item: InboxItem) => void }) {
  if (items.length === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="暂无待办事项" style={{ margin: "12px 0" }} />;
  return (
    <ul className="kh-inbox-list" data-testid="inbox-items">
      {items.map((item, i) => (
        <li key={`${item.kind}-${item.link}-${i}`}>
          <a
            href={item.link}
            onClick={(e) => {
              e.preventDefault();
              onOpen(item);
            }}
          >
            <span className="kh-inbox-title">
              <Tag color={KIND[item.kind].color} style={{ marginInlineEnd: 6 }}>
                {KIND[item.kind].label}
              </Tag>
              {item.title}
            </span>
            {item.at && <span className="kh-inbox-time">{beijingDateTime(item.at)}</span>}
          </a>
        </li>
      ))}
    </ul>
  );
}

/**
 * News for a unit user (a month or year opened to it or published again, a decision, an explanation read, an event new
 * to it): opening the list marks it read, and the badge no longer counts it.
 */
const isNews = (item: InboxItem) =>
  item.kind === "opened" || item.kind === "republished" || item.kind === "decision" || item.kind === "acknowledged" || item.kind === "event";

/** "（2）", or "（待办 1 · 新消息 3）" when news is listed beside what waits, so the badge's count after opening is the first. */
function headerCounts(items: InboxItem[]): string {
  const news = items.filter(isNews).length;
  const todo = items.length - news;
  if (items.length === 0) return "";
  if (news === 0) return `（${todo}）`;
  return todo === 0 ? `（新消息 ${news}）` : `（待办 ${todo} · 新消息 ${news}）`;
}

/**
 * On a phone: no arrow, and the panel moved along the header as far as it must to stay on the screen (shiftX), kept
 * 8 px from its edge (the horizontal offset, which the shift keeps); below the bell as on a computer (its right edge
 * under the bell's, 4 px down).
 */
const PHONE_PLACEMENT = {
  rootClassName: "kh-phone-inbox",
  arrow: false,
  builtinPlacements: { bottomRight: { points: ["tr", "br"], offset: [8, 4], overflow: { shiftX: true, adjustY: true } } },
};

export function InboxBell() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const { user } = useAuth();
  const [open, setOpen] = useState(false);
  const bell = useRef<HTMLButtonElement>(null);
  const panel = useRef<HTMLDivElement>(null);
  // opened from the keyboard (Enter, Space or ↓ on the bell): focus goes into the list (it was reached only after all of
  // the page's controls, focus left on the bell: a walk)
  const byKeyboard = useRef(false);
  // on a phone the list is as wide as the screen allows, 8 px from each edge: under the bell (near the right edge), a
  // list as wide as on a computer ran off the screen's left edge
  const phone = usePhone();
  // the list as it was when opened: marking the decisions seen removes them from the next summary
  const [shown, setShown] = useState<InboxItem[] | null>(null);
  const summary = useQuery({ ...trpc.inbox.summary.queryOptions(), refetchInterval: 30_000, refetchOnWindowFocus: true, staleTime: 10_000 });
  const markSeen = useMutation(
    trpc.inbox.markSeen.mutationOptions({
      meta: { keepSession: true },
      onSettled: () => queryClient.invalidateQueries({ queryKey: trpc.inbox.summary.queryKey() }),
    }),
  );
  const count = summary.data?.count ?? 0;
  // the pages' data that the bell's news makes stale read again (a decision, a correction, a month opened): a unit's
  // 说明与异议 page kept a decided objection 待处理, with its 撤回, until reloaded
  const readAgain = useCallback(
    (routers: readonly StaleRouter[]) => {
      for (const r of routers) void queryClient.invalidateQueries({ queryKey: trpc[r].pathKey() });
    },
    [queryClient, trpc],
  );
  // the list the summary before this one gave (none before the first: the pages read theirs with it)
  const before = useRef<InboxItem[] | undefined>(undefined);
  const listed = summary.data?.items;
  useEffect(() => {
    if (!listed) return;
    const stale = staleAfter(before.current, listed);
    before.current = listed;
    readAgain(stale);
  }, [listed, readAgain]);

  const onOpenChange = (next: boolean) => {
    setOpen(next);
    if (!next) {
      byKeyboard.current = false;
      return;
    }
    // read afresh on opening (reopened within the half minute between refreshes, a unit's list missed a decision just
    // made), then shown and marked seen (below): marked before it had loaded, a unit's decisions were marked seen under
    // an empty list and never shown
    setShown(null);
    void summary.refetch();
  };
  // the list read afresh: shown, and what it shows marked seen (a unit's user)
  useEffect(() => {
    if (!open || shown !== null || !summary.data || summary.isFetching) return;
    setShown(summary.data.items);
    if (user?.role === "unit") markSeen.mutate({ upTo: summary.data.upTo });
  }, [open, shown, summary.data, summary.isFetching, user?.role, markSeen.mutate]);
  // opened from the keyboard: the first item focused once the list is shown (the panel itself while it is read, or
  // when it is empty), the popup mounted and placed a frame or two after it opens
  useEffect(() => {
    if (!open || !byKeyboard.current) return;
    let frame = 0;
    let tries = 0;
    const focus = () => {
      const first = panel.current?.querySelector<HTMLElement>("a[href]");
      if (first) byKeyboard.current = false;
      const target = first ?? panel.current;
      if (target) target.focus({ preventScroll: true });
      else if (++tries < 30) frame = requestAnimationFrame(focus);
    };
    frame = requestAnimationFrame(focus);
    return () => cancelAnimationFrame(frame);
  }, [open, shown]);
  const close = (refocus: boolean) => {
    onOpenChange(false);
    if (refocus) bell.current?.focus();
  };
  // in the list: ↑ ↓ step through its items, Escape closes it back to the bell
  const onPanelKey = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.key === "Escape") {
      e.preventDefault();
      close(true);
      return;
    }
    if (e.key !== "ArrowDown" && e.key !== "ArrowUp") return;
    const links = [...(panel.current?.querySelectorAll<HTMLElement>("a[href]") ?? [])];
    if (links.length === 0) return;
    e.preventDefault();
    const at = links.indexOf(document.activeElement as HTMLElement);
    const down = e.key === "ArrowDown";
    // from the panel itself: the first or the last; from an item: the next or the one before, round the list
    const next = at < 0 ? (down ? 0 : links.length - 1) : (at + (down ? 1 : links.length - 1)) % links.length;
    links[next]?.focus();
  };
  const go = (item: InboxItem) => {
    setOpen(false);
    // read again what the item is about: its link is often the page already shown (a decision on /responses/<month>),
    // where navigating alone changed nothing
    readAgain(staleFor(item));
    navigate(item.link);
  };
  const items = (open ? shown : null) ?? summary.data?.items ?? [];

  return (
    <Popover
      trigger="click"
      placement="bottomRight"
      {...(phone ? PHONE_PLACEMENT : {})}
      open={open}
      onOpenChange={onOpenChange}
      // the list in the page's order right after the bell (not at the end of the page): Tab goes from the bell into it,
      // and out of it on to the user's menu
      getPopupContainer={(trigger) => trigger.parentElement ?? document.body}
      title={
        <span>
          {/* what waits for the user, and the news that opening the list marks read (the badge then counts only the former) */}
          待办提醒{headerCounts(items)}
          {summary.isFetching && summary.data && (
            <Typography.Text type="secondary" style={{ fontWeight: "normal", fontSize: 12, marginInlineStart: 8 }}>
              正在刷新…
            </Typography.Text>
          )}
        </span>
      }
      content={
        <div
          className="kh-inbox"
          role="dialog"
          aria-label="待办提醒"
          data-testid="inbox-panel"
          ref={panel}
          tabIndex={-1}
          onKeyDown={onPanelKey}
          // focus gone elsewhere (Tab past its last item, a click on the page): the list closes; back to the bell, it
          // stays open (the bell's own click opens and closes it)
          onBlur={(e) => {
            const to = e.relatedTarget;
            if (to instanceof Node && !e.currentTarget.contains(to) && !bell.current?.contains(to)) close(false);
          }}
        >
          {summary.error && !summary.data ? (
            <Typography.Text type="danger">{errorText(summary.error)}</Typography.Text>
          ) : !summary.data ? (
            <Typography.Text type="secondary">正在读取…</Typography.Text>
          ) : (
            <Items items={items} onOpen={go} />
          )}
        </div>
      }
    >
      <Button
        ref={bell}
        type="text"
        aria-label="待办提醒"
        aria-haspopup="dialog"
        aria-expanded={open}
        data-testid="inbox-button"
        className="kh-inbox-button"
        onKeyDown={(e) => {
          // Enter and Space click the bell (the click opens the list); ↓ opens it, or goes into it when open
          if (e.key === "Enter" || e.key === " ") byKeyboard.current = true;
          if (e.key === "ArrowDown") {
            e.preventDefault();
            byKeyboard.current = true;
            if (open) panel.current?.querySelector<HTMLElement>("a[href]")?.focus();
            else onOpenChange(true);
          }
        }}
        onPointerDown={() => {
          byKeyboard.current = false;
        }}
      >
        <Badge count={count} size="small" offset={[2, -2]} data-testid="inbox-count">
          <BellOutlined style={{ fontSize: 17 }} />
        </Badge>
      </Button>
    </Popover>
  );
}
