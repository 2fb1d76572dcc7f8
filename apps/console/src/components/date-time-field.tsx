/**
 * A date and a time of day (minutes), as one form field. On a phone the date and the time are picked apart: antd's
 * date-and-time panel is 400 px wide and ran off a 390 px screen, its minutes and 确定 out of reach.
 */
import { DatePicker, Space, TimePicker } from "antd";
import type { Dayjs } from "dayjs";
import { DAY_FORMATS, MINUTE_FORMATS } from "../lib/format.ts";
import { usePhone } from "../lib/layout.ts";

export function DateTimeField({
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
  if (!phone)
    return (
      <DatePicker
        id={id}
        value={value ?? null}
        onChange={(d) => onChange?.(d)}
        showTime={{ format: "HH:mm" }}
        format={MINUTE_FORMATS}
        placeholder="选择日期和时间"
        defaultPickerValue={defaultPickerValue}
        style={{ width: 240 }}
      />
    );
  return (
    <Space.Compact style={{ width: "100%" }}>
      <DatePicker
        id={id}
        value={value ?? null}
        // a new day keeps the time chosen (none yet: the end of the working day, 17:30, as 办理时限 are written)
        onChange={(d) =>
          onChange?.(
            d
              ? d
                  .hour(value ? value.hour() : 17)
                  .minute(value ? value.minute() : 30)
                  .second(0)
              : null,
          )
        }
        format={DAY_FORMATS}
        placeholder="日期"
        defaultPickerValue={defaultPickerValue}
        inputReadOnly
        style={{ width: "60%" }}
        data-testid="date-time-day"
      />
      <TimePicker
        value={value ?? null}
        disabled={!value}
        onChange={(t) => value && t && onChange?.(value.hour(t.hour()).minute(t.minute()).second(0))}
        format="HH:mm"
        placeholder="时间"
        inputReadOnly
        allowClear={false}
        style={{ width: "40%" }}
        data-testid="date-time-time"
      />
    </Space.Compact>
  );
}
