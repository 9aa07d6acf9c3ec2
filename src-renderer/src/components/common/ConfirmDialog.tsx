import type { ReactNode } from 'react';
import { Dialog, DialogClose } from './Dialog';

/** Asks before something that cannot be undone; the safe choice comes first and has the focus. */
export function ConfirmDialog({
  open = true,
  title,
  message,
  confirmLabel,
  onConfirm,
  onCancel,
  children,
}: {
  open?: boolean;
  title: string;
  message: ReactNode;
  confirmLabel: string;
  onConfirm: () => void;
  onCancel: () => void;
  children?: ReactNode;
}) {
  return (
    <Dialog
      open={open}
      onOpenChange={(next) => (next ? undefined : onCancel())}
      title={title}
      description={message}
      role="alertdialog"
      size="small"
      testId="confirm-dialog"
    >
      {children}
      <div className="dialog__actions">
        <DialogClose asChild>
          <button type="button" className="button" autoFocus>
            Cancel
          </button>
        </DialogClose>
        <button type="button" className="button button--danger" onClick={onConfirm}>
          {confirmLabel}
        </button>
      </div>
    </Dialog>
  );
}
