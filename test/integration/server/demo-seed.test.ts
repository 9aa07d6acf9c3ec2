import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../src-server/db/database.js';
import type { OpenedDatabase } from '../../../src-server/db/database.js';
import { demoSites } from '../../../src-server/seed/demo-catalogue.js';
import { demoTicketCount, seedDemoData } from '../../../src-server/seed/demo-seed.js';
import { DEMO_SITE_CODES } from '../../../src-pti-gateway/demo-data.js';
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
  [a, b] = await Promise.all([openDatabase({}), openDatabase({})]);
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

  it('names the same sites the PTI gateway emulator serves', () => {
    expect(demoSites.map((s) => s.code).sort()).toEqual([...DEMO_SITE_CODES].sort());
  });
});
