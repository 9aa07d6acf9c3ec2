import type { ReactNode } from 'react';

/** The shared frame for empty and error states: say what is going on, then offer the next step. */
export function StateMessage({
  title,
  children,
  action,
  tone = 'neutral',
}: {
  title: string;
  children?: ReactNode;
  action?: ReactNode;
  tone?: 'neutral' | 'error';
}) {
  return (
    <div
      className={`state-message state-message--${tone}`}
      role={tone === 'error' ? 'alert' : 'status'}
    >
      <p className="state-message__title">{title}</p>
      {children ? <div className="state-message__body">{children}</div> : null}
      {action ? <div className="state-message__action">{action}</div> : null}
    </div>
  );
}
