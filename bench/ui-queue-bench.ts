import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { appDatabaseFile, profileDatabaseFile } from '../src-main/core/paths.js';
import { ProfileRegistry } from '../src-main/core/profiles.js';
import { createKeyFileBox } from '../src-main/core/secrets/key-file-box.js';
import { createInlineStore } from '../src-main/core/store/inline-store.js';
import { refreshSla } from '../src-main/core/store/queries/ticket-sla.js';
import type { Dataset, DatasetSize } from './dataset.js';
import { figure, type Figure, type Target } from './figures.js';
import { summarise, wallClock } from './stats.js';
import { launchChromium, startWebHost } from './ui-browser.js';

/**
 * The queue in Chromium through the web host, over a profile holding the dataset's tickets
 * (100,000 at the bar): how long the app takes to show its first rows, how smooth the virtual
 * list scrolls under the mouse wheel (frame times from requestAnimationFrame, and long tasks),
 * how long the rows under the viewport take to fill in after the wheel stops, and how long a
 * sort change takes to reach the screen. The profile is offline (its server is unreachable):
 * the queue reads only the local store, so the network plays no part in what is measured.
 */

export interface UiQueuePlan {
  /** Opening the app, each from a fresh page. */
  loads: number;
  /** Wheel steps in the scroll run, and the pixels of each. */
  wheelSteps: number;
  wheelDelta: number;
  /** Sort changes: header clicks cycling through these columns. */
  sorts: number;
}

export const uiQueuePlans: Record<DatasetSize, UiQueuePlan> = {
  small: { loads: 1, wheelSteps: 40, wheelDelta: 240, sorts: 2 },
  bar: { loads: 5, wheelSteps: 200, wheelDelta: 240, sorts: 12 },
  huge: { loads: 5, wheelSteps: 200, wheelDelta: 240, sorts: 12 },
};

/** Smooth: no more than one frame in twenty takes longer than two frames at 60 Hz. */
export const smoothFrames: Target = { op: '<=', value: 33, text: '≤ 33 ms p95 (smooth)' };

export const uiQueueSpecs = (tickets: number) => {
  const at = `${tickets.toLocaleString('en')} tickets`;
  const spec = (id: string, label: string, unit: string, stat: string, target?: Target) => ({
    id,
    group: 'client' as const,
    label,
    unit,
    stat,
    ...(target ? { target } : {}),
  });
  return [
    spec('ui.queue.first-rows', `Queue: app opened to first rows on screen, ${at}`, 'ms', 'p50'),
    spec(
      'ui.queue.scroll.frame',
      `Queue: frame time while wheel-scrolling, ${at}`,
      'ms',
      'p95',
      smoothFrames,
    ),
    spec(
      'ui.queue.scroll.frame-max',
      `Queue: longest frame while wheel-scrolling, ${at}`,
      'ms',
      'max',
    ),
    spec(
      'ui.queue.scroll.long-tasks',
      `Queue: long tasks (> 50 ms) while wheel-scrolling, ${at}`,
      'ms',
      'total',
    ),
    spec(
      'ui.queue.scroll.settle',
      `Queue: wheel stopped to rows on screen filled in, ${at}`,
      'ms',
      'p95',
    ),
    spec(
      'ui.queue.sort',
      `Queue: header clicked to rows shown in the new order, ${at}`,
      'ms',
      'p95',
    ),
  ];
};

/**
 * Each column twice (its natural direction, then reversed): every click is an order not seen
 * before, so no answer comes from the cache. The default order (Updated) is left out for that.
 */
const sortColumns = ['Priority', 'Subject', 'Site', 'SLA', 'Created', 'Number'];
const sortColumnAt = (i: number) => sortColumns[Math.floor(i / 2) % sortColumns.length]!;

export async function measureUiQueue(options: {
  root: string;
  tempDir: string;
  dataset: Dataset;
  plan: UiQueuePlan;
  log?: (line: string) => void;
}): Promise<{ figures: Figure[]; checks: Record<string, number> }> {
  const log = options.log ?? (() => {});
  const { plan, dataset } = options;
  const dataDir = join(options.tempDir, 'ui-queue');
  const seeded = wallClock();
  const { tickets, slaSeconds } = await seedOfflineProfile(dataDir, dataset);
  const seedSeconds = (wallClock() - seeded) / 1000;
  log(
    `  ${tickets.toLocaleString('en')} tickets in a profile database in ${seedSeconds.toFixed(1)} s (SLA columns: ${slaSeconds.toFixed(1)} s)`,
  );

  const host = await startWebHost(options.root, {
    GATEDESK_DATA_DIR: dataDir,
    GATEDESK_NO_DEMO: '1',
  });
  const browser = await launchChromium().catch(async (error: unknown) => {
    await host.stop();
    throw error;
  });
  try {
    const context = await browser.newContext({
      viewport: { width: 1366, height: 768 },
      reducedMotion: 'reduce',
    });
    const page = await context.newPage();

    log('  first rows…');
    const loads: number[] = [];
    for (let i = 0; i < plan.loads + 1; i++) {
      const started = wallClock();
      await page.goto(i === 0 ? host.launchUrl : new URL(host.launchUrl).origin + '/');
      await page.getByTestId('ticket-row').first().waitFor({ timeout: 120_000 });
      if (i > 0) loads.push(wallClock() - started); // the first fills the browser's caches
    }
    const shown = await totalShown(page);
    if (shown !== tickets)
      throw new Error(`the queue says ${shown} tickets, the profile holds ${tickets}`);

    log(`  scrolling: ${plan.wheelSteps} wheel steps…`);
    const scroll = await measureScroll(page, plan);

    log(`  ${plan.sorts} sort changes…`);
    const sorts: number[] = [];
    for (let i = 0; i < plan.sorts; i++) sorts.push(await timeSortChange(page, sortColumnAt(i)));

    const [firstRows, frame, frameMax, longTasks, settle, sort] = uiQueueSpecs(tickets);
    const frames = summarise(scroll.frames);
    const loadSummary = summarise(loads);
    const settleSummary = summarise(scroll.settles);
    const sortSummary = summarise(sorts);
    return {
      figures: [
        figure({ ...firstRows!, value: loadSummary.p50, summary: loadSummary }),
        figure({ ...frame!, value: frames.p95, summary: frames }),
        figure({
          ...frameMax!,
          value: frames.max,
          notes: `${scroll.frames.length} frames`,
        }),
        figure({
          ...longTasks!,
          value: scroll.longTaskMs,
          notes: `${scroll.longTasks} long tasks`,
        }),
        figure({ ...settle!, value: settleSummary.p95, summary: settleSummary }),
        figure({ ...sort!, value: sortSummary.p95, summary: sortSummary }),
      ],
      checks: {
        'ui.queue.tickets': tickets,
        'ui.queue.seedSeconds': seedSeconds,
        'ui.queue.scrolledRows': scroll.scrolledRows,
      },
    };
  } finally {
    await browser.close().catch(() => {});
    await host.stop();
  }
}

/**
 * A data folder whose active profile holds the dataset's tickets, signed in as one of its
 * technicians, its server unreachable: written straight into the profile's database (with the
 * SLA columns computed as the client does), which takes seconds where a sync would take minutes.
 */
export async function seedOfflineProfile(
  dataDir: string,
  dataset: Dataset,
): Promise<{ tickets: number; slaSeconds: number }> {
  mkdirSync(dataDir, { recursive: true });
  const store = createInlineStore();
  let file: string;
  try {
    const appDb = await store.open(appDatabaseFile(dataDir), 'app');
    const registry = new ProfileRegistry(
      appDb,
      dataDir,
      createKeyFileBox(join(dataDir, 'secret.key')),
    );
    const profile = await registry.add({
      name: 'Queue benchmark',
      // nothing listens on the discard port: the profile works offline
      serverUrl: 'http://127.0.0.1:9',
      account: 'bench-technician@bench.test',
    });
    await registry.setActive(profile.id);
    await registry.storeTokens(profile.id, { access: 'offline', refresh: 'offline' });
    file = profileDatabaseFile(dataDir, profile.id);
    await store.open(file, 'profile');
  } finally {
    await store.close();
  }

  const db = new Database(file);
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    const technician = dataset.users.find((u) => u.id === dataset.technicianIds[0])!;
    db.prepare("INSERT INTO sync_meta (key, value) VALUES ('session_user', ?)").run(
      JSON.stringify({
        id: technician.id,
        name: technician.name,
        email: technician.email,
        role: technician.role,
        organisationId: technician.organisationId,
      }),
    );
    const organisation = db.prepare(
      'INSERT INTO organisations (id, name, support_tier, tier_expires_at, version) VALUES (?, ?, ?, NULL, ?)',
    );
    const site = db.prepare(
      'INSERT INTO sites (id, organisation_id, code, name, timezone, version) VALUES (?, ?, ?, ?, ?, ?)',
    );
    const user = db.prepare(
      'INSERT INTO users (id, name, email, role, organisation_id, version) VALUES (?, ?, ?, ?, ?, ?)',
    );
    const ticket = db.prepare(
      `INSERT INTO tickets (id, number, subject, description, status, priority, category,
         product_line, help_topic, organisation_id, site_id, unit_id, internal_reference,
         assignee_id, resolved_at, follow_up_of_id, created_at, updated_at, version, status_history)
       VALUES (@id, @number, @subject, @description, @status, @priority, @category, @productLine,
         @helpTopic, @organisationId, @siteId, @unitId, @internalReference, @assigneeId,
         @resolvedAt, @followUpOfId, @createdAt, @updatedAt, @version, @history)`,
    );
    db.transaction(() => {
      for (const o of dataset.organisations) organisation.run(o.id, o.name, o.tier, o.version);
      for (const s of dataset.sites)
        site.run(s.id, s.organisationId, s.code, s.name, s.timezone, s.version);
      for (const u of dataset.users)
        user.run(u.id, u.name, u.email, u.role, u.organisationId, u.version);
    })();
    const count = dataset.spec.tickets;
    const batch = 5_000;
    for (let first = 0; first < count; first += batch) {
      db.transaction(() => {
        for (let i = first; i < Math.min(count, first + batch); i++) {
          const t = dataset.ticket(i);
          ticket.run({ ...t, history: JSON.stringify(t.statusHistory) });
        }
      })();
    }
    const inserted = wallClock();
    db.transaction(() => refreshSla(db, 'all'))();
    return { tickets: count, slaSeconds: (wallClock() - inserted) / 1000 };
  } finally {
    db.close();
  }
}

/** The total in the queue's header ("100,000 tickets"). */
async function totalShown(page: Page): Promise<number> {
  const text = await page.locator('.view-count').innerText({ timeout: 60_000 });
  return Number(text.replace(/\D/g, ''));
}

interface ScrollResult {
  frames: number[];
  longTasks: number;
  longTaskMs: number;
  /** Per pause: wheel stopped to every row in the viewport loaded. */
  settles: number[];
  scrolledRows: number;
}

/**
 * Wheel steps over the list, as fast as the browser takes them, with a pause every 40 steps to
 * time how long the rows under the viewport take to fill in. Frame times are the gaps between
 * requestAnimationFrame callbacks while the wheel turns; long tasks come from the browser's
 * PerformanceObserver.
 */
async function measureScroll(page: Page, plan: UiQueuePlan): Promise<ScrollResult> {
  const grid = page.getByTestId('ticket-list');
  const box = (await grid.boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  const before = await grid.evaluate((element) => element.scrollTop);
  await page.evaluate(() => {
    const probe = {
      frames: [] as number[],
      longTasks: [] as number[],
      running: true,
      last: performance.now(),
    };
    (window as unknown as { __queueProbe: typeof probe }).__queueProbe = probe;
    const tick = (now: number) => {
      if (!probe.running) return;
      probe.frames.push(now - probe.last);
      probe.last = now;
      requestAnimationFrame(tick);
    };
    requestAnimationFrame((now) => {
      probe.last = now;
      requestAnimationFrame(tick);
    });
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) probe.longTasks.push(entry.duration);
    }).observe({ type: 'longtask' });
  });
  const frames: number[] = [];
  const settles: number[] = [];
  const pauseEvery = 40;
  for (let step = 1; step <= plan.wheelSteps; step++) {
    await page.mouse.wheel(0, plan.wheelDelta);
    if (step % pauseEvery === 0 || step === plan.wheelSteps) {
      // frames while the wheel turned; the pause is not scrolling
      frames.push(...(await takeFrames(page)));
      settles.push(await timeRowsFilled(page));
      await page.evaluate(() => {
        const probe = (window as unknown as { __queueProbe: { last: number; frames: number[] } })
          .__queueProbe;
        probe.frames = [];
        probe.last = performance.now();
      });
    }
  }
  const probe = await page.evaluate(() => {
    const p = (window as unknown as { __queueProbe: { running: boolean; longTasks: number[] } })
      .__queueProbe;
    p.running = false;
    return { longTasks: p.longTasks };
  });
  const after = await grid.evaluate((element) => element.scrollTop);
  return {
    frames,
    longTasks: probe.longTasks.length,
    longTaskMs: probe.longTasks.reduce((sum, ms) => sum + ms, 0),
    settles,
    scrolledRows: Math.round((after - before) / 32),
  };
}

async function takeFrames(page: Page): Promise<number[]> {
  return page.evaluate(() => {
    const probe = (window as unknown as { __queueProbe: { frames: number[] } }).__queueProbe;
    // the first gap can include the time the probe waited for the wheel
    return probe.frames.slice(1);
  });
}

/** From now until no row in the viewport is a placeholder waiting for its page. */
function timeRowsFilled(page: Page): Promise<number> {
  return page.evaluate(
    () =>
      new Promise<number>((resolve, reject) => {
        const started = performance.now();
        const grid = document.querySelector('[data-testid="ticket-list"]')!;
        const check = () => {
          const view = grid.getBoundingClientRect();
          const loading = [...grid.querySelectorAll('[role="row"][aria-busy="true"]')].some(
            (row) => {
              const r = row.getBoundingClientRect();
              return r.bottom > view.top && r.top < view.bottom;
            },
          );
          if (!loading) return resolve(performance.now() - started);
          if (performance.now() - started > 60_000)
            return reject(new Error('rows were still loading a minute after the wheel stopped'));
          requestAnimationFrame(check);
        };
        check();
      }),
  );
}

/**
 * From the header click to the frame whose first rows are in the new order, filled in. The
 * click waits for the list to be at rest: a wheel scroll the browser is still applying would
 * land after the sort's return to the top, and the list would never be seen there.
 */
function timeSortChange(page: Page, column: string): Promise<number> {
  return page.evaluate(
    (column) =>
      new Promise<number>((resolve, reject) => {
        const grid = document.querySelector('[data-testid="ticket-list"]')!;
        const header = [...grid.querySelectorAll<HTMLButtonElement>('.sort-button')].find(
          (button) => button.textContent?.replace(/[▲▼]/g, '').trim() === column,
        );
        if (!header) return reject(new Error(`no "${column}" column header`));
        const cell = header.closest('[role="columnheader"]')!;
        const before = cell.getAttribute('aria-sort');
        let started = 0;
        const check = () => {
          const sorted = cell.getAttribute('aria-sort') !== before;
          const first = grid.querySelector('[data-testid="ticket-row"]');
          const busy = grid.querySelectorAll('[role="row"][aria-busy="true"]').length;
          if (sorted && first && busy === 0 && grid.scrollTop === 0)
            return resolve(performance.now() - started);
          if (performance.now() - started > 60_000)
            return reject(
              new Error(
                `sorting by ${column} did not show within a minute (sort shown: ${sorted}, ` +
                  `rows: ${first ? 'yes' : 'none'}, rows loading: ${busy}, scrollTop: ${grid.scrollTop}, ` +
                  `header still in the page: ${cell.isConnected})`,
              ),
            );
          requestAnimationFrame(check);
        };
        let lastTop = -1;
        let stillFrames = 0;
        const waitForRest = () => {
          stillFrames = grid.scrollTop === lastTop ? stillFrames + 1 : 0;
          lastTop = grid.scrollTop;
          if (stillFrames < 5) return void requestAnimationFrame(waitForRest);
          started = performance.now();
          header.click();
          requestAnimationFrame(check);
        };
        requestAnimationFrame(waitForRest);
      }),
    column,
  );
}
