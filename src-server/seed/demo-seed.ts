import type { Insertable, Kysely } from 'kysely';
import { priorities, ticketNumberPrefix } from '../../src-shared/domain/ticket.js';
import type { TicketStatus } from '../../src-shared/domain/ticket.js';
import { hashPassword } from '../auth/password.js';
import type { Database, TicketsTable } from '../db/schema.js';
import { recordChanges, reserveSeqs } from '../sync/clock.js';
import type { RowChange } from '../sync/clock.js';
import { reserveTicketNumbers } from '../tickets/numbers.js';
import {
  demoOrganisations,
  demoPeople,
  demoSites,
  gateNames,
  ticketTemplates,
} from './demo-catalogue.js';
import { createPrng } from './prng.js';
import type { Prng } from './prng.js';

export const demoTicketCount = 300;
const historyDays = 60;
const day = 24 * 60 * 60 * 1000;
const reopenWindow = 7 * day;

/**
 * Fills an empty database with the demo: organisations, sites, staff and customers, and a queue
 * of tickets spread over the past 60 days. The same `now` gives the same data. Does nothing and
 * returns false when the database already holds data, so restarting never duplicates it.
 */
export async function seedDemoData(db: Kysely<Database>, now: Date): Promise<boolean> {
  if (await holdsData(db)) return false;
  const rng = createPrng(0x6a7e_d35c);
  // Hashing is slow by design; do it before taking the clock lock.
  const passwordHashes = new Map(
    await Promise.all(
      demoPeople.flatMap((person) =>
        person.password === null
          ? []
          : [hashPassword(person.password).then((hash) => [person.email, hash] as const)],
      ),
    ),
  );

  return db.transaction().execute(async (trx) => {
    // Checked again inside the transaction: another process may have seeded meanwhile.
    if (await holdsData(trx)) return false;

    const organisationIds = new Map(demoOrganisations.map((o) => [o.key, rng.uuid()]));
    await trx
      .insertInto('organisations')
      .values(
        demoOrganisations.map((o) => ({
          id: organisationIds.get(o.key)!,
          name: o.name,
          address: o.address,
          phone: o.phone,
          support_tier: o.tier,
          tier_expires_at:
            o.tier === 'preferred' ? new Date(now.getTime() + rng.int(60, 330) * day) : null,
          created_at: new Date(now.getTime() - 400 * day),
          updated_at: new Date(now.getTime() - 400 * day),
        })),
      )
      .execute();

    const sites = demoSites.map((site) => ({
      ...site,
      id: rng.uuid(),
      organisationId: organisationIds.get(site.organisation)!,
    }));
    const people = demoPeople.map((person) => ({
      ...person,
      id: rng.uuid(),
      organisationId:
        person.organisation === null ? null : organisationIds.get(person.organisation)!,
    }));
    const tickets = draftTickets(rng, now, sites, people);

    let seq = await reserveSeqs(trx, sites.length + people.length + tickets.length);
    const changes: RowChange[] = [];
    const since = new Date(now.getTime() - 400 * day);

    await trx
      .insertInto('sites')
      .values(
        sites.map((site) => {
          const version = seq++;
          changes.push({
            table: 'sites',
            rowId: site.id,
            seq: version,
            op: 'upsert',
            organisationId: site.organisationId,
          });
          return {
            id: site.id,
            organisation_id: site.organisationId,
            code: site.code,
            name: site.name,
            timezone: site.timezone,
            created_at: since,
            updated_at: since,
            version,
          };
        }),
      )
      .execute();

    await trx
      .insertInto('users')
      .values(
        people.map((person) => {
          const version = seq++;
          changes.push({
            table: 'users',
            rowId: person.id,
            seq: version,
            op: 'upsert',
            organisationId: person.organisationId,
          });
          return {
            id: person.id,
            name: person.name,
            email: person.email,
            role: person.role,
            organisation_id: person.organisationId,
            timezone: person.timezone,
            password_hash: passwordHashes.get(person.email) ?? null,
            created_at: since,
            updated_at: since,
            version,
          };
        }),
      )
      .execute();

    // Numbers follow creation order, as they would have been handed out live.
    const numbers = {
      HW: await reserveTicketNumbers(
        trx,
        'HW',
        tickets.filter((t) => ticketNumberPrefix(t.productLine) === 'HW').length,
      ),
      SW: await reserveTicketNumbers(
        trx,
        'SW',
        tickets.filter((t) => ticketNumberPrefix(t.productLine) === 'SW').length,
      ),
    };
    const rows: Insertable<TicketsTable>[] = tickets.map((ticket) => {
      const version = seq++;
      changes.push({
        table: 'tickets',
        rowId: ticket.id,
        seq: version,
        op: 'upsert',
        organisationId: ticket.organisationId,
      });
      return {
        id: ticket.id,
        number: numbers[ticketNumberPrefix(ticket.productLine)].shift()!,
        subject: ticket.subject,
        description: ticket.description,
        status: ticket.status,
        priority: ticket.priority,
        category: ticket.category,
        product_line: ticket.productLine,
        help_topic: ticket.helpTopic,
        organisation_id: ticket.organisationId,
        site_id: ticket.siteId,
        unit_id: null,
        internal_reference: ticket.internalReference,
        assignee_id: ticket.assigneeId,
        created_at: ticket.createdAt,
        updated_at: ticket.updatedAt,
        version,
      };
    });
    await trx.insertInto('tickets').values(rows).execute();
    await recordChanges(trx, changes);
    return true;
  });
}

async function holdsData(db: Kysely<Database>): Promise<boolean> {
  const organisation = await db
    .selectFrom('organisations')
    .select('id')
    .limit(1)
    .executeTakeFirst();
  const user = await db.selectFrom('users').select('id').limit(1).executeTakeFirst();
  return organisation !== undefined || user !== undefined;
}

interface SeededSite {
  id: string;
  organisationId: string;
  name: string;
}
interface SeededPerson {
  id: string;
  role: string;
  organisationId: string | null;
  workload?: number;
}

function draftTickets(
  rng: Prng,
  now: Date,
  sites: readonly SeededSite[],
  people: readonly SeededPerson[],
) {
  const technicians = people.filter((p) => p.role === 'technician');
  const assignees = technicians.map((t) => [t.id, t.workload ?? 1] as const);

  const drafts = Array.from({ length: demoTicketCount }, () => {
    const template = rng.pick(ticketTemplates);
    const site = rng.pick(sites);
    const createdAt = createdWithinHistory(rng, now);
    const ageDays = (now.getTime() - createdAt.getTime()) / day;
    const status = statusForAge(rng, ageDays);
    const priority = rng.weighted(priorities.map((p, i) => [p, template.urgency[i]!] as const));
    return {
      id: rng.uuid(),
      subject: template.subject,
      description: fillIn(rng, template.description, site.name),
      status,
      priority,
      category: template.category,
      productLine: template.productLine,
      helpTopic: template.helpTopic,
      organisationId: site.organisationId,
      // Billing and licence questions are often about the account rather than one site.
      siteId: template.category === 'technical' || rng.chance(0.5) ? site.id : null,
      internalReference: rng.chance(0.2)
        ? rng.pick(['WO-', 'PO ', 'REF-']) + rng.int(1000, 99999)
        : null,
      assigneeId: status === 'NEW' || rng.chance(0.08) ? null : rng.weighted(assignees),
      createdAt,
      updatedAt: updatedAfter(rng, now, createdAt, status),
    };
  });
  return drafts.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
}

/** Mostly during US business hours, like real support traffic. */
function createdWithinHistory(rng: Prng, now: Date): Date {
  const startOfToday = Math.floor(now.getTime() / day) * day;
  const daysAgo = rng.int(0, historyDays - 1);
  const minuteOfBusinessDay = rng.int(12 * 60, 24 * 60 - 1);
  const at = startOfToday - daysAgo * day + minuteOfBusinessDay * 60_000;
  return at < now.getTime() - 10 * 60_000
    ? new Date(at)
    : new Date(now.getTime() - rng.int(10, 600) * 60_000);
}

/** Older tickets have moved further through the workflow. */
function statusForAge(rng: Prng, ageDays: number): TicketStatus {
  if (ageDays < 2) {
    return rng.weighted([
      ['NEW', 45],
      ['OPEN', 35],
      ['ANSWERED', 15],
      ['SCHEDULED', 5],
    ] as const);
  }
  if (ageDays < 7) {
    return rng.weighted([
      ['NEW', 8],
      ['OPEN', 27],
      ['ANSWERED', 30],
      ['SCHEDULED', 15],
      ['RESOLVED', 20],
    ] as const);
  }
  if (ageDays < 14) {
    return rng.weighted([
      ['OPEN', 10],
      ['ANSWERED', 15],
      ['SCHEDULED', 5],
      ['RESOLVED', 40],
      ['CLOSED', 30],
    ] as const);
  }
  return rng.weighted([
    ['OPEN', 3],
    ['ANSWERED', 5],
    ['RESOLVED', 12],
    ['CLOSED', 80],
  ] as const);
}

function updatedAfter(rng: Prng, now: Date, createdAt: Date, status: TicketStatus): Date {
  if (status === 'NEW') return createdAt;
  // A ticket resolved longer ago than the reopen window would already have closed.
  const from =
    status === 'RESOLVED'
      ? Math.max(createdAt.getTime(), now.getTime() - reopenWindow)
      : createdAt.getTime();
  return new Date(from + rng.next() * (now.getTime() - from));
}

function fillIn(rng: Prng, text: string, siteName: string): string {
  const unit = `${rng.pick(['A', 'B', 'C', 'D'])}${rng.int(1, 3)}${String(rng.int(1, 40)).padStart(2, '0')}`;
  return text
    .replaceAll('{site}', siteName)
    .replaceAll('{unit}', unit)
    .replaceAll('{gate}', rng.pick(gateNames))
    .replaceAll('{code}', String(rng.int(1000, 999999)))
    .replaceAll('{days}', String(rng.int(2, 30)));
}
