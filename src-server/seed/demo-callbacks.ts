import type { Transaction } from 'kysely';
import {
  DEFAULT_BUSINESS_CALENDAR,
  freeSlots,
  localDateOf,
} from '../../src-shared/calendar/index.js';
import { CALLBACK_GRID_MINUTES, gridSlotsOf } from '../../src-shared/domain/callbacks.js';
import type { Database } from '../db/schema.js';
import { recordChanges, reserveSeqs } from '../sync/clock.js';

const day = 24 * 60 * 60 * 1000;

export interface DemoScheduledTicket {
  id: string;
  organisationId: string;
  assigneeId: string | null;
  requesterId: string;
}

/**
 * Booked callbacks for the demo's SCHEDULED tickets of preferred-support organisations: half an
 * hour each on the assignee's calendar over the next working days, never two at once, so the
 * callback calendar has something to show from the first launch.
 */
export async function seedDemoCallbacks(
  trx: Transaction<Database>,
  args: {
    now: Date;
    tickets: readonly DemoScheduledTicket[];
    technicians: readonly string[];
    uuid: () => string;
  },
): Promise<number> {
  const calendar = DEFAULT_BUSINESS_CALENDAR;
  const taken = new Map<string, { start: Date; end: Date }[]>();
  let made = 0;
  for (const [index, ticket] of args.tickets.entries()) {
    const technicianId = ticket.assigneeId ?? args.technicians[index % args.technicians.length];
    if (!technicianId) continue;
    const busy = taken.get(technicianId) ?? [];
    let slot: { startsAt: Date; endsAt: Date } | undefined;
    for (let ahead = 1; !slot && ahead <= 20; ahead++) {
      const slots = freeSlots(calendar, {
        day: localDateOf(calendar.timeZone, new Date(args.now.getTime() + ahead * day)),
        durationMinutes: 30,
        gridMinutes: CALLBACK_GRID_MINUTES,
        busy,
      });
      // mid-morning to mid-afternoon, spread over the day
      slot = slots[(8 + index * 5) % Math.max(1, slots.length)];
    }
    if (!slot) continue;
    busy.push({ start: slot.startsAt, end: slot.endsAt });
    taken.set(technicianId, busy);

    const requester = await trx
      .selectFrom('users')
      .select('timezone')
      .where('id', '=', ticket.requesterId)
      .executeTakeFirst();
    const seq = await reserveSeqs(trx, 1);
    const id = args.uuid();
    await trx
      .insertInto('callbacks')
      .values({
        id,
        ticket_id: ticket.id,
        organisation_id: ticket.organisationId,
        status: 'booked',
        requested_by: ticket.requesterId,
        window_start: new Date(slot.startsAt.getTime() - 60 * 60_000),
        window_end: new Date(slot.endsAt.getTime() + 60 * 60_000),
        customer_time_zone: requester?.timezone ?? calendar.timeZone,
        phone: null,
        note: '',
        technician_id: technicianId,
        starts_at: slot.startsAt,
        duration_minutes: 30,
        booked_by: technicianId,
        completed_at: null,
        outcome_note: null,
        created_at: args.now,
        updated_at: args.now,
        version: seq,
      })
      .execute();
    await trx
      .insertInto('callback_slots')
      .values(
        gridSlotsOf(slot.startsAt, 30).map((ms) => ({
          technician_id: technicianId,
          slot_start: new Date(ms),
          callback_id: id,
        })),
      )
      .execute();
    await recordChanges(
      trx,
      [{ table: 'callbacks', rowId: id, seq, op: 'upsert', organisationId: ticket.organisationId }],
      args.now,
    );
    made++;
  }
  return made;
}
