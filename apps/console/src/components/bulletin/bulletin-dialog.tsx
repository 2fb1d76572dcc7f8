/**
 * 《投诉动态》: the month's bulletin. The administrator sets the issue number and the date and edits the lead
 * paragraph (kept with the month, audited), then downloads it as Word or PDF; those who may read every unit's
 * ranking download it as it stands.
 */
import { FilePdfOutlined, FileWordOutlined, NotificationOutlined, UndoOutlined } from "@ant-design/icons";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Alert, App, Button, DatePicker, Descriptions, Form, Input, InputNumber, Modal, Skeleton, Space, Tag, Tooltip, Typography } from "antd";
import dayjs, { type Dayjs } from "dayjs";
import { useEffect, useState } from "react";
import { useAuth } from "../../lib/auth.tsx";
import { CHINESE_DAY_FORMATS, isoTime, monthLabel } from "../../lib/format.ts";
import { errorText, type RouterOutputs, useTRPC } from "../../lib/trpc.ts";
import { downloadExport } from "./download.ts";

type Bulletin = RouterOutputs["bulletin"]["get"];

interface Fields {
  issue: number;
  issuedOn: Dayjs;
  lead: string;
  /** the bulletin's name (投诉动态), the center's for every month */
  title: string;
}

/** The emoji a lead pasted from a chat app may carry (the PDF leaves them out: bulletin/pdf.ts on the server). */
const EMOJI = /[\u{1F000}-\u{1FAFF}\u2705\u2764\u2B50]/u;

/** Longest lead the server keeps (BULLETIN_LEAD_MAX in @kaohe/services). */
const LEAD_MAX = 2000;

const fieldsOf = (b: Pick<Bulletin, "issue" | "issuedOn" | "lead" | "title">): Fields => ({
  issue: b.issue,
  issuedOn: dayjs(b.issuedOn),
  lead: b.lead,
  title: b.title,
});

/** A bulletin's two downloads, Word and PDF (`${testId}-docx`, `${testId}-pdf`); `note` said over each (what to do first). */
function DownloadButtons({
  busy,
  onDownload,
  testId,
  note,
}: {
  busy: "docx" | "pdf" | null;
  onDownload: (type: "docx" | "pdf") => void;
  testId: string;
  note?: string;
}) {
  return (
    <>
      <Tooltip title={note}>
        <Button
          icon={<FileWordOutlined />}
          loading={busy === "docx"}
          disabled={busy !== null}
          onClick={() => onDownload("docx")}
          data-testid={`${testId}-docx`}
        >
          下载 Word
        </Button>
      </Tooltip>
      <Tooltip title={note}>
        <Button
          type="primary"
          icon={<FilePdfOutlined />}
          loading={busy === "pdf"}
          disabled={busy !== null}
          onClick={() => onDownload("pdf")}
          data-testid={`${testId}-pdf`}
        >
          下载 PDF
        </Button>
      </Tooltip>
    </>
  );
}

function Summary({ b }: { b: Bulletin }) {
  return (
    <Descriptions size="small" column={{ xs: 1, sm: 2 }} bordered styles={{ label: { whiteSpace: "nowrap" } }} data-testid="bulletin-summary">
      <Descriptions.Item label="发布状态">{b.published ? <Tag color="success">已发布</Tag> : <Tag color="warning">未发布（预览稿）</Tag>}</Descriptions.Item>
      <Descriptions.Item label="规则版本">
        {b.rubric.name}（{b.rubric.version}）
      </Descriptions.Item>
      <Descriptions.Item label="参评单位">
        {b.totals.units} 家：{b.groups.map((g) => `${g.label} ${g.rows.length}`).join("、")}
      </Descriptions.Item>
      <Descriptions.Item label="与上月比较">
        {b.previous.state === "compared" ? (
          `${monthLabel(b.previous.period)}（已发布）`
        ) : b.previous.state === "unpublished" ? (
          <Tag color="warning">{monthLabel(b.previous.period)}未发布：不作比较</Tag>
        ) : (
          (b.previous.note ?? "上月无可比较的结果")
        )}
      </Descriptions.Item>
      <Descriptions.Item label="须书面说明">{b.totals.owing} 家</Descriptions.Item>
      <Descriptions.Item label="考核事件">
        {b.totals.events} 起，涉及 {b.totals.eventUnits} 家
      </Descriptions.Item>
    </Descriptions>
  );
}

/**
 * The written part of a bulletin, the month's or the year's: its name, issue, date and lead, inside the dialog's form;
 * `testId` prefixes each field's test id (bulletin-lead, year-bulletin-lead).
 */
function TextFields({
  editable,
  year,
  issueExtra,
  saved,
  onDefaultLead,
  testId,
}: {
  editable: boolean;
  /** the year the issue is numbered in (2018年第N期) */
  year: string;
  /** said under the issue while it is not saved: what the suggested one follows */
  issueExtra: string | undefined;
  saved: { by: string; at: string } | null;
  onDefaultLead: () => void;
  testId: string;
}) {
  return (
    <>
      <Space size={16} wrap>
        <Form.Item
          name="title"
          label="通报名称"
          tooltip="印在通报的报头，各月与年度通报相同（如桓台县办法所称的《投诉动态》）；改了以后都用新名称"
          rules={[
            { required: true, whitespace: true, message: "请填写通报名称" },
            { max: 20, message: "通报名称最多 20 字" },
          ]}
          style={{ marginBottom: 8 }}
        >
          <Input prefix="《" suffix="》" style={{ width: 220 }} data-testid={`${testId}-title`} />
        </Form.Item>
        <Form.Item name="issue" label="期号" rules={[{ required: true, message: "请填写期号" }]} style={{ marginBottom: 8, maxWidth: 260 }} extra={issueExtra}>
          <InputNumber min={1} max={999} precision={0} prefix={`${year}年第`} suffix="期" style={{ width: 180 }} data-testid={`${testId}-issue`} />
        </Form.Item>
        <Form.Item name="issuedOn" label="印发日期" rules={[{ required: true, message: "请选择印发日期" }]} style={{ marginBottom: 8 }}>
          <DatePicker allowClear={false} format={CHINESE_DAY_FORMATS} data-testid={`${testId}-date`} />
        </Form.Item>
      </Space>
      <Form.Item
        name="lead"
        label={
          <Space size={8}>
            <span>导言</span>
            <Typography.Text type="secondary" style={{ fontWeight: "normal" }}>
              {editable ? "印在通报开头；每行为一段" : "印在通报开头"}
            </Typography.Text>
          </Space>
        }
        rules={[
          { required: true, whitespace: true, message: "请填写导言" },
          { max: LEAD_MAX, message: `导言最多 ${LEAD_MAX} 字` },
          // pasted from a chat app: the PDF's font has no emoji, so the server leaves them out there
          {
            warningOnly: true,
            validator: (_, v: string | undefined) =>
              v && EMOJI.test(v) ? Promise.reject(new Error("导言中的表情符号（如 👍）在 PDF 中不印出；Word 文件保留")) : Promise.resolve(),
          },
        ]}
        extra={
          <Space size={8} wrap style={{ marginTop: 4 }}>
            <Typography.Text type="secondary" data-testid={`${testId}-saved`}>
              {saved ? `上次保存：${saved.by} ${isoTime(saved.at)}` : editable ? "尚未保存：期号、日期与导言为系统生成" : "期号、日期与导言为系统生成"}
            </Typography.Text>
            {editable && (
              <Button size="small" icon={<UndoOutlined />} onClick={onDefaultLead} data-testid={`${testId}-default-lead`}>
                恢复为按数据生成的导言
              </Button>
            )}
          </Space>
        }
      >
        <Input.TextArea autoSize={{ minRows: 5, maxRows: 12 }} count={{ show: editable, max: LEAD_MAX }} data-testid={`${testId}-lead`} />
      </Form.Item>
    </>
  );
}

/** Said above a bulletin's form: a preview (not published yet), or data changed since it was published; as the file says. */
function PublicationNotices({ period, published, changed, testId }: { period: "本月" | "本年度"; published: boolean; changed: string | null; testId: string }) {
  return (
    <>
      {!published && (
        <Alert
          type="warning"
          showIcon
          title={`${period}结果尚未发布：下载的是预览稿`}
          description="文件中会注明“预览稿”，数据在发布前可能因异议处理、数据更正而变化。"
          data-testid={`${testId}-preview-notice`}
        />
      )}
      {changed && <Alert type="warning" showIcon title="发布后数据有变动" description={`文件中会注明：${changed}`} data-testid={`${testId}-changed-notice`} />}
    </>
  );
}

/**
 * A bulletin form's buttons: close, save (for those who publish: `onSave`), and the downloads, which save edits first.
 * Save is offered for the prefilled values too while nothing is saved: saved, they are the period's (the date no longer
 * today's) and the next issue follows this one. It was disabled until something was edited, so a right prefilled
 * 期号 could not be confirmed, though the form asked for the centre's actual one (a walk).
 */
function FormActions({
  onClose,
  onSave,
  saving,
  dirty,
  unsaved,
  busy,
  onDownload,
  testId,
}: {
  onClose: () => void;
  onSave: (() => void) | undefined;
  saving: boolean;
  dirty: boolean;
  /** nothing is saved for the period yet: the form shows the prefilled values */
  unsaved: boolean;
  busy: "docx" | "pdf" | null;
  onDownload: (type: "docx" | "pdf") => void;
  testId: string;
}) {
  return (
    <Space style={{ width: "100%", justifyContent: "flex-end" }} wrap>
      <Button onClick={onClose}>关闭</Button>
      {onSave && (
        <Tooltip title={!dirty && unsaved ? "确认并保存预填的期号、日期与导言：以后各期的期号接续本期。不保存也可直接下载" : undefined}>
          <Button onClick={onSave} loading={saving} disabled={!dirty && !unsaved} data-testid={`${testId}-save`}>
            保存
          </Button>
        </Tooltip>
      )}
      <DownloadButtons busy={busy} onDownload={onDownload} testId={testId} note={onSave && dirty ? "先保存修改，再下载" : undefined} />
    </Space>
  );
}

/**
 * The written part of a bulletin in its form, as the month's and the year's dialogs keep it: the fields set from what is
 * saved, saved by `save` (then `saved` refreshes what shows it), and a download that saves unsaved edits first, so that
 * what is downloaded is what is on the screen.
 */
function useBulletinText(
  b: Pick<Bulletin, "issue" | "issuedOn" | "lead" | "title">,
  save: (v: { issue: number; issuedOn: string; lead: string; title: string }) => Promise<unknown>,
  saved: () => Promise<void>,
  file: (type: "docx" | "pdf", title: string) => { url: string; name: string },
) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const editable = useAuth().can("results.publish");
  const [form] = Form.useForm<Fields>();
  const [dirty, setDirty] = useState(false);
  const [busy, setBusy] = useState<"docx" | "pdf" | null>(null);
  useEffect(() => {
    form.setFieldsValue(fieldsOf(b));
    setDirty(false);
  }, [b, form]);

  const store = async (): Promise<boolean> => {
    const v = await form.validateFields().catch(() => null);
    if (!v) return false;
    try {
      await save({ issue: v.issue, issuedOn: v.issuedOn.format("YYYY-MM-DD"), lead: v.lead, title: v.title });
    } catch (err) {
      message.error(errorText(err));
      return false;
    }
    setDirty(false);
    await saved();
    await queryClient.invalidateQueries({ queryKey: trpc.settings.get.queryKey() });
    return true;
  };

  const download = async (type: "docx" | "pdf") => {
    setBusy(type);
    try {
      // what is downloaded is what is on the screen: unsaved edits are saved first
      if (editable && dirty && !(await store())) return;
      const { url, name } = file(type, form.getFieldValue("title") || b.title);
      const problem = await downloadExport(url, name);
      if (problem) message.error(problem);
    } finally {
      setBusy(null);
    }
  };
  return { editable, form, dirty, setDirty, busy, store, download };
}

function BulletinForm({ month, b, onClose }: { month: string; b: Bulletin; onClose: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const save = useMutation(trpc.bulletin.save.mutationOptions());
  const { editable, form, dirty, setDirty, busy, store, download } = useBulletinText(
    b,
    (v) => save.mutateAsync({ month, ...v }),
    () => queryClient.invalidateQueries({ queryKey: trpc.bulletin.get.queryKey({ month }) }),
    (type, title) => ({ url: `/export/bulletin/${month}.${type}`, name: `${title}-${month}.${type}` }),
  );

  return (
    <Space orientation="vertical" size={12} style={{ width: "100%" }}>
      <PublicationNotices period="本月" published={b.published} changed={b.changedSincePublished} testId="bulletin" />
      {b.previous.state === "unpublished" && (
        <Alert
          type="warning"
          showIcon
          title={`上月（${monthLabel(b.previous.period)}）结果尚未发布：本期通报不与上月比较`}
          description={`通报只与上月已发布的结果比较：将不印名次变化、得分变化，并注明“${(b.previous.note ?? "").replace(/。$/, "")}”。${
            editable ? `如需比较，请先发布${monthLabel(b.previous.period)}的考核结果，再下载本期通报。` : ""
          }`}
          data-testid="bulletin-previous-notice"
        />
      )}
      <Summary b={b} />
      <Form<Fields> form={form} layout="vertical" disabled={!editable} onValuesChange={() => setDirty(true)} requiredMark={editable}>
        <TextFields
          editable={editable}
          year={month.slice(0, 4)}
          // the suggested issue: after the year's last saved one, else the month's (the server's rule, bulletinData)
          issueExtra={
            editable && !b.saved
              ? b.issueAfter
                ? `接续${monthLabel(b.issueAfter.period)}的第 ${b.issueAfter.issue} 期`
                : "本年还没有保存过期号：按月份预填，请按本中心的实际期号填写"
              : undefined
          }
          saved={b.saved}
          onDefaultLead={() => {
            form.setFieldValue("lead", b.defaultLead);
            setDirty(true);
          }}
          testId="bulletin"
        />
      </Form>
      <FormActions
        onClose={onClose}
        onSave={editable ? () => store().then((ok) => ok && message.success(`已保存本期《${form.getFieldValue("title") || b.title}》`)) : undefined}
        saving={save.isPending}
        dirty={dirty}
        unsaved={b.saved === null}
        busy={busy}
        onDownload={download}
        testId="bulletin"
      />
    </Space>
  );
}

/** The 《投诉动态》 button of the ranking page and its dialog. */
export function BulletinButton({
  month,
  disabled,
  disabledReason,
}: {
  month: string;
  disabled?: boolean;
  /** why it is disabled, said over it (a month not begun has no bulletin) */
  disabledReason?: string;
}) {
  const trpc = useTRPC();
  const [open, setOpen] = useState(false);
  const q = useQuery({ ...trpc.bulletin.get.queryOptions({ month }), enabled: open });
  // as the center names its bulletin (投诉动态 unless named otherwise)
  const title = useQuery(trpc.settings.get.queryOptions()).data?.bulletinTitle ?? "投诉动态";
  // the lead is edited by those who publish; the others download it as it stands
  const editable = useAuth().can("results.publish");
  return (
    <>
      <Tooltip title={disabledReason ?? (editable ? `本月《${title}》：编辑导言，下载 Word 或 PDF` : `本月《${title}》：下载 Word 或 PDF`)}>
        <Button icon={<NotificationOutlined />} onClick={() => setOpen(true)} disabled={disabled} data-testid="bulletin-button">
          {title}
        </Button>
      </Tooltip>
      <Modal
        open={open}
        onCancel={() => setOpen(false)}
        footer={null}
        width={760}
        destroyOnHidden
        title={`《${title}》${monthLabel(month)}`}
        data-testid="bulletin-dialog"
      >
        {q.isPending ? (
          <Skeleton active paragraph={{ rows: 8 }} />
        ) : q.data ? (
          <BulletinForm month={month} b={q.data} onClose={() => setOpen(false)} />
        ) : (
          <Alert type="error" showIcon title={`无法生成本月的《${title}》`} description={errorText(q.error)} />
        )}
      </Modal>
    </>
  );
}

type YearBulletin = RouterOutputs["bulletin"]["year"];

/**
 * The year's bulletin (年度考核结果通报) in its dialog, as the month's: those who publish set its issue, date and lead
 * (kept with the year, audited) and the file prints them; the others download it as it stands. Told, as the month's,
 * when it is the preview or when the data changed after the year was published.
 */
function YearBulletinForm({ year, b, onClose }: { year: string; b: YearBulletin; onClose: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const save = useMutation(trpc.bulletin.saveYear.mutationOptions());
  const { editable, form, dirty, setDirty, busy, store, download } = useBulletinText(
    b,
    (v) => save.mutateAsync({ year, ...v }),
    () => queryClient.invalidateQueries({ queryKey: trpc.bulletin.year.queryKey({ year }) }),
    (type, title) => ({ url: `/export/bulletin/${year}.${type}`, name: `${title}-${year}年度.${type}` }),
  );

  return (
    <Space orientation="vertical" size={12} style={{ width: "100%" }}>
      <PublicationNotices period="本年度" published={b.published} changed={b.changedSincePublished} testId="year-bulletin" />
      <Typography.Paragraph style={{ marginBottom: 0 }}>
        通报各类别的年终考核成绩与名次、年终成绩的各组成部分，以及综合管理等年度考核的扣分、加分情况（单位、事由、次数与分值）。
      </Typography.Paragraph>
      <Form<Fields> form={form} layout="vertical" disabled={!editable} onValuesChange={() => setDirty(true)} requiredMark={editable}>
        <TextFields
          editable={editable}
          year={year}
          // the suggested issue: after the year's last saved month, else after December's (the server's rule, yearBulletinData)
          issueExtra={
            editable && !b.saved
              ? b.issueAfter
                ? `接续${monthLabel(b.issueAfter.period)}的第 ${b.issueAfter.issue} 期`
                : "本年还没有保存过期号：按每月一期、接续12月预填，请按本中心的实际期号填写"
              : undefined
          }
          saved={b.saved}
          onDefaultLead={() => {
            form.setFieldValue("lead", b.defaultLead);
            setDirty(true);
          }}
          testId="year-bulletin"
        />
      </Form>
      <FormActions
        onClose={onClose}
        onSave={editable ? () => store().then((ok) => ok && message.success(`已保存${year}年度《${form.getFieldValue("title") || b.title}》`)) : undefined}
        saving={save.isPending}
        dirty={dirty}
        unsaved={b.saved === null}
        busy={busy}
        onDownload={download}
        testId="year-bulletin"
      />
    </Space>
  );
}

/**
 * The year page's 《投诉动态》 button (年度考核结果通报): as the ranking page's, for those who read every unit's ranking;
 * its dialog says what the file holds and whether it is the preview, lets those who publish write its issue, date and
 * lead, and downloads it as Word or PDF.
 */
export function YearBulletinButton({
  year,
  disabled,
  disabledReason,
}: {
  year: string;
  disabled?: boolean;
  /** why it is disabled, said over it (a year not begun has no bulletin) */
  disabledReason?: string;
}) {
  const trpc = useTRPC();
  const [open, setOpen] = useState(false);
  const { can } = useAuth();
  const readable = can("results.read");
  const q = useQuery({ ...trpc.bulletin.year.queryOptions({ year }), enabled: open && readable });
  const title = useQuery(trpc.settings.get.queryOptions()).data?.bulletinTitle ?? "投诉动态";
  if (!readable) return null;
  const editable = can("results.publish");
  return (
    <>
      <Tooltip title={disabledReason ?? `${year}年度《${title}》：年终考核结果通报，${editable ? "编辑期号、日期与导言，" : ""}下载 Word 或 PDF`}>
        <Button icon={<NotificationOutlined />} onClick={() => setOpen(true)} disabled={disabled} data-testid="year-bulletin-button">
          {title}
        </Button>
      </Tooltip>
      <Modal
        open={open}
        onCancel={() => setOpen(false)}
        footer={null}
        width={760}
        destroyOnHidden
        title={`《${title}》${year}年度`}
        data-testid="year-bulletin-dialog"
      >
        {q.isPending ? (
          <Skeleton active paragraph={{ rows: 8 }} />
        ) : q.data ? (
          <YearBulletinForm year={year} b={q.data} onClose={() => setOpen(false)} />
        ) : (
          <Alert type="error" showIcon title={`无法生成${year}年度的《${title}》`} description={errorText(q.error)} />
        )}
      </Modal>
    </>
  );
}
