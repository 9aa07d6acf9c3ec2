import { useState, type FormEvent } from 'react';
import { SAVED_VIEW_NAME_MAX } from '../../../../src-shared/domain/saved-views';
import { errorMessage } from '../../api/client';
import { Dialog, DialogClose } from '../common/Dialog';

/** Asks for a view's name (saving or renaming); a refusal is shown at the field, the name kept. */
export function ViewNameDialog({
  title,
  description,
  initialName,
  submitLabel,
  onSubmit,
  onClose,
}: {
  title: string;
  description: string;
  initialName: string;
  submitLabel: string;
  onSubmit: (name: string) => Promise<unknown>;
  onClose: () => void;
}) {
  const [name, setName] = useState(initialName);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (name.trim() === '') {
      setError('Give the view a name.');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await onSubmit(name.trim());
      onClose();
    } catch (failure) {
      setError(errorMessage(failure));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Dialog
      open
      onOpenChange={(open) => (open ? undefined : onClose())}
      title={title}
      description={description}
      size="small"
      testId="view-name-dialog"
    >
      <form className="view-name-form" onSubmit={(event) => void submit(event)}>
        <div className="form-field">
          <label htmlFor="view-name">Name</label>
          <input
            id="view-name"
            type="text"
            value={name}
            maxLength={SAVED_VIEW_NAME_MAX}
            autoFocus
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? 'view-name-error' : undefined}
            onChange={(event) => setName(event.target.value)}
          />
          {error ? (
            <p id="view-name-error" className="form-field__error" role="alert">
              {error}
            </p>
          ) : null}
        </div>
        <div className="dialog__actions">
          <DialogClose asChild>
            <button type="button" className="button">
              Cancel
            </button>
          </DialogClose>
          <button type="submit" className="button button--primary" disabled={busy}>
            {busy ? 'Saving…' : submitLabel}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
