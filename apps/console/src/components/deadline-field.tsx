/**
 * A deadline as one form field: a day, and a time of day if the deadline is not the day's end. A day alone is the end
 * of that day, as the import reads a deadline written as a date (2018-12-15 is until 24:00 of the 15th): a unit that
 * writes “延期至 12 月 15 日” means the whole of the 15th. The day and the time are picked apart (antd's date-and-time
 * panel is 400 px wide and ran off a 390 px phone, its minutes and 确定 out of reach); the day can be typed.
 */
import { SHANGHAI_OFFSET_MS } from "@kaohe/time";
import { DatePicker, Space, TimePicker } from "antd";
import dayjs, { type Dayjs } from "dayjs";
import { DAY_FORMATS } from "../lib/format.ts";
import { usePhone } from "../lib/layout.ts";
import { beijingDeadline } from "./responses/workflow.ts";

/** Whether `d` is its day's end (23:59:59.999): a deadline given as a day alone. */
const isDayEnd = (d: Dayjs) => d.hour() === 23 && d.minute() === 59 && d.second() === 59 && d.millisecond() === 999;

/** The Beijing wall clock of an epoch as the pickers show it (dayjs in the browser's zone would shift it). */
function beijingDayjs(ms: number): Dayjs {
  const d = new Date(ms + SHANGHAI_OFFSET_MS);
  return dayjs(new Date(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate(), d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds(), d.getUTCMilliseconds()));
}

/** The deadline the pickers show, in epoch ms: the day's end when no time of day is given. */
const deadlineOf = (d: Dayjs) => beijingDeadline(d.year(), d.month() + 1, d.date(), isDayEnd(d) ? null : { hour: d.hour(), minute: d.minute() });

/** The end of `d`'s day. */
const dayEnd = (d: Dayjs) => d.hour(23).minute(59).second(59).millisecond(999);

export function DeadlineField({
  value,
  onChange,
  defaultPickerValue,
  id,
}: {
  /** epoch ms */
  value?: number | null;
  onChange?: (value: number | null) => void;
  /** the month the calendar opens on when no value is set */
  defaultPickerValue?: Dayjs;
  /** Form.Item's, for its label */
  id?: string;
}) {
  const phone = usePhone();
  const shown = typeof value === "number" ? beijingDayjs(value) : null;
  const timed = shown && !isDayEnd(shown) ? shown : null;
  const set = (d: Dayjs | null) => onChange?.(d ? deadlineOf(d) : null);
  return (
    <Space.Compact style={{ width: phone ? "100%" : 280 }}>
      <DatePicker
        id={id}
        value={shown}
        // a new day keeps the time given; without one, the day's end
        onChange={(d) => set(d ? (timed ? d.hour(timed.hour()).minute(timed.minute()).second(0).millisecond(0) : dayEnd(d)) : null)}
        format={DAY_FORMATS}
        placeholder="日期"
        defaultPickerValue={defaultPickerValue}
        // a phone's keyboard would cover the calendar
        inputReadOnly={phone}
        style={{ width: "58%" }}
        data-testid="date-time-day"
      />
      <TimePicker
        value={timed}
        disabled={!shown}
        onChange={(t) => shown && set(t ? shown.hour(t.hour()).minute(t.minute()).second(0).millisecond(0) : dayEnd(shown))}
        format="HH:mm"
        placeholder="当日 24 时"
        inputReadOnly={phone}
        style={{ width: "42%" }}
        data-testid="date-time-time"
      />
    </Space.Compact>
  );
}
