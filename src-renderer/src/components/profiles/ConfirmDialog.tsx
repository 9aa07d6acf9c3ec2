import { useEffect, useRef } from 'react';

/**
 * A modal confirmation on the platform's <dialog>: showModal() gives focus containment,
 * Escape to cancel and an inert page behind it without a hand-rolled focus trap.
 */
export function ConfirmDialog({
  title,
  message,
  confirmLabel,
  onConfirm,
  onCancel,
}: {
  title: string;
  message: string;
  confirmLabel: string;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    return () => dialog?.close();
  }, []);

  return (
    <dialog
      ref={ref}
      className="dialog"
      aria-labelledby="confirm-title"
      aria-describedby="confirm-message"
      onCancel={onCancel}
    >
      <h2 id="confirm-title" className="dialog__title">
        {title}
      </h2>
      <p id="confirm-message">{message}</p>
      <div className="dialog__actions">
        {/* The safe choice comes first and takes the initial focus. */}
        <button type="button" className="button" onClick={onCancel} autoFocus>
          Cancel
        </button>
        <button type="button" className="button button--danger" onClick={onConfirm}>
          {confirmLabel}
        </button>
      </div>
    </dialog>
  );
}
