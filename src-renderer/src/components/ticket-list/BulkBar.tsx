import * as DropdownMenu from '@radix-ui/react-dropdown-menu';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { priorities } from '../../../../src-shared/domain/ticket';
import { call, errorMessage } from '../../api/client';
import { ticketSummaries, useDirectoryUsers } from '../../api/queries';
import { assigneeOptions } from '../../state/assignees';
import { formatCount } from '../../format/number';
import { priorityLabels, statusLabels } from '../../format/ticket';
import { useViewer } from '../../hooks/use-viewer';
import {
  bulkStatusTargets,
  describeBulkResult,
  planBulkAssign,
  planBulkPriority,
  planBulkStatus,
  type BulkPlan,
  type BulkTicket,
} from '../../state/bulk';
import { useUi } from '../../state/ui';

/**
 * Changes for every ticked ticket: one queued mutation per ticket, like any other change. Tickets
 * a change cannot apply to are left alone, and the result says which and why.
 */
export function BulkBar() {
  const checkedIds = useUi((state) => state.checkedIds);
  const setChecked = useUi((state) => state.setChecked);
  const queryClient = useQueryClient();
  const viewer = useViewer();
  const [result, setResult] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const users = useDirectoryUsers();
  const assignees = assigneeOptions(users.data ?? [], { assigneeId: null, assigneeName: null });

  if (checkedIds.length === 0 && result === null) return null;

  async function apply(
    done: (tickets: string) => string,
    planFor: (tickets: BulkTicket[]) => BulkPlan,
    run: (ticketId: string) => Promise<unknown>,
  ) {
    setBusy(true);
    setResult(null);
    try {
      const tickets = await ticketSummaries(queryClient, checkedIds);
      const plan = planFor(tickets);
      const failed: { number: string | null; message: string }[] = [];
      for (const id of plan.apply) {
        try {
          await run(id);
        } catch (error) {
          const ticket = tickets.find((t) => t.id === id);
          failed.push({ number: ticket?.number ?? null, message: errorMessage(error) });
        }
      }
      setResult(describeBulkResult(done, plan, failed));
    } catch (error) {
      setResult(`Nothing was changed: ${errorMessage(error)}`);
    } finally {
      setBusy(false);
    }
  }

  const actor = viewer.actor ?? 'customer';
  const me = viewer.user?.id ?? null;

  return (
    <div className="bulk-bar" role="toolbar" aria-label="Bulk changes" data-testid="bulk-bar">
      {checkedIds.length > 0 ? (
        <>
          <span className="bulk-bar__count">{formatCount(checkedIds.length)} selected</span>
          <DropdownMenu.Root modal={false}>
            <DropdownMenu.Trigger className="button button--small" disabled={busy}>
              Set status <span aria-hidden="true">▾</span>
            </DropdownMenu.Trigger>
            <DropdownMenu.Portal>
              <DropdownMenu.Content className="menu" align="start" sideOffset={4}>
                {bulkStatusTargets.map((status) => (
                  <DropdownMenu.Item
                    key={status}
                    className="menu__item"
                    onSelect={() =>
                      void apply(
                        (tickets) => `Set ${tickets} to ${statusLabels[status]}`,
                        (tickets) => planBulkStatus(tickets, status, actor),
                        (ticketId) => call('tickets.setStatus', { ticketId, status }),
                      )
                    }
                  >
                    {statusLabels[status]}
                  </DropdownMenu.Item>
                ))}
              </DropdownMenu.Content>
            </DropdownMenu.Portal>
          </DropdownMenu.Root>
          <DropdownMenu.Root modal={false}>
            <DropdownMenu.Trigger className="button button--small" disabled={busy}>
              Set priority <span aria-hidden="true">▾</span>
            </DropdownMenu.Trigger>
            <DropdownMenu.Portal>
              <DropdownMenu.Content className="menu" align="start" sideOffset={4}>
                {priorities.map((priority) => (
                  <DropdownMenu.Item
                    key={priority}
                    className="menu__item"
                    onSelect={() =>
                      void apply(
                        (tickets) => `Set ${tickets} to ${priorityLabels[priority]} priority`,
                        (tickets) => planBulkPriority(tickets, priority, actor),
                        (ticketId) => call('tickets.setPriority', { ticketId, priority }),
                      )
                    }
                  >
                    {priorityLabels[priority]}
                  </DropdownMenu.Item>
                ))}
              </DropdownMenu.Content>
            </DropdownMenu.Portal>
          </DropdownMenu.Root>
          {me ? (
            <button
              type="button"
              className="button button--small"
              disabled={busy}
              onClick={() =>
                void apply(
                  (tickets) => `Assigned ${tickets} to you`,
                  (tickets) => planBulkAssign(tickets, me, actor),
                  (ticketId) => call('tickets.assign', { ticketId, assigneeId: me }),
                )
              }
            >
              Assign to me
            </button>
          ) : null}
          <DropdownMenu.Root modal={false}>
            <DropdownMenu.Trigger className="button button--small" disabled={busy}>
              Assign to <span aria-hidden="true">▾</span>
            </DropdownMenu.Trigger>
            <DropdownMenu.Portal>
              <DropdownMenu.Content className="menu menu--scroll" align="start" sideOffset={4}>
                <DropdownMenu.Item
                  className="menu__item"
                  onSelect={() =>
                    void apply(
                      (tickets) => `Unassigned ${tickets}`,
                      (tickets) => planBulkAssign(tickets, null, actor),
                      (ticketId) => call('tickets.assign', { ticketId, assigneeId: null }),
                    )
                  }
                >
                  Nobody (unassign)
                </DropdownMenu.Item>
                {assignees.map((user) => (
                  <DropdownMenu.Item
                    key={user.id}
                    className="menu__item"
                    onSelect={() =>
                      void apply(
                        (tickets) => `Assigned ${tickets} to ${user.name}`,
                        (tickets) => planBulkAssign(tickets, user.id, actor),
                        (ticketId) => call('tickets.assign', { ticketId, assigneeId: user.id }),
                      )
                    }
                  >
                    {user.name}
                  </DropdownMenu.Item>
                ))}
              </DropdownMenu.Content>
            </DropdownMenu.Portal>
          </DropdownMenu.Root>
          <button
            type="button"
            className="button button--small button--quiet"
            onClick={() => {
              setChecked([]);
              setResult(null);
            }}
          >
            Clear selection
          </button>
        </>
      ) : null}
      <span className="bulk-bar__result" role="status">
        {result}
        {result && checkedIds.length === 0 ? (
          <button
            type="button"
            className="button button--small button--quiet"
            onClick={() => setResult(null)}
            aria-label="Dismiss"
          >
            ✕
          </button>
        ) : null}
      </span>
    </div>
  );
}
