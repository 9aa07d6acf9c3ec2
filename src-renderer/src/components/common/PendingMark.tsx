/**
 * Marks something changed here that the server has not confirmed yet. A still mark, not a
 * spinner: the change is safe locally and may wait for hours while offline.
 */
export function PendingMark({ label = 'Not yet confirmed by the server' }: { label?: string }) {
  return (
    <span className="pending-mark" title={label} data-testid="pending-mark">
      <span aria-hidden="true">●</span>
      <span className="visually-hidden">{label}</span>
    </span>
  );
}

/** The words form, for headers and timeline entries. */
export function PendingTag({ children = 'Pending' }: { children?: string }) {
  return (
    <span className="tag tag--pending" title="Saved here; waiting to be confirmed by the server">
      {children}
    </span>
  );
}
