/**
 * A period's publication: who published it and when (Beijing time), publishing (again, with the reason; a period
 * without orders, or one not yet ended, only when confirmed), whether the data changed under it, and its history.
 */

import { CheckCircleFilled, ClockCircleOutlined, HistoryOutlined, SendOutlined, WarningOutlined } from "@ant-design/icons";
import { addMonths, formatShanghai, isMonth, isYear, periodLabel } from "@kaohe/time";
import { skipToken, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Alert, App, Button, Drawer, Empty, Form, Input, Modal, Space, Table, Tag, Tooltip, Typography } from "antd";
import { useRef, useState } from "react";
import { useAuth } from "../../lib/auth.tsx";
import { fixed, isoTime } from "../../lib/format.ts";
import { usePhone } from "../../lib/layout.ts";
import { errorDetail, errorText, type RouterOutputs, useTRPC } from "../../lib/trpc.ts";
import { DialogWarning } from "../dialog-warning.tsx";
import { explanationPending } from "../responses/workflow.ts";
import { lackingUnitsText } from "./missing-facts.ts";
import type { Publication } from "./types.ts";

/**
 * "已发布：张三 2018-04-02 10:20" (a re-publication "已发布（重新发布）：…") or "未发布（预览）", with what that means over
 * it; the publication's reason (a re-publication's, the accepted objections it cites) beside it. 未发布 alone, beside
 * 阶段：预览 on the units' page, read as two states, and as nothing to do yet (a walk); a unit whose place a
 * re-publication moved read only "已发布" and the time, nothing saying it was published again (a unit's walk).
 */
export function PublicationStatus({
  publication,
  period,
}: {
  publication: Publication | null | undefined;
  /**
   * the period shown, on a page that shows a user who sees published results only (a unit's) the period's stage beside
   * this (the ranking, the year): a period not opened to the units is no preview to them — 未发布（预览） beside 考核周期：未开放
   * said two contrary things (a unit's walk), as it did on the unit's page (which leaves it out itself)
   */
  period?: string;
}) {
  const trpc = useTRPC();
  const { can } = useAuth();
  const publishedOnly = period !== undefined && (isMonth(period) || isYear(period)) && publication === null && !can("results.read");
  const cycle = useQuery(trpc.cycle.get.queryOptions(publishedOnly ? { period } : skipToken));
  if (publication === undefined) return null;
  // (not said while the stage is read: it may be the contrary of what follows)
  if (publishedOnly && (!cycle.data || cycle.data.stage === "closed")) return null;
  if (publication === null)
    return (
      <Tooltip placement="bottom" title="尚未发布：按目前的数据与规则计算的预览，发布前可能变化">
        <Tag icon={<ClockCircleOutlined />} variant="filled" data-testid="publication-status">
          未发布（预览）
        </Tag>
      </Tooltip>
    );
  return (
    <>
      {/* below the tag: above it the tooltip lay over the header's buttons (发布) while the pointer rested on the tag */}
      <Tooltip placement="bottom" title={`发布时使用规则：${publication.rubric.name}（${publication.rubric.version}）`}>
        <Tag icon={<CheckCircleFilled />} color="success" data-testid="publication-status">
          {publication.replaces === null ? "已发布" : "已发布（重新发布）"}：{publication.publishedBy} {isoTime(publication.publishedAt)}
        </Tag>
      </Tooltip>
      {publication.reason && <PublicationReason reason={publication.reason} />}
    </>
  );
}

/**
 * 发布说明: on a computer one line, cut with its tooltip when long (up to 560 px, and never wider than the row); on a
 * phone wrapped within the screen and read whole (a tooltip cannot be reached there): one line 560 px wide ran off a
 * 390 px screen, the page 436–581 px wide and the reason cut mid-character.
 */
function PublicationReason({ reason }: { reason: string }) {
  const phone = usePhone();
  if (phone)
    return (
      <Typography.Paragraph type="secondary" style={{ margin: 0, overflowWrap: "anywhere" }} data-testid="publication-reason">
        发布说明：{reason}
      </Typography.Paragraph>
    );
  return (
    <Typography.Text type="secondary" ellipsis={{ tooltip: reason }} style={{ maxWidth: "min(560px, 100%)" }} data-testid="publication-reason">
      发布说明：{reason}
    </Typography.Text>
  );
}

type Undecided = { id: number; unitCode: string; unitName: string };

/** The period's publication and what follows from it (its cycle, the objections it cites) read again, after publishing. */
function useShowCurrent(): () => Promise<unknown> {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return () => Promise.all([trpc.publication, trpc.cycle, trpc.objections].map((r) => queryClient.invalidateQueries({ queryKey: r.pathKey() })));
}

/** Refused because the period's current publication is not the one the page showed (published by someone else meanwhile). */
const publishedMeanwhile = (err: unknown): boolean => errorDetail<{ publishedMeanwhile?: boolean }>(err)?.publishedMeanwhile === true;

/** The objections the server says are undecided (publishing then needs `confirmUndecided`), or null. */
function undecidedOf(err: unknown): Undecided[] | null {
  const list = errorDetail<{ undecided?: Undecided[] }>(err)?.undecided;
  return list && list.length > 0 ? list : null;
}

/** The undecided objections, and what publishing now means for them. */
function UndecidedList({ list }: { list: Undecided[] }) {
  return (
    <>
      <ul style={{ margin: "4px 0 8px", paddingInlineStart: 18 }} data-testid="undecided-objections">
        {list.map((o) => (
          <li key={o.id}>
            异议 #{o.id}（{o.unitName}）
          </li>
        ))}
      </ul>
      <Typography.Paragraph style={{ marginBottom: 0 }}>
        建议先在“异议与说明”页处理这些异议再发布。确需现在发布，发布记录将注明尚有未处理的异议。
      </Typography.Paragraph>
    </>
  );
}

/** Ask whether to publish although objections are undecided, listing them; `afterClose` when the dialog has closed. */
function confirmUndecided(
  modal: ReturnType<typeof App.useApp>["modal"],
  period: string,
  list: Undecided[],
  onOk: () => Promise<unknown>,
  afterClose: () => void = () => {},
) {
  modal.confirm({
    afterClose,
    title: `${periodLabel(period)}还有 ${list.length} 条异议未处理`,
    icon: <WarningOutlined style={{ color: "#d46b08" }} />,
    width: 520,
    content: <UndecidedList list={list} />,
    okText: "仍要发布",
    okButtonProps: { danger: true, "data-testid": "confirm-undecided-publish" },
    cancelText: "暂不发布",
    onOk: () => onOk().catch(() => {}),
  });
}

/**
 * 发布 / 重新发布. Publishing freezes the period's result; publishing again
 * (after an objection is upheld) replaces it and needs the reason.
 */
export function PublishButton({
  period,
  publication,
  unitCount,
  empty = false,
  months = [],
  missingFacts = [],
  ends,
  staleData,
  disabled,
  disabledReason,
}: {
  period: string;
  publication: Publication | null | undefined;
  unitCount: number;
  /** the period has no orders: publishing needs an explicit confirmation */
  empty?: boolean;
  /** a year: the months it counts (those not yet published are named before publishing) */
  months?: string[];
  /** a year: checklist items some units have no row for (scored as the rubric's default), named before publishing */
  missingFacts?: { label: string; units: number; names: string[] }[];
  /** when the period's window ends (epoch ms): before then publishing needs an explicit confirmation */
  ends?: number;
  /**
   * the month's data ends before its assessment time (a period warning, data-before-as-of): said before publishing,
   * which makes its overdue counts the published ones (found by a helper: said on the ranking page alone); a year's,
   * of the months it averages (said on no year's page nor dialog: a walk)
   */
  staleData?: string;
  disabled?: boolean;
  /** why it is disabled, said over it (a month without data: nothing to publish until its orders are imported) */
  disabledReason?: string;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { can } = useAuth();
  const { message, modal } = App.useApp();
  const [reasonOpen, setReasonOpen] = useState(false);
  // the server's refusal of a re-publication, said in its dialog (a toast gone in three seconds left the dialog open
  // and saying nothing: a month since left without data, 409)
  const [refused, setRefused] = useState<string | null>(null);
  // how many of its dialogs are being prepared or are open — the confirmation, and the one that follows a refusal (an
  // objection raised meanwhile, published by someone else meanwhile): a second click (a double click on 发布) opens no
  // second one, which stayed open over the month just published and, confirmed, said the month's publication had just
  // changed; nor does a click while the dialog after a refusal is open (it stacked a second confirmation over it).
  // Counted, not a flag: the confirmation finishes closing after the dialog following it has opened
  const asking = useRef(0);
  /** One more of its dialogs: what lets it go (once) when it has closed. */
  const ask = () => {
    asking.current += 1;
    let open = true;
    return () => {
      if (open) asking.current -= 1;
      open = false;
    };
  };
  const [form] = Form.useForm<{ reason: string }>();
  const label = periodLabel(period);
  // the accepted objections no publication has cited yet: this one will cite them (and they are reason enough to publish again)
  const monthly = !isYear(period);
  // (a year's too: it is opened to the units for their objections as a month is)
  const accepted = useQuery(trpc.objections.list.queryOptions(can("responses.read") ? { period, status: "accepted" } : skipToken));
  const toCite = (accepted.data ?? []).filter((o) => o.publicationId === null);
  // the units may still object: publishing ends that (said before it is done)
  const cycle = useQuery(trpc.cycle.get.queryOptions({ period }));
  const objectionsOpenUntil = cycle.data?.objectionsOpen ? cycle.data.objectionDeadline : null;
  const objectionsNote = objectionsOpenUntil ? (
    <Alert
      type="warning"
      showIcon
      style={{ marginBottom: 12 }}
      data-testid="publish-objections-open"
      title={`异议期尚未截止（截至 ${isoTime(objectionsOpenUntil)}）：发布后各单位不能再对${monthly ? "本月" : "本年度"}提出异议`}
    />
  ) : null;
  // a year: its months still in preview or never opened are scored on today's data, frozen by publishing the year
  // (a month: whether the center opened or published any month before the one before it, below)
  const cycles = useQuery(trpc.cycle.list.queryOptions(monthly || months.length > 0 ? undefined : skipToken));
  const stageOf = (m: string) => cycles.data?.find((c) => c.period === m);
  const unpublished = cycles.data ? months.filter((m) => stageOf(m)?.stage !== "published") : [];
  /** A warning in the publish dialog: what publishing would freeze that the administrator may not mean to. */
  const warning = (testId: string, title: string, description: string) => <DialogWarning testId={testId} title={title} description={description} />;
  const monthsNote =
    unpublished.length > 0
      ? warning(
          "publish-months-unpublished",
          `${label}计入的月份中有 ${unpublished.length} 个月尚未发布`,
          `${unpublished.map((m) => `${Number(m.slice(5))}月（${stageOf(m)?.stageLabel ?? "未开放"}）`).join("、")}：年度结果按${unpublished.length === 1 ? "该月" : "这些月份"}的当前数据计算，发布后不再随之变化。建议先发布各月结果。`,
        )
      : null;
  // a month published before the one before it, still open to the units: its bulletin and ranking compare with no month
  const previous = monthly ? addMonths(period, -1) : null;
  const previousCycle = useQuery(trpc.cycle.get.queryOptions(previous ? { period: previous } : skipToken));
  // unpublished: open to the units, or never opened while the center had opened or published a month before it (a month
  // skipped; not the first month the center assesses)
  const previousStage = previousCycle.data?.stage;
  const skipped = previousStage === "closed" && previous !== null && (cycles.data ?? []).some((c) => c.period < previous);
  const previousUnpublished = previousCycle.data && (previousStage === "preview" || previousStage === "notice" || skipped) ? previousCycle.data : null;
  const previousNote =
    previous && previousUnpublished
      ? warning(
          "publish-previous-unpublished",
          `上月（${periodLabel(previous)}）结果尚未发布（${previousUnpublished.stageLabel}）`,
          `上月发布之前，${label}的排名与《投诉动态》不与上月比较名次和得分变化。建议先发布${periodLabel(previous)}的结果。`,
        )
      : null;
  const factsNote =
    missingFacts.length > 0
      ? warning(
          "publish-missing-facts",
          `${missingFacts.length} 个综合管理事项缺少部分或全部单位的记录，按规则的缺省值计`,
          `${missingFacts
            .slice(0, 6)
            .map((m) => `“${m.label}”（${lackingUnitsText(m, unitCount)}）`)
            .join("；")}${missingFacts.length > 6 ? " 等" : ""}：发布后这些得分随之冻结。建议先在“数据”页导入本年度的事实文件。`,
        )
      : null;
  const citeNote =
    toCite.length > 0 ? (
      <Typography.Paragraph data-testid="publish-cites">
        发布说明将引用已采纳的异议：{toCite.map((o) => `#${o.id}（${o.unitName}）`).join("、")}。
      </Typography.Paragraph>
    ) : null;
  /** The period's publication and what follows from it read again. */
  const showCurrent = useShowCurrent();
  const publish = useMutation(
    trpc.publication.publish.mutationOptions({
      onSuccess: async (_p, input) => {
        // a first publication may carry a reason too (the accepted objections it cites): "again" is the user's re-publishing
        message.success(`${label}考核结果已${input.reason ? "重新" : ""}发布`);
        setReasonOpen(false);
        // publishing moves the month's cycle to 已发布 and cites the accepted objections
        await showCurrent();
      },
      onError: (err, input) => {
        // published or re-published by someone else since the page showed it: said, and the page shows it now
        if (publishedMeanwhile(err)) {
          setReasonOpen(false);
          void showCurrent();
          modal.warning({ title: `${label}的发布刚有变化`, content: errorText(err), okText: "查看", afterClose: ask() });
          return;
        }
        // objections to the month are undecided: list them, then publish as confirmed
        const undecided = input.confirmUndecided ? null : undecidedOf(err);
        if (undecided) {
          confirmUndecided(modal, period, undecided, () => publish.mutateAsync({ ...input, confirmUndecided: true }), ask());
          return;
        }
        // refused for what the user may confirm (the page did not know yet): a period not ended, one without orders —
        // asked, then published as confirmed
        const confirmable = [
          { flag: "confirmUnfinished", detail: "unfinished", title: `${emptyWord}尚未结束`, ok: "确认提前发布", testId: "confirm-unfinished-publish" },
          { flag: "confirmEmpty", detail: "empty", title: `${emptyWord}无工单数据`, ok: "确认无工单，仍要发布", testId: "confirm-empty-publish" },
        ] as const;
        const asked = confirmable.find((c) => !input[c.flag] && errorDetail<Record<string, unknown>>(err)?.[c.detail]);
        if (asked) {
          modal.confirm({
            title: asked.title,
            icon: <WarningOutlined style={{ color: "#d46b08" }} />,
            content: errorText(err),
            okText: asked.ok,
            okButtonProps: { danger: true, "data-testid": asked.testId },
            cancelText: "取消",
            onOk: () => publish.mutateAsync({ ...input, [asked.flag]: true }).catch(() => {}),
            afterClose: ask(),
          });
          return;
        }
        // refused for good (a month since left without data…): said whole in the re-publication's dialog, which stays
        // open (a toast gone in three seconds left it saying nothing); a first publication's confirmation has closed
        if (input.replaces !== null && input.replaces !== undefined) setRefused(errorText(err));
        else message.error(errorText(err));
      },
    }),
  );
  const emptyWord = isYear(period) ? "本年" : "本月";
  const emptyWarning = (
    <Alert
      type="warning"
      showIcon
      title={`${emptyWord}无工单数据`}
      description="按规则各单位都将按无工单计分、并列排名，结果不反映实际工作。请先在“数据”页导入工单；确属无工单仍要发布，请确认。"
      style={{ marginBottom: 12 }}
      data-testid="publish-empty-warning"
    />
  );

  // the period is still running: what is published now leaves out the orders received from now on
  const unfinished = ends !== undefined && Date.now() < ends;
  const unfinishedWarning = unfinished ? (
    <Alert
      type="warning"
      showIcon
      title={`${label}尚未结束（考核周期至 ${formatShanghai(ends - 1, "date")}）`}
      description={`现在发布，此后受理的工单不会计入，结果不反映${emptyWord}全部工作。建议在${emptyWord}结束、导入${emptyWord}工单后再发布。`}
      style={{ marginBottom: 12 }}
      data-testid="publish-unfinished-warning"
    />
  ) : null;
  const published = Boolean(publication);
  // what re-publishing would change, said in the dialog (the notice under the ranking asks the same, so it is cached)
  const freshness = useQuery(trpc.publication.freshness.queryOptions(reasonOpen && published ? { period } : skipToken));
  const onClick = async () => {
    if (asking.current > 0) return;
    if (published) {
      setRefused(null);
      setReasonOpen(true);
      return;
    }
    const done = ask();
    try {
      await confirmPublish(done);
    } catch (err) {
      done();
      throw err;
    }
  };
  /** The confirmation of a first publication, with what it should say; `done` when it has closed. */
  const confirmPublish = async (done: () => void) => {
    // the period's undecided objections, read now: listed in this one dialog, which then publishes as confirmed
    // (not read — the list refused: the server says so and a second dialog lists them, as before)
    const undecided: Undecided[] = can("responses.read")
      ? ((await queryClient.fetchQuery({ ...trpc.objections.list.queryOptions({ period, status: "open" }), staleTime: 0 }).catch(() => null)) ?? []).map(
          (o) => ({ id: o.id, unitCode: o.unitCode, unitName: o.unitName }),
        )
      : [];
    const undecidedNote =
      undecided.length > 0 ? (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 12 }}
          data-testid="publish-undecided"
          title={`${label}还有 ${undecided.length} 条异议未处理`}
          description={<UndecidedList list={undecided} />}
        />
      ) : null;
    // the written explanations still owed or unread: said, not in the way (units may still submit them after publishing)
    const duties =
      monthly && can("responses.read") && cycle.data?.previewOpenedAt
        ? await queryClient.fetchQuery({ ...trpc.explanations.duties.queryOptions({ period }), staleTime: 30_000 }).catch(() => null)
        : null;
    const waiting = (duties?.duties ?? []).filter((d) => explanationPending(d.state)).length;
    const explanationsNote =
      waiting > 0 ? (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 12 }}
          data-testid="publish-explanations-waiting"
          title={`还有 ${waiting} 份书面说明待交或待阅`}
          description={`发布后各单位仍可在截止${cycle.data?.explanationDeadline ? `（${isoTime(cycle.data.explanationDeadline)}）` : ""}前提交，考核办可在“异议与说明”页继续阅知。`}
        />
      ) : null;
    // a period the units never saw: publishing it takes away their objections (办法六（三）), and a month's written
    // explanations (办法五); a year too (it was published without a word of it: a walk)
    const neverOpened = cycle.data !== undefined && cycle.data.previewOpenedAt === null;
    const neverOpenedNote = neverOpened
      ? warning(
          "publish-never-opened",
          `${label}没有向各单位开放预览`,
          monthly
            ? "各单位没有看到本月结果，没有机会提出异议、提交书面说明。通常先“开放预览”，异议期截止、异议处理完后再发布；确需不经预览直接发布，请确认。"
            : "各单位没有看到本年度的年终成绩，没有机会对综合管理扣分等提出异议。通常先“向单位开放预览”，异议期截止、异议处理完后再发布；确需不经预览直接发布，请确认。",
        )
      : null;
    const staleDataNote = staleData
      ? warning("publish-data-before-as-of", monthly ? "数据早于本期的考核时点" : "数据早于计入本年度的月份的考核时点", staleData)
      : null;
    // what the confirmation says yes to: the first warning that holds (none: a plain 确认发布)
    const confirmation = unfinished
      ? { ok: "确认提前发布", testId: "confirm-unfinished-publish" }
      : empty
        ? { ok: "确认无工单，仍要发布", testId: "confirm-empty-publish" }
        : undecided.length > 0
          ? { ok: "仍要发布", testId: "confirm-undecided-publish" }
          : neverOpened
            ? { ok: "不经预览，直接发布", testId: "confirm-unopened-publish" }
            : staleData
              ? { ok: "仍要发布", testId: "confirm-stale-data-publish" }
              : null;
    const warned = confirmation !== null;
    modal.confirm({
      title: unfinished
        ? `${emptyWord}尚未结束：提前发布${label}考核结果？`
        : empty
          ? `${emptyWord}无工单数据：仍要发布${label}考核结果？`
          : `发布${label}考核结果？`,
      icon: warned ? <WarningOutlined style={{ color: "#d46b08" }} /> : <SendOutlined style={{ color: "#b71c1c" }} />,
      // wide enough for its notes, and they scroll within the window: four notes put 仍要发布 below a 768-pixel screen (a walk)
      width: 600,
      content: (
        <div style={{ maxHeight: "calc(100vh - 280px)", overflowY: "auto" }} data-testid="publish-confirm-notes">
          {unfinishedWarning}
          {staleDataNote}
          {neverOpenedNote}
          {empty && emptyWarning}
          {undecidedNote}
          {objectionsNote}
          {explanationsNote}
          {monthsNote}
          {previousNote}
          {factsNote}
          {citeNote}
          <Typography.Paragraph style={{ marginBottom: 0 }}>
            将按现行规则计算并冻结 {unitCount} 家单位的得分与排名。发布后结果不再随数据变化；如需更正，须填写原因后重新发布。
          </Typography.Paragraph>
        </div>
      ),
      okText: confirmation?.ok ?? "确认发布",
      okButtonProps: confirmation ? { danger: true, "data-testid": confirmation.testId } : undefined,
      cancelText: "取消",
      afterClose: done,
      onOk: async () => {
        try {
          await publish.mutateAsync({
            period,
            // none was published when the page showed it: one published meanwhile is not replaced unseen
            replaces: null,
            ...(empty ? { confirmEmpty: true } : {}),
            ...(unfinished ? { confirmUnfinished: true } : {}),
            ...(undecided.length > 0 ? { confirmUndecided: true } : {}),
          });
        } catch {
          // the message is shown by onError; the dialog closes
        }
      },
    });
  };

  // the dialog's notes are read from these: clicked before they have loaded, it said nothing of months unpublished or a
  // month never opened (a review), so the button waits for them (a query not asked for is not loading)
  const notesLoading = [accepted, cycle, cycles, previousCycle].some((q) => q.isLoading);

  // only for those who may publish results
  if (!can("results.publish")) return null;
  return (
    <>
      <Tooltip title={disabled ? disabledReason : undefined}>
        <Button
          type={published ? "default" : "primary"}
          icon={<SendOutlined />}
          onClick={onClick}
          loading={publish.isPending || notesLoading}
          // disabled too while they load: a loading button swallows a click, which a person (or a test) would not see
          disabled={disabled || publication === undefined || notesLoading}
          data-testid="publish-button"
        >
          {published ? "重新发布" : "发布"}
        </Button>
      </Tooltip>
      <Modal
        title={`重新发布${label}考核结果`}
        open={reasonOpen}
        okText="重新发布"
        cancelText="取消"
        cancelButtonProps={{ "data-testid": "republish-cancel" }}
        confirmLoading={publish.isPending}
        onCancel={() => setReasonOpen(false)}
        onOk={async () => {
          const { reason = "" } = await form.validateFields().catch(() => ({ reason: "" }));
          // the objections cited are the reason when none is written
          if (reason.trim() || toCite.length > 0) {
            setRefused(null);
            publish.mutate({
              period,
              // the publication this page shows: one published since is not replaced unseen
              replaces: publication?.id ?? null,
              ...(reason.trim() ? { reason: reason.trim() } : {}),
              ...(empty ? { confirmEmpty: true } : {}),
              ...(unfinished ? { confirmUnfinished: true } : {}),
            });
          }
        }}
        destroyOnHidden
      >
        <PublishRefused text={refused} />
        {unfinishedWarning}
        {empty && emptyWarning}
        {objectionsNote}
        {monthsNote}
        {previousNote}
        {factsNote}
        {citeNote}
        <RepublishEffect freshness={freshness.data} citing={toCite.length > 0} />
        {publication && (
          <Typography.Paragraph type="secondary">
            本期已由 {publication.publishedBy} 于 {isoTime(publication.publishedAt)}{" "}
            发布。重新发布将以现行规则和当前数据重新计算，原发布结果保留备查并标记为已替代。
          </Typography.Paragraph>
        )}
        <Form form={form} layout="vertical" preserve={false}>
          <Form.Item
            name="reason"
            label={toCite.length > 0 ? "重新发布原因（可选：已引用采纳的异议）" : "重新发布原因"}
            rules={[
              { required: toCite.length === 0, whitespace: true, message: "请填写重新发布的原因" },
              { max: 500, message: "原因请控制在 500 字以内" },
            ]}
          >
            <Input.TextArea
              rows={4}
              count={{ show: true, max: 500 }}
              placeholder="例如：某单位对第 2 项得分提出异议，经复核属实，更正后重新发布"
              data-testid="republish-reason"
            />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}

/** The server's refusal of a publication, whole, in the dialog it was asked from (nothing when there is none). */
function PublishRefused({ text }: { text: string | null }) {
  if (text === null) return null;
  return <Alert type="error" showIcon title="未能发布" description={text} style={{ marginBottom: 12 }} data-testid="publish-refused" />;
}

/**
 * What publishing again would change: nothing (the same data under the same version: the same scores and ranks, one more
 * record), nothing that shows (new data, the same scores and ranks), or how many units' scores or ranks. Silent while
 * the check runs or when accepted objections are cited (their corrections are what changes).
 */
function RepublishEffect({ freshness, citing }: { freshness: RouterOutputs["publication"]["freshness"] | undefined; citing: boolean }) {
  if (!freshness || citing) return null;
  const n = freshness.differences.length;
  const [type, title] =
    freshness.dataUnchanged && !freshness.versionInForce
      ? (["info", "数据与现行规则都与发布时相同：重新发布后各单位得分与名次不变，只多一条发布记录"] as const)
      : n === 0
        ? (["info", "发布后数据有更新，但按当前数据各单位得分与名次不变"] as const)
        : (["warning", `按当前数据重新发布，${n} 个单位的得分或名次将改变（排名下方“预览并重新发布”可逐单位查看）`] as const);
  return <Alert type={type} showIcon title={title} style={{ marginBottom: 12 }} data-testid="republish-effect" />;
}

/** Rubric name and version a result was computed with. */
export function RubricUsed({ rubric, snapshot }: { rubric: { name: string; version: string } | undefined; snapshot: boolean }) {
  if (!rubric) return null;
  return (
    <Space size={6} wrap className="kh-meta" data-testid="rubric-used">
      <span>考核规则：</span>
      <Typography.Text>{rubric.name}</Typography.Text>
      <Tag color="geekblue" style={{ marginInlineEnd: 0 }}>
        版本 {rubric.version}
      </Tag>
      {snapshot && (
        <Tooltip title="本期已发布：显示发布时冻结的结果，不随之后导入的数据变化">
          <Tag color="gold" style={{ marginInlineEnd: 0 }}>
            发布快照
          </Tag>
        </Tooltip>
      )}
    </Space>
  );
}

type Freshness = NonNullable<RouterOutputs["publication"]["freshness"]>;
type Difference = Freshness["differences"][number];
type Standing = Difference["published"];

const standingText = (s: Standing) => (s ? `${fixed(s.score)}（${s.rank === null ? "不排名" : `第 ${s.rank} 名`}）` : "—");

/** Per unit, score and rank in a publication and now; changed rows marked. */
function ComparisonTable({ rows, then, now, testId }: { rows: Difference[]; then: string; now: string; testId: string }) {
  return (
    <Table<Difference>
      rowKey={(r) => r.unit.code}
      size="small"
      pagination={rows.length > 50 ? { pageSize: 50, showSizeChanger: false } : false}
      dataSource={rows}
      data-testid={testId}
      columns={[
        { title: "单位", key: "unit", render: (_, r) => r.unit.name },
        { title: "类别", key: "category", width: 90, render: (_, r) => r.unit.category },
        { title: then, key: "then", width: 150, align: "right", render: (_, r) => standingText(r.published) },
        {
          title: now,
          key: "now",
          width: 150,
          align: "right",
          render: (_, r) => (r.changed ? <Typography.Text type="warning">{standingText(r.now)}</Typography.Text> : standingText(r.now)),
        },
      ]}
    />
  );
}

/**
 * Under a published period: says when the data (or the version in force) changed since, and how many units would
 * score or rank differently now, with a preview of the differences and re-publishing. `detailNote`: what on the
 * page is not the frozen result (a year's units' details are scored from the current data).
 */
export function FreshnessNotice({ period, publication, detailNote }: { period: string; publication: Publication | null | undefined; detailNote?: string }) {
  const trpc = useTRPC();
  const { message, modal } = App.useApp();
  const [open, setOpen] = useState(false);
  // the server's refusal of the re-publication, said in the dialog (as PublishButton's)
  const [refused, setRefused] = useState<string | null>(null);
  const [form] = Form.useForm<{ reason: string }>();
  const { can } = useAuth();
  // checking against the data scores the period now: for those who see previews
  const mayPreview = can("results.read");
  const fresh = useQuery(trpc.publication.freshness.queryOptions(publication && mayPreview ? { period } : skipToken));
  const showCurrent = useShowCurrent();
  const publish = useMutation(
    trpc.publication.publish.mutationOptions({
      onSuccess: async () => {
        message.success(`${periodLabel(period)}考核结果已按当前数据重新发布`);
        setOpen(false);
        // publishing moves the month's cycle to 已发布 and cites the accepted objections
        await showCurrent();
      },
      onError: (err, input) => {
        if (publishedMeanwhile(err)) {
          setOpen(false);
          void showCurrent();
          modal.warning({ title: `${periodLabel(period)}的发布刚有变化`, content: errorText(err), okText: "查看" });
          return;
        }
        const undecided = input.confirmUndecided ? null : undecidedOf(err);
        if (undecided) confirmUndecided(modal, period, undecided, () => publish.mutateAsync({ ...input, confirmUndecided: true }));
        else setRefused(errorText(err));
      },
    }),
  );
  const f = fresh.data;
  if (!publication || !f || !mayPreview) return null;
  const n = f.differences.length;
  if (f.dataUnchanged && !f.versionInForce) return null;
  if (n === 0)
    return (
      <Typography.Paragraph type="secondary" style={{ fontSize: 12, margin: "8px 0 0" }} data-testid="freshness-notice">
        发布后数据有更新，按当前数据各单位得分与名次不变
      </Typography.Paragraph>
    );
  const why = f.versionInForce ? `现行规则已变为“${f.versionInForce.name}（${f.versionInForce.version}）”` : "数据已变化";
  return (
    <>
      <Alert
        type="warning"
        showIcon
        data-testid="freshness-notice"
        style={{ marginTop: 12 }}
        title={`${why}：按当前数据 ${n} 个单位得分或名次与发布时不同`}
        description={`本页显示的是 ${isoTime(publication.publishedAt)} 发布时冻结的结果${detailNote ? `；${detailNote}` : ""}。`}
        action={
          <Button
            size="small"
            onClick={() => {
              setRefused(null);
              setOpen(true);
            }}
            data-testid="freshness-preview"
          >
            {can("results.publish") ? "预览并重新发布" : "查看差异"}
          </Button>
        }
      />
      <Modal
        title={`${periodLabel(period)}：发布结果与当前数据的差异`}
        open={open}
        width={760}
        okText="按当前数据重新发布"
        footer={can("results.publish") ? undefined : null}
        okButtonProps={{ "data-testid": "freshness-republish" }}
        cancelText="关闭"
        confirmLoading={publish.isPending}
        onCancel={() => setOpen(false)}
        onOk={async () => {
          const { reason } = await form.validateFields().catch(() => ({ reason: "" }));
          if (reason.trim()) {
            setRefused(null);
            publish.mutate({ period, replaces: publication.id, reason: reason.trim() });
          }
        }}
        destroyOnHidden
      >
        <PublishRefused text={refused} />
        <ComparisonTable rows={f.differences} then="发布时得分（名次）" now="按当前数据" testId="freshness-table" />
        {can("results.publish") && (
          <Form form={form} layout="vertical" preserve={false} style={{ marginTop: 16 }}>
            <Form.Item
              name="reason"
              label="重新发布原因"
              initialValue={`${why}，${n} 个单位得分或名次变化，按当前数据重新发布`}
              rules={[
                { required: true, whitespace: true, message: "请填写重新发布的原因" },
                { max: 500, message: "原因请控制在 500 字以内" },
              ]}
            >
              <Input.TextArea rows={2} count={{ show: true, max: 500 }} />
            </Form.Item>
          </Form>
        )}
      </Modal>
    </>
  );
}

type HistoryRow = RouterOutputs["publication"]["list"][number];

/** 发布记录: every publication of the period, each opened as its frozen result or compared with the current one. */
export function PublicationHistoryButton({
  period,
  disabled,
  disabledReason,
}: {
  period: string;
  disabled?: boolean;
  /** why it is disabled, said over it (a greyed button said nothing: a walk) */
  disabledReason?: string;
}) {
  const trpc = useTRPC();
  const [open, setOpen] = useState(false);
  const [view, setView] = useState<{ id: number; mode: "result" | "compare" } | null>(null);
  const list = useQuery(trpc.publication.list.queryOptions(open ? { period } : skipToken));
  const opened = useQuery(trpc.publication.get.queryOptions(view?.mode === "result" ? { id: view.id } : skipToken));
  const compared = useQuery(trpc.publication.compare.queryOptions(view?.mode === "compare" ? { id: view.id } : skipToken));
  const rows = list.data ?? [];
  const { can } = useAuth();
  // the history (superseded publications too) is for those who see all results
  if (!can("results.read")) return null;
  return (
    <>
      <Tooltip title={disabled ? disabledReason : undefined}>
        <Button icon={<HistoryOutlined />} onClick={() => setOpen(true)} disabled={disabled} data-testid="publication-history-button">
          发布记录
        </Button>
      </Tooltip>
      <Drawer
        title={`${periodLabel(period)}发布记录`}
        open={open}
        size={760}
        onClose={() => {
          setOpen(false);
          setView(null);
        }}
        destroyOnHidden
      >
        {list.error && <Alert type="error" showIcon title={errorText(list.error)} />}
        <Table<HistoryRow>
          rowKey="id"
          size="small"
          loading={list.isPending && open}
          dataSource={rows}
          pagination={false}
          data-testid="publication-history"
          locale={{ emptyText: <Empty description="本期尚未发布" /> }}
          columns={[
            { title: "发布时间（北京时间）", key: "at", width: 150, render: (_, p) => isoTime(p.publishedAt) },
            { title: "发布人", dataIndex: "publishedBy", width: 90 },
            {
              title: "状态",
              key: "state",
              width: 90,
              render: (_, p) =>
                p.supersededAt === null ? (
                  <Tag color="success">现行</Tag>
                ) : (
                  <Tooltip title={`${isoTime(p.supersededAt)} 被替代`}>
                    <Tag>已替代</Tag>
                  </Tooltip>
                ),
            },
            { title: "规则版本", key: "rubric", width: 110, render: (_, p) => p.rubric.version },
            { title: "发布说明", dataIndex: "reason", render: (r: string | null) => r ?? "—" },
            {
              title: "操作",
              key: "actions",
              width: 130,
              render: (_, p) => (
                <Space size={0}>
                  <Button type="link" size="small" onClick={() => setView({ id: p.id, mode: "result" })} data-testid={`history-open-${p.id}`}>
                    查看
                  </Button>
                  {p.supersededAt !== null && (
                    <Button type="link" size="small" onClick={() => setView({ id: p.id, mode: "compare" })} data-testid={`history-compare-${p.id}`}>
                      与现行对比
                    </Button>
                  )}
                </Space>
              ),
            },
          ]}
        />
        {view?.mode === "result" && (
          <div style={{ marginTop: 16 }} data-testid="history-result">
            <Typography.Title level={5}>
              {opened.data ? `${isoTime(opened.data.publishedAt)} 发布的结果（${opened.data.publishedBy}，规则 ${opened.data.rubric.version}）` : "读取中…"}
            </Typography.Title>
            {opened.error && <Alert type="error" showIcon title={errorText(opened.error)} />}
            <Table
              rowKey={(u) => u.unit.code}
              size="small"
              loading={opened.isPending}
              pagination={false}
              dataSource={opened.data?.result.units ?? []}
              columns={[
                { title: "名次", key: "rank", width: 64, render: (_, u) => (u.rank === null ? "—" : u.rank) },
                { title: "单位", key: "unit", render: (_, u) => u.unit.name },
                { title: "类别", key: "group", width: 100, render: (_, u) => u.group },
                { title: "得分", key: "score", width: 90, align: "right", render: (_, u) => fixed(u.published) },
                { title: "承办量", key: "volume", width: 80, align: "right", render: (_, u) => u.volume },
              ]}
            />
          </div>
        )}
        {view?.mode === "compare" && (
          <div style={{ marginTop: 16 }} data-testid="history-compare">
            <Typography.Title level={5}>
              {compared.data
                ? `${isoTime(compared.data.publication.publishedAt)} 发布 与 现行（${isoTime(compared.data.current.publishedAt)} 发布）：${compared.data.changed} 个单位得分或名次不同`
                : "读取中…"}
            </Typography.Title>
            {compared.error && <Alert type="error" showIcon title={errorText(compared.error)} />}
            <ComparisonTable rows={compared.data?.units ?? []} then="当时得分（名次）" now="现行得分（名次）" testId="history-compare-table" />
          </div>
        )}
      </Drawer>
    </>
  );
}
