/**
 * What the data page's forms have in common (登记考核事件, 填报年度事项): a dialog saying what is entered and that it is
 * imported as a file would be, and a submit that says what was sent, clears the form and follows the import below.
 */
import { App, type FormInstance, Modal, Typography } from "antd";
import type { ReactNode } from "react";
import { errorText } from "../../lib/trpc.ts";

export interface EntryProps {
  open: boolean;
  onClose: () => void;
  /** the import the entry started: the data page follows it as it follows an upload */
  onStarted: (jobId: string) => void;
}

/** The entry's submit: the call, then what to say of its result; a refusal said, the form kept as typed. */
export function useEntrySubmit(form: FormInstance, { onStarted, onClose }: Pick<EntryProps, "onStarted" | "onClose">) {
  const { message } = App.useApp();
  return async <R extends { jobId: string }>(send: () => Promise<R>, said: (r: R) => string): Promise<void> => {
    try {
      const result = await send();
      message.success(said(result));
      form.resetFields();
      onStarted(result.jobId);
      onClose();
    } catch (err) {
      message.error(errorText(err));
    }
  };
}

export function EntryModal({
  open,
  onClose,
  title,
  okText,
  submit,
  pending,
  okDisabled,
  width,
  intro,
  children,
}: Pick<EntryProps, "open" | "onClose"> & {
  title: string;
  okText: string;
  submit: () => void;
  pending: boolean;
  okDisabled: boolean;
  width?: number;
  /** what may be entered here, and that it is imported as its file would be */
  intro: string;
  children: ReactNode;
}) {
  return (
    <Modal
      open={open}
      title={title}
      okText={okText}
      cancelText="取消"
      onOk={submit}
      onCancel={onClose}
      confirmLoading={pending}
      okButtonProps={{ disabled: okDisabled }}
      destroyOnHidden
      width={width}
    >
      <Typography.Paragraph type="secondary">{intro}</Typography.Paragraph>
      {children}
    </Modal>
  );
}
