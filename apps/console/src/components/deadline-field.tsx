/**
 * A deadline as one form field: a day, and a time of day if the deadline is not the day's end. A day alone is the end
 * of that day, as the import reads a deadline written as a date (2018-12-15 is until 24:00 of the 15th): a unit that
 * writes “延期至 12 月 15 日” means the whole of the 15th. The day and the time are picked apart (antd's date-and-time
 * panel is 400 px wide and ran off a 390 px phone, its minutes and 确定 out of reach); the day can be typed.
 */
import { DatePicker, Space, TimePicker } from "antd";
import type { Dayjs } from "dayjs";
import { DAY_FORMATS } from "../lib/format.ts";
import { usePhone } from "../lib/layout.ts";

/** Whether `d` is its day's end (23:59:59.999): a deadline given as a day alone. */
export const isDayEnd = (d: Dayjs) => d.hour() === 23 && d.minute() === 59 && d.second() === 59 && d.millisecond() === 999;

/** The end of `d`'s day. */
const dayEnd = (d: Dayjs) => d.hour(23).minute(59).second(59).millisecond(999);

export function DeadlineField({
  value,
  onChange,
  defaultPickerValue,
  id,
}: {
  value?: Dayjs | null;
  onChange?: (value: Dayjs | null) => void;
  /** the month the calendar opens on when no value is set */
  defaultPickerValue?: Dayjs;
  /** Form.Item's, for its label */
  id?: string;
}) {
  const phone = usePhone();
  const timed = value && !isDayEnd(value) ? value : null;
  return (
    <Space.Compact style={{ width: phone ? "100%" : 280 }}>
      <DatePicker
        id={id}
        value={value ?? null}
        // a new day keeps the time given; without one, the day's end
        onChange={(d) => onChange?.(d ? (timed ? d.hour(timed.hour()).minute(timed.minute()).second(0).millisecond(0) : dayEnd(d)) : null)}
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
        disabled={!value}
        onChange={(t) => value && onChange?.(t ? value.hour(t.hour()).minute(t.minute()).second(0).millisecond(0) : dayEnd(value))}
        format="HH:mm"
        placeholder="当日 24 时"
        inputReadOnly={phone}
        style={{ width: "42%" }}
        data-testid="date-time-time"
      />
    </Space.Compact>
  );
}
