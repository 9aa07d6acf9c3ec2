import type { DirectoryUser } from '../../../src-shared/domain/directory';

/**
 * Who a ticket can be assigned to: the technicians and admins this user can see, by name. The
 * current assignee stays in the list even when the directory does not hold them (yet), so the
 * picker always shows the truth.
 */
export function assigneeOptions(
  users: readonly DirectoryUser[],
  ticket: { assigneeId: string | null; assigneeName: string | null },
): { id: string; name: string }[] {
  const staff = users
    .filter((user) => user.role === 'technician' || user.role === 'admin')
    .map((user) => ({ id: user.id, name: user.name }));
  if (ticket.assigneeId && !staff.some((user) => user.id === ticket.assigneeId))
    staff.push({ id: ticket.assigneeId, name: ticket.assigneeName ?? 'Current assignee' });
  return staff.sort((a, b) => a.name.localeCompare(b.name));
}
