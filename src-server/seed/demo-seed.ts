import type { Insertable, Kysely } from 'kysely';
import { priorities, ticketNumberPrefix } from '../../src-shared/domain/ticket.js';
import type { TicketStatus } from '../../src-shared/domain/ticket.js';
import { hashPassword } from '../auth/password.js';
import type {
  Database,
  KbArticlesTable,
  KbSectionsTable,
  MessagesTable,
  TicketSurveysTable,
  TicketsTable,
} from '../db/schema.js';
import { recordChanges, reserveSeqs } from '../sync/clock.js';
import type { RowChange } from '../sync/clock.js';
import { surveyMessage } from '../tickets/apply/survey.js';
import { reserveTicketNumbers } from '../tickets/numbers.js';
import {
  demoOrganisations,
  demoPeople,
  demoSites,
  gateNames,
  ticketTemplates,
} from './demo-catalogue.js';
import { demoKnowledgeBase } from './demo-kb.js';
import { draftThread } from './demo-threads.js';
import type { DraftThread } from './demo-threads.js';
import { createPrng } from './prng.js';
import type { Prng } from './prng.js';
import { recordOrganisationChange } from '../accounts/organisation-changes.js';
import { seedDemoCallbacks } from './demo-callbacks.js';
import { demoUnits } from './demo-units.js';

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
    for (const id of organisationIds.values()) await recordOrganisationChange(trx, id, now);

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
    // Threads draw from their own generator, so the tickets stay the same as threads evolve.
    const threadRng = createPrng(0x7e4d_a11c);
    const technicians = people.filter((p) => p.role === 'technician').map((p) => p.id);
    const threads = new Map<string, DraftThread & { requesterId: string }>(
      tickets.map((ticket) => {
        const customers = people.filter(
          (p) => p.organisationId === ticket.organisationId && p.role !== 'admin',
        );
        const requesterId = threadRng.pick(customers).id;
        const thread = draftThread(threadRng, { ...ticket, requesterId }, technicians, now);
        return [ticket.id, { ...thread, requesterId }];
      }),
    );
    const threadList = [...threads.values()];
    const messageCount = threadList.reduce(
      (sum, t) => sum + t.messages.length + (t.survey ? 1 : 0),
      0,
    );
    const articleCount = demoKnowledgeBase.reduce((sum, s) => sum + s.articles.length, 0);

    let seq = await reserveSeqs(
      trx,
      sites.length +
        sites.length * demoUnits.length +
        people.length +
        tickets.length +
        messageCount +
        demoKnowledgeBase.length +
        articleCount,
    );
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

    // Units draw their ids from their own generator, so tickets and threads stay the same.
    const unitRng = createPrng(0x0417_5eed);
    await trx
      .insertInto('units')
      .values(
        sites.flatMap((site) =>
          demoUnits.map((unit) => {
            const id = unitRng.uuid();
            const version = seq++;
            changes.push({
              table: 'units',
              rowId: id,
              seq: version,
              op: 'upsert',
              organisationId: site.organisationId,
            });
            return {
              id,
              site_id: site.id,
              organisation_id: site.organisationId,
              label: unit.label,
              pti_unit_name: unit.ptiUnitName,
              building: unit.building,
              access_area: unit.accessArea,
              door_alarm_channel: unit.doorAlarmChannel,
              updated_by: null,
              created_at: since,
              updated_at: since,
              version,
            };
          }),
        ),
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
      const thread = threads.get(ticket.id)!;
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
        requester_id: thread.requesterId,
        resolved_at: thread.resolvedAt,
        survey_requested_at: thread.surveyRequestedAt,
        created_at: ticket.createdAt,
        updated_at: ticket.updatedAt,
        version,
      };
    });
    await trx.insertInto('tickets').values(rows).execute();

    // Timelines after every ticket, so a client never receives a message before its ticket.
    const organisationOf = new Map(tickets.map((t) => [t.id, t.organisationId]));
    const messages: Insertable<MessagesTable>[] = [];
    const surveys: Insertable<TicketSurveysTable>[] = [];
    for (const [ticketId, thread] of threads) {
      const entries = thread.messages.map((m) => ({ ...m, createdAt: m.createdAt }));
      if (thread.survey) {
        entries.push({
          id: threadRng.uuid(),
          ticketId,
          kind: 'system',
          authorId: thread.survey.answeredBy,
          body: surveyMessage(thread.survey.rating, thread.survey.comment),
          systemEvent: 'survey',
          createdAt: thread.survey.answeredAt,
        });
        surveys.push({
          ticket_id: ticketId,
          rating: thread.survey.rating,
          comment: thread.survey.comment,
          answered_by: thread.survey.answeredBy,
          answered_at: thread.survey.answeredAt,
        });
      }
      for (const message of entries) {
        const version = seq++;
        changes.push({
          table: 'messages',
          rowId: message.id,
          seq: version,
          op: 'upsert',
          organisationId: organisationOf.get(ticketId)!,
          staffOnly: message.kind === 'internal',
        });
        messages.push({
          id: message.id,
          ticket_id: ticketId,
          kind: message.kind,
          author_id: message.authorId,
          body: message.body,
          quoted_message_id: null,
          attachments: '[]',
          system_event: message.systemEvent,
          created_at: message.createdAt,
          version,
        });
      }
    }
    for (let i = 0; i < messages.length; i += 500) {
      await trx
        .insertInto('messages')
        .values(messages.slice(i, i + 500))
        .execute();
    }
    if (surveys.length > 0) await trx.insertInto('ticket_surveys').values(surveys).execute();

    const kbSince = new Date(now.getTime() - 200 * day);
    const sectionRows: Insertable<KbSectionsTable>[] = [];
    const articleRows: Insertable<KbArticlesTable>[] = [];
    demoKnowledgeBase.forEach((section, position) => {
      const id = threadRng.uuid();
      const version = seq++;
      changes.push({
        table: 'kb_sections',
        rowId: id,
        seq: version,
        op: 'upsert',
        organisationId: null,
      });
      sectionRows.push({
        id,
        slug: section.slug,
        title: section.title,
        description: section.description,
        position,
        created_at: kbSince,
        updated_at: kbSince,
        version,
      });
      for (const article of section.articles) {
        const articleId = threadRng.uuid();
        const articleVersion = seq++;
        changes.push({
          table: 'kb_articles',
          rowId: articleId,
          seq: articleVersion,
          op: 'upsert',
          organisationId: null,
        });
        articleRows.push({
          id: articleId,
          section_id: id,
          slug: article.slug,
          title: article.title,
          summary: article.summary,
          body: article.body,
          view_count: article.views,
          created_at: kbSince,
          updated_at: kbSince,
          version: articleVersion,
        });
      }
    });
    await trx.insertInto('kb_sections').values(sectionRows).execute();
    await trx.insertInto('kb_articles').values(articleRows).execute();

    for (let i = 0; i < changes.length; i += 1000) {
      await recordChanges(trx, changes.slice(i, i + 1000), now);
    }

    const preferred = new Set(
      demoOrganisations
        .filter((o) => o.tier === 'preferred')
        .map((o) => organisationIds.get(o.key)),
    );
    await seedDemoCallbacks(trx, {
      now,
      tickets: tickets
        .filter((t) => t.status === 'SCHEDULED' && preferred.has(t.organisationId))
        .map((t) => ({ ...t, requesterId: threads.get(t.id)!.requesterId })),
      technicians,
      uuid: () => threadRng.uuid(),
    });
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
