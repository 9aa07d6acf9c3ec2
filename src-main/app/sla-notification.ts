import type { SlaWarning } from '../../src-shared/domain/callbacks.js';
import type { NavigationTarget } from '../../src-shared/domain/desktop.js';

/**
 * What the desktop shows for a `notifications.sla` warning: a system notification saying which
 * ticket is about to breach, which opens the ticket when clicked (when it has a number yet).
 */
export function slaNotification(warning: SlaWarning): {
  title: string;
  body: string;
  open: NavigationTarget | null;
} {
  return {
    title: `SLA: ${warning.number ?? 'a pending ticket'} is about to breach`,
    body: `${warning.text}. ${warning.subject}`,
    open: warning.number ? { to: 'ticket', number: warning.number } : null,
  };
}
