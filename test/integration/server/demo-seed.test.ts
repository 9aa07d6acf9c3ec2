import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../src-server/db/database.js';
import { freshDatabaseUrl } from '../../helpers/server-db.js';
import type { OpenedDatabase } from '../../../src-server/db/database.js';
import { demoSites } from '../../../src-server/seed/demo-catalogue.js';
import { demoTicketCount, seedDemoData } from '../../../src-server/seed/demo-seed.js';
import { demoAccounts } from '../../../src-server/seed/demo-accounts.js';
import { verifyPassword } from '../../../src-server/auth/password.js';
import { buildDemoState, DEMO_SITE_CODES } from '../../../src-pti-gateway/demo-data.js';
import {
  categories,
  priorities,
  productLines,
  ticketStatuses,
} from '../../../src-shared/domain/ticket.js';

const now = new Date('2026-03-02T15:00:00Z');
const day = 24 * 60 * 60 * 1000;
let a: OpenedDatabase;
let b: OpenedDatabase;

beforeAll(async () => {
  [a, b] = await Promise.all([
    openDatabase({ databaseUrl: await freshDatabaseUrl('seed_a') }),
    openDatabase({ databaseUrl: await freshDatabaseUrl('seed_b') }),
  ]);
  await seedDemoData(a.db, now);
  await seedDemoData(b.db, now);
});
afterAll(async () => {
  await Promise.all([a?.db.destroy(), b?.db.destroy()]);
});

const tickets = (opened: OpenedDatabase) =>
  opened.db.selectFrom('tickets').selectAll().orderBy('number').execute();

describe('demo seed', () => {
  it('is the same data every time for the same moment', async () => {
    expect(await tickets(a)).toEqual(await tickets(b));
    const messages = (opened: OpenedDatabase) =>
      opened.db.selectFrom('messages').selectAll().orderBy('id').execute();
    expect(await messages(a)).toEqual(await messages(b));
  });

  it('does nothing on a database that already has data', async () => {
    expect(await seedDemoData(a.db, now)).toBe(false);
    expect(await tickets(a)).toHaveLength(demoTicketCount);
  });

  it('covers every status, priority, category and product line over the past 60 days', async () => {
    const rows = await tickets(a);
    expect(new Set(rows.map((t) => t.status))).toEqual(new Set(ticketStatuses));
    expect(new Set(rows.map((t) => t.priority))).toEqual(new Set(priorities));
    expect(new Set(rows.map((t) => t.category))).toEqual(new Set(categories));
    expect(new Set(rows.map((t) => t.product_line))).toEqual(new Set(productLines));
    for (const row of rows) {
      expect(row.created_at.getTime()).toBeGreaterThanOrEqual(now.getTime() - 60 * day);
      expect(row.updated_at.getTime()).toBeGreaterThanOrEqual(row.created_at.getTime());
      expect(row.updated_at.getTime()).toBeLessThanOrEqual(now.getTime());
      expect(row.number).toMatch(row.product_line.endsWith('hardware') ? /^HW\d{8}$/ : /^SW\d{8}$/);
    }
    expect(rows.some((t) => t.assignee_id !== null)).toBe(true);
    expect(rows.filter((t) => t.status === 'NEW').every((t) => t.assignee_id === null)).toBe(true);
  });

  it('lets exactly the demo accounts sign in, one of each role, the admin included', async () => {
    const rows = await a.db
      .selectFrom('users')
      .select(['email', 'role', 'password_hash'])
      .where('password_hash', 'is not', null)
      .orderBy('email')
      .execute();
    const expected = [
      [demoAccounts.technician, 'technician'],
      [demoAccounts.siteManager, 'site_manager'],
      [demoAccounts.installer, 'installer'],
      [demoAccounts.admin, 'admin'],
    ] as const;
    expect(rows.map((r) => [r.email, r.role]).sort()).toEqual(
      expected.map(([account, role]) => [account.email, role]).sort(),
    );
    for (const [account] of expected) {
      const row = rows.find((r) => r.email === account.email);
      expect(await verifyPassword(account.password, row!.password_hash!)).toBe(true);
    }
  });

  it('numbers tickets in the order they were raised', async () => {
    const rows = await a.db
      .selectFrom('tickets')
      .select(['number', 'created_at'])
      .where('number', 'like', 'SW%')
      .orderBy('number')
      .execute();
    const times = rows.map((r) => r.created_at.getTime());
    expect(times).toEqual([...times].sort((x, y) => x - y));
  });

  it('gives tickets threads that follow their status: replies, internal notes and system events', async () => {
    const rows = await tickets(a);
    const messages = await a.db.selectFrom('messages').selectAll().execute();
    const byTicket = new Map<string, typeof messages>();
    for (const m of messages) byTicket.set(m.ticket_id, [...(byTicket.get(m.ticket_id) ?? []), m]);
    expect(new Set(messages.map((m) => m.kind))).toEqual(new Set(['public', 'internal', 'system']));
    for (const ticket of rows) {
      const thread = (byTicket.get(ticket.id) ?? []).sort(
        (x, y) => Number(x.version) - Number(y.version),
      );
      const statusEvents = thread.filter((m) => m.system_event === 'status');
      if (ticket.status === 'NEW') {
        expect(statusEvents).toEqual([]);
      } else {
        // The last status event names the ticket's status.
        expect(statusEvents.at(-1)?.body, ticket.number).toMatch(
          new RegExp(`to ${ticket.status}\\b`),
        );
      }
      for (const message of thread) {
        expect(message.created_at.getTime()).toBeGreaterThanOrEqual(ticket.created_at.getTime());
        expect(message.created_at.getTime()).toBeLessThanOrEqual(now.getTime());
      }
      const resolved = ticket.status === 'RESOLVED' || ticket.status === 'CLOSED';
      expect(ticket.resolved_at !== null, ticket.number).toBe(resolved);
      expect(ticket.survey_requested_at !== null, ticket.number).toBe(ticket.status === 'CLOSED');
      expect(ticket.requester_id).not.toBeNull();
    }
    // Resolved tickets are still inside the reopen window; older ones have closed.
    for (const ticket of rows.filter((t) => t.status === 'RESOLVED')) {
      expect(now.getTime() - ticket.resolved_at!.getTime()).toBeLessThanOrEqual(7 * day);
    }
    const surveys = await a.db.selectFrom('ticket_surveys').selectAll().execute();
    expect(surveys.length).toBeGreaterThan(10);
    const closed = new Set(rows.filter((t) => t.status === 'CLOSED').map((t) => t.id));
    expect(surveys.every((s) => closed.has(s.ticket_id))).toBe(true);
    expect(new Set(surveys.map((s) => s.rating)).size).toBe(3);
  });

  it("fills the knowledge base with the sections of PTI's portal", async () => {
    const sections = await a.db.selectFrom('kb_sections').select('title').execute();
    const articles = await a.db.selectFrom('kb_articles').select('section_id').execute();
    expect(sections.map((s) => s.title)).toContain('How to Use the Customer Portal');
    expect(sections.length).toBeGreaterThanOrEqual(15);
    expect(articles.length).toBeGreaterThanOrEqual(2 * sections.length);
  });

  it('names the same sites the PTI gateway emulator serves', () => {
    expect(demoSites.map((s) => s.code).sort()).toEqual([...DEMO_SITE_CODES].sort());
  });

  it('seeds units at every site, mapped to names the emulator knows or waiting to be mapped', async () => {
    const gateway = new Map(buildDemoState().sites.map((site) => [site.code, site]));
    const rows = await a.db
      .selectFrom('units')
      .innerJoin('sites', 'sites.id', 'units.site_id')
      .select(['sites.code', 'units.label', 'units.pti_unit_name', 'units.door_alarm_channel'])
      .execute();
    for (const code of DEMO_SITE_CODES) {
      const atSite = rows.filter((row) => row.code === code);
      const known = new Map(gateway.get(code)!.units.map((unit) => [unit.name, unit]));
      const mapped = atSite.filter((row) => row.pti_unit_name !== null);
      const unmapped = atSite.filter((row) => row.pti_unit_name === null);
      expect(mapped.length).toBeGreaterThan(0);
      expect(unmapped.length).toBeGreaterThan(0);
      for (const row of mapped) {
        // the same unit at the gateway, on the same door alarm channel
        expect(known.get(row.pti_unit_name!)?.alarmChannel).toBe(row.door_alarm_channel);
      }
      // some unmapped units carry a gateway name as their label: "match by name" finds them
      expect(unmapped.some((row) => known.has(row.label))).toBe(true);
      // and some of the mapped ones are rented at the gateway
      expect(mapped.some((row) => known.get(row.pti_unit_name!)!.userId !== null)).toBe(true);
    }
  });
});
