import { describe, expect, it } from 'vitest';
import type { PlannedOp } from '../../../src-main/core/pti/operations.js';
import {
  planAction,
  type PlanContext,
  type PtiAction,
} from '../../../src-main/core/pti/plan-actions.js';
import { foldOperations, type SiteView } from '../../../src-main/core/pti/site-view.js';

// What the client shows while operations wait for the gateway: the gateway copy with each queued
// operation's effect laid over it, in order. And the checks that refuse a request before it queues.

function copy(): SiteView {
  const unit = (name: string, customerRef: string | null, overlocked = false) =>
    [name, { name, building: 'A', alarmChannel: 1, customerRef, overlocked, known: true }] as const;
  return {
    defaults: { accessLevel: 1, zone: null },
    units: new Map([
      unit('A101', 'ana'),
      unit('A102', null),
      unit('A103', null),
      unit('B201', 'ben', true),
    ]),
    customers: new Map([
      [
        'ana',
        {
          customerRef: 'ana',
          userId: 'U1',
          customerName: 'Ana',
          accessCode: '482913',
          accessLevel: null,
          zone: null,
        },
      ],
      [
        'ben',
        {
          customerRef: 'ben',
          userId: 'U2',
          customerName: 'Ben',
          accessCode: '551200',
          accessLevel: 2,
          zone: null,
        },
      ],
    ]),
  };
}

const ctx = (
  view = copy(),
  access: PlanContext['access'] = { accessLevels: [1, 2], schedules: [1, 3] },
): PlanContext => ({
  siteCode: 'S1',
  view,
  access,
  overdue: () => false,
});

function plan(action: PtiAction, context = ctx()): PlannedOp[] {
  const result = planAction(context, action);
  if (!result.ok) throw new Error(result.message);
  return result.ops;
}

const refusal = (action: PtiAction, context = ctx()) => {
  const result = planAction(context, action);
  if (result.ok) throw new Error(`expected a refusal of ${action.kind}`);
  return result;
};

describe('optimistic effects of queued PTI operations', () => {
  it('shows a new customer on every unit of a move-in, sharing one code PTI will assign', () => {
    const ops = plan({
      kind: 'moveIn',
      units: ['A102', 'A103'],
      customerRef: 'cara',
      customerName: 'Cara',
    });
    const view = foldOperations(copy(), ops);
    expect(view.units.get('A102')!.customerRef).toBe('cara');
    expect(view.units.get('A103')!.customerRef).toBe('cara');
    expect(view.customers.get('cara')).toEqual({
      customerRef: 'cara',
      userId: null,
      customerName: 'Cara',
      accessCode: null,
      accessLevel: null,
      zone: null,
    });
    // Both operations send the same request: no code, so the gateway gives both units one code.
    expect(ops.map((o) => o.request)).toEqual([
      { customerRef: 'cara', customerName: 'Cara' },
      { customerRef: 'cara', customerName: 'Cara' },
    ]);
  });

  it('keeps a known customer’s code on their new unit without sending it', () => {
    const ops = plan({ kind: 'moveIn', units: ['A102'], customerRef: 'ana' });
    expect(ops[0]!.request).toEqual({ customerRef: 'ana' });
    expect(ops[0]!.args).toMatchObject({ customerName: 'Ana', codeChosen: false });
    const view = foldOperations(copy(), ops);
    expect(view.customers.get('ana')!.accessCode).toBe('482913');
  });

  it('lays operations over each other in order and leaves the copy untouched', () => {
    const base = copy();
    const moveIn = plan(
      { kind: 'moveIn', units: ['A102'], customerRef: 'cara', customerName: 'Cara' },
      ctx(base),
    );
    const afterMoveIn = foldOperations(base, moveIn);
    const lock = plan({ kind: 'overlock', unit: 'A102' }, ctx(afterMoveIn));
    const regenerate = plan({ kind: 'regenerateCode', unit: 'A101' }, ctx(afterMoveIn));
    const moveOut = plan({ kind: 'moveOut', unit: 'B201' }, ctx(afterMoveIn));
    const view = foldOperations(base, [...moveIn, ...lock, ...regenerate, ...moveOut]);
    expect(view.units.get('A102')).toMatchObject({ customerRef: 'cara', overlocked: true });
    expect(view.customers.get('ana')!.accessCode).toBeNull();
    // Ben's last unit went: his user and code go with it, and the unit is unlocked.
    expect(view.units.get('B201')).toMatchObject({ customerRef: null, overlocked: false });
    expect(view.customers.has('ben')).toBe(false);
    expect(base.units.get('A102')!.customerRef).toBeNull();
    expect(base.customers.get('ana')!.accessCode).toBe('482913');
  });

  it('changes nothing where the gateway would refuse the operation', () => {
    const stale: PlannedOp[] = [
      // rented to someone else meanwhile
      {
        name: 'pti.moveIn',
        args: {
          siteCode: 'S1',
          unit: 'A101',
          customerRef: 'cara',
          customerName: 'Cara',
          codeChosen: false,
        },
        request: { customerRef: 'cara', customerName: 'Cara' },
      },
      // unlock of a unit that is not locked (PTI −22)
      {
        name: 'pti.unlock',
        args: { siteCode: 'S1', unit: 'A101', customerRef: 'ana', reason: 'manual' },
        request: {},
      },
      // a code another customer has (PTI −7)
      {
        name: 'pti.regenerateCode',
        args: { siteCode: 'S1', unit: 'A101', customerRef: 'ana', codeChosen: true },
        request: { accessCode: '551200' },
      },
      // a lock of a vacant unit (PTI −8)
      {
        name: 'pti.lock',
        args: { siteCode: 'S1', unit: 'A102', customerRef: 'ana', reason: 'manual' },
        request: {},
      },
    ];
    expect(foldOperations(copy(), stale)).toEqual(copy());
  });

  it('takes a full resync as the whole new state', () => {
    const view = foldOperations(copy(), plan({ kind: 'resyncSite' }));
    expect(view).toEqual(copy());
    const ops = plan({ kind: 'resyncSite' });
    expect(ops[0]!.request).toEqual({
      defaults: { accessLevel: 1, zone: null },
      tenants: [
        {
          customerRef: 'ana',
          customerName: 'Ana',
          accessCode: '482913',
          accessLevel: null,
          zone: null,
          units: [{ name: 'A101', overlocked: false }],
        },
        {
          customerRef: 'ben',
          customerName: 'Ben',
          accessCode: '551200',
          accessLevel: 2,
          zone: null,
          units: [{ name: 'B201', overlocked: true }],
        },
      ],
    });
    expect(ops[0]!.args).toEqual({ siteCode: 'S1', tenants: 2, units: 2 });
  });

  it('keeps codes out of the operation descriptions that lists show', () => {
    const ops = [
      ...plan({
        kind: 'moveIn',
        units: ['A102'],
        customerRef: 'cara',
        customerName: 'Cara',
        accessCode: '777123',
      }),
      ...plan({ kind: 'regenerateCode', unit: 'A101', accessCode: '909090' }),
      ...plan({ kind: 'resyncRental', unit: 'A101' }),
      ...plan({ kind: 'resyncSite' }),
    ];
    const shown = JSON.stringify(ops.map((o) => o.args));
    for (const code of ['777123', '909090', '482913', '551200']) expect(shown).not.toContain(code);
  });
});

describe('checks before an operation queues', () => {
  it('refuses in PTI’s words what PTI would refuse', () => {
    expect(
      refusal({ kind: 'moveIn', units: ['A101'], customerRef: 'cara', customerName: 'Cara' })
        .message,
    ).toBe('Unit A101 is rented to Ana. Move them out first.');
    expect(refusal({ kind: 'unlock', unit: 'A101' }).message).toBe(
      'Unit A101: This unit is not locked, so there is nothing to unlock.',
    );
    expect(refusal({ kind: 'overlock', unit: 'A102' }).message).toBe(
      'Unit A102: This unit has no tenant in PTI.',
    );
    expect(
      refusal({ kind: 'moveIn', units: ['Z9'], customerRef: 'cara', customerName: 'Cara' }),
    ).toMatchObject({
      code: 'not_found',
      message: 'Unit Z9: PTI does not know this unit. Check the unit’s PTI unit name.',
    });
    expect(refusal({ kind: 'setAccessLevel', unit: 'A101', accessLevel: 9 }).message).toContain(
      'This access level is not set up at the site',
    );
    expect(refusal({ kind: 'setZone', unit: 'A101', zone: 2 }).message).toContain(
      'This zone (time schedule) is not set up',
    );
    expect(
      refusal({ kind: 'regenerateCode', unit: 'A101', accessCode: '551200' }).message,
    ).toContain('Another user at this site already has this access code');
    expect(
      refusal({ kind: 'moveIn', units: ['A102'], customerRef: 'ana', accessCode: '111111' })
        .message,
    ).toContain('already has a different access code');
    expect(refusal({ kind: 'moveIn', units: ['A102'], customerRef: 'new' })).toMatchObject({
      code: 'invalid_input',
    });
  });

  it('lets anything through that it cannot check before the site was ever pulled', () => {
    const empty: SiteView = {
      defaults: { accessLevel: null, zone: null },
      units: new Map(),
      customers: new Map(),
    };
    const ops = plan(
      { kind: 'moveIn', units: ['X1'], customerRef: 'c', customerName: 'C', accessLevel: 9 },
      ctx(empty, null),
    );
    expect(ops).toHaveLength(1);
    expect(foldOperations(empty, ops).units.get('X1')).toMatchObject({
      customerRef: 'c',
      known: false,
    });
  });

  it('overlocks an overdue rental and unlocks it after payment, once', () => {
    const overdue = new Set<string>();
    const context = { ...ctx(), overdue: (unit: string) => overdue.has(unit) };
    const lock = planAction(context, { kind: 'setOverdue', unit: 'A101', overdue: true });
    expect(lock).toMatchObject({ ok: true, overdue: [{ unit: 'A101', overdue: true }] });
    if (!lock.ok) return;
    expect(lock.ops.map((o) => [o.name, (o.args as { reason: string }).reason])).toEqual([
      ['pti.lock', 'overdue'],
    ]);
    overdue.add('A101');
    expect(planAction(context, { kind: 'setOverdue', unit: 'A101', overdue: true })).toMatchObject({
      ok: true,
      ops: [],
    });

    const locked = {
      ...ctx(foldOperations(copy(), lock.ops)),
      overdue: (unit: string) => overdue.has(unit),
    };
    const paid = planAction(locked, { kind: 'setOverdue', unit: 'A101', overdue: false });
    if (!paid.ok) throw new Error(paid.message);
    expect(paid.ops.map((o) => [o.name, (o.args as { reason: string }).reason])).toEqual([
      ['pti.unlock', 'payment'],
    ]);
  });

  it('will not resync a tenant whose code PTI has not assigned yet', () => {
    const view = foldOperations(copy(), plan({ kind: 'regenerateCode', unit: 'A101' }));
    expect(refusal({ kind: 'resyncRental', unit: 'A101' }, ctx(view)).message).toContain(
      'not known yet',
    );
    expect(refusal({ kind: 'resyncSite' }, ctx(view)).message).toContain('not known yet');
  });
});
