import type { AccessArea, AccessLevel, Keypad } from '../src-shared/pti/access-level.js';
import type { ScheduleWindow, TimeSchedule } from '../src-shared/pti/schedule.js';
import { weekdays } from '../src-shared/pti/schedule.js';
import { generateAccessCode } from './access-codes.js';
import { createPrng } from './prng.js';
import type { GatewayState, SiteState, StoredUnit, StoredUser } from './state.js';
import { stateFormat } from './state.js';

/**
 * The demo's sites as the gateway knows them. The support server's demo seed lists the same site
 * codes; the two lists must name the same sites.
 */
export const DEMO_SITE_CODES = [
  'HPS101',
  'HPS102',
  'HPS103',
  'RMS201',
  'RMS202',
  'PLS301',
  'PLS302',
  'PLS303',
  'CVS401',
  'CVS402',
] as const;
export type DemoSiteCode = (typeof DEMO_SITE_CODES)[number];

const siteDetails: Record<DemoSiteCode, { name: string; timeZone: string }> = {
  HPS101: { name: 'Harbor Point Quincy', timeZone: 'America/New_York' },
  HPS102: { name: 'Harbor Point Salem', timeZone: 'America/New_York' },
  HPS103: { name: 'Harbor Point Portsmouth', timeZone: 'America/New_York' },
  RMS201: { name: 'Red Mesa Tempe', timeZone: 'America/Phoenix' },
  RMS202: { name: 'Red Mesa Albuquerque', timeZone: 'America/Denver' },
  PLS301: { name: 'Prairie Lock & Store Omaha', timeZone: 'America/Chicago' },
  PLS302: { name: 'Prairie Lock & Store Wichita', timeZone: 'America/Chicago' },
  PLS303: { name: 'Prairie Lock & Store Sioux Falls', timeZone: 'America/Chicago' },
  CVS401: { name: 'Cascade Vault Tacoma', timeZone: 'America/Los_Angeles' },
  CVS402: { name: 'Cascade Vault Boise', timeZone: 'America/Boise' },
};

/**
 * At this site a full resync left the default access level empty, so tenants without their own
 * level are stored but denied: a case installers meet and should recognise.
 */
const siteWithoutDefaultLevel: DemoSiteCode = 'PLS303';

/** The connection details an installer types in for a demo site. Public on purpose: demo data only. */
export interface DemoSiteCredentials {
  siteCode: string;
  siteKey: string;
  username: string;
  password: string;
}

export function buildDemoState(): GatewayState {
  return { format: stateFormat, sites: DEMO_SITE_CODES.map(demoSite) };
}

export function demoCredentials(state: GatewayState): DemoSiteCredentials[] {
  return state.sites.map((site) => ({
    siteCode: site.code,
    siteKey: site.siteKey,
    username: site.username,
    password: site.password,
  }));
}

const everyDay = (start: string, end: string): ScheduleWindow[] =>
  weekdays.map((day) => ({ day, start, end }));

const demoSchedules: TimeSchedule[] = [
  { id: 1, name: 'Gate hours', windows: everyDay('06:00', '22:00') },
  { id: 2, name: '24 hours', windows: everyDay('00:00', '24:00') },
  {
    id: 3,
    name: 'Office hours',
    windows: [
      ...(['mon', 'tue', 'wed', 'thu', 'fri'] as const).map((day) => ({
        day,
        start: '09:00',
        end: '18:00',
      })),
      { day: 'sat', start: '09:00', end: '16:00' },
    ],
  },
];

const firstNames = ['Ana', 'Ben', 'Carla', 'Dev', 'Elena', 'Frank', 'Grace', 'Hugo', 'Iris', 'Jon'];
const lastNames = ['Alvarez', 'Brooks', 'Chen', 'Dubois', 'Evans', 'Fischer', 'Garcia', 'Haddad'];

// Each site draws from its own seeded stream, so adding a site never changes another's data.
function demoSite(code: DemoSiteCode, index: number): SiteState {
  const rng = createPrng(0x9a7e_0001 + index * 7919);
  const details = siteDetails[code];
  const siteKey = `${rng.hex(4)}-${rng.hex(4)}-${rng.hex(4)}`.toUpperCase();
  const password = `demo-${rng.hex(10)}`;

  const buildings = ['A', 'B', 'C'].slice(0, rng.int(1, 3));
  const parkingSpaces = rng.int(0, 6);
  const areas: AccessArea[] = [{ id: 1, name: 'Main site' }];
  const accessLevels: AccessLevel[] = [
    { number: 1, name: 'Standard', areaId: 1, scheduleId: 1 },
    { number: 2, name: '24-hour access', areaId: 1, scheduleId: 2 },
    { number: 3, name: 'Office hours only', areaId: 1, scheduleId: 3 },
  ];
  const keypads: Keypad[] = [
    { id: 1, name: 'Entry gate', areaId: 1 },
    { id: 2, name: 'Exit gate', areaId: 1 },
    ...buildings.map((b, i) => ({ id: 3 + i, name: `Building ${b} door`, areaId: 1 })),
  ];
  if (parkingSpaces > 0) {
    areas.push({ id: 2, name: 'RV and boat lot' });
    accessLevels.push({ number: 4, name: 'RV lot', areaId: 2, scheduleId: 1 });
    keypads.push({ id: keypads.length + 1, name: 'RV lot gate', areaId: 2 });
  }

  const units: StoredUnit[] = [];
  let channel = 1;
  for (const building of buildings) {
    const count = rng.int(8, 16);
    for (let i = 1; i <= count; i++) units.push(unit(`${building}${100 + i}`, building, channel++));
  }
  const driveUps = rng.int(6, 12);
  for (let i = 1; i <= driveUps; i++)
    units.push(unit(`DU${String(i).padStart(2, '0')}`, 'Drive-up', channel++));
  for (let i = 1; i <= parkingSpaces; i++)
    units.push(unit(`RV-${String(i).padStart(2, '0')}`, 'RV lot', null));

  const site: SiteState = {
    code,
    name: details.name,
    timeZone: details.timeZone,
    siteKey,
    username: `storlogix-${code.toLowerCase()}`,
    password,
    defaults: { accessLevel: code === siteWithoutDefaultLevel ? null : 1, zone: null },
    areas,
    schedules: structuredClone(demoSchedules),
    accessLevels,
    keypads,
    units,
    users: [],
    nextUserNumber: 1,
    events: [],
    nextEventSeq: 1,
    replies: [],
  };

  // About four units in five are rented; now and then a customer rents the next unit too, and
  // then shares their code across both, as one customer has one code at a site.
  const taken = new Set<string>();
  let previous: StoredUser | null = null;
  for (const rented of units) {
    if (!rng.chance(0.8)) continue;
    let user: StoredUser;
    if (previous && rng.chance(0.15)) {
      user = previous;
    } else {
      const isRv = rented.building === 'RV lot';
      let accessLevel = isRv ? 4 : rng.chance(0.1) ? 2 : null;
      if (accessLevel === null && code === siteWithoutDefaultLevel)
        accessLevel = rng.chance(0.85) ? 1 : null;
      user = {
        userId: `U${String(site.nextUserNumber++).padStart(5, '0')}`,
        customerRef: rng.hex(24),
        customerName: `${firstNames[rng.int(0, firstNames.length - 1)]} ${lastNames[rng.int(0, lastNames.length - 1)]}`,
        accessCode: generateAccessCode(taken, (min, max) => rng.int(min, max - 1)),
        accessLevel,
        zone: rng.chance(0.03) ? 3 : null,
      };
      taken.add(user.accessCode);
      site.users.push(user);
    }
    rented.userId = user.userId;
    rented.overlocked = rng.chance(0.06);
    previous = user;
  }
  return site;
}

function unit(name: string, building: string, alarmChannel: number | null): StoredUnit {
  return { name, building, alarmChannel, userId: null, overlocked: false };
}
