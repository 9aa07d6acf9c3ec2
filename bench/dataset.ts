import type { AttachmentRef } from '../src-shared/attachments.js';
import type { Priority, TicketStatus } from '../src-shared/domain/ticket.js';
import type {
  KbArticleRow,
  KbSectionRow,
  MessageRow,
  SiteRow,
  TicketRow,
  UserRow,
} from '../src-shared/sync-protocol.js';
import type { UnitRow } from '../src-shared/domain/units.js';
import { createPrng, type Prng } from '../src-server/seed/prng.js';
import { fill, messageBody, prose, unitName, zipf } from './text.js';
import {
  companySuffixes,
  companyWords,
  firstNames,
  kbSectionTitles,
  kbThings,
  kbTitleTemplates,
  lastNames,
  places,
  plantedCommonWord,
  plantedRareWord,
  subjectTemplates,
  systemBodies,
} from './vocabulary.js';

/**
 * The benchmark dataset: organisations, sites, people, knowledge-base articles, tickets and
 * their messages, generated from a seed. Every row is a pure function of (seed, its index), so
 * the server loader and the client's raw-insert baseline produce the very same rows batch by
 * batch without holding a million messages in memory, and two runs measure the same data.
 *
 * Rows carry the versions (server commit sequences) they get when loaded: sites, people and the
 * knowledge base first, then each ticket followed by its messages, in creation order.
 */

export const datasetSizes = ['small', 'bar', 'huge'] as const;
export type DatasetSize = (typeof datasetSizes)[number];

export interface DatasetSpec {
  tickets: number;
  /** Exactly this many messages in all (threads vary; the total does not). */
  messages: number;
  organisations: number;
  /** Average sites per organisation. */
  sitesPerOrganisation: number;
  technicians: number;
  /** Site managers and installers per organisation. */
  customersPerOrganisation: number;
  /** Average storage units per site (real sites have hundreds; these are the ones in PTI's map). */
  unitsPerSite: number;
  kbArticles: number;
  /** Tickets are spread over this many days before the dataset's fixed "now". */
  historyDays: number;
}

export const datasetSpecs: Record<DatasetSize, DatasetSpec> = {
  small: {
    tickets: 400,
    messages: 4_000,
    organisations: 8,
    sitesPerOrganisation: 3,
    technicians: 6,
    customersPerOrganisation: 2,
    unitsPerSite: 10,
    kbArticles: 30,
    historyDays: 120,
  },
  bar: {
    tickets: 100_000,
    messages: 1_000_000,
    organisations: 400,
    sitesPerOrganisation: 4,
    technicians: 60,
    customersPerOrganisation: 3,
    unitsPerSite: 50,
    kbArticles: 300,
    historyDays: 3 * 365,
  },
  huge: {
    tickets: 1_000_000,
    messages: 10_000_000,
    organisations: 4_000,
    sitesPerOrganisation: 4,
    technicians: 400,
    customersPerOrganisation: 3,
    unitsPerSite: 50,
    kbArticles: 1_000,
    historyDays: 5 * 365,
  },
};

export interface OrganisationRecord {
  id: string;
  name: string;
  address: string;
  phone: string;
  tier: 'free' | 'preferred';
  createdAt: string;
  version: string;
}
export interface UnitRecord extends UnitRow {
  createdAt: string;
}
export type SiteRecord = SiteRow;
export interface UserRecord extends UserRow {
  timezone: string;
}
export interface TicketRecord extends TicketRow {
  requesterId: string;
  surveyRequestedAt: string | null;
}
export interface MessageRecord extends MessageRow {
  /** The ticket's organisation: who may see the message. */
  organisationId: string;
  systemEvent: 'status' | null;
}

export interface TicketBatch {
  /** Index of the first ticket in the batch. */
  first: number;
  tickets: TicketRecord[];
  messages: MessageRecord[];
}

export interface Dataset {
  size: DatasetSize;
  spec: DatasetSpec;
  seed: number;
  /** The dataset's "now": the newest ticket is a little older than this. */
  anchor: Date;
  organisations: OrganisationRecord[];
  sites: SiteRecord[];
  /** Technicians first, then each organisation's customers. */
  users: UserRecord[];
  technicianIds: string[];
  units: UnitRecord[];
  kbSections: KbSectionRow[];
  kbArticles: KbArticleRow[];
  counts: {
    tickets: number;
    messages: number;
    /**
     * Rows every server version syncs: sites, users, KB sections and articles, tickets and
     * messages (organisations and units come on top where the server syncs them).
     */
    syncedRows: number;
    byStatus: Record<TicketStatus, number>;
  };
  /** Words planted at known frequencies for the search benchmarks. */
  planted: {
    /** In every sixth message (global message index divisible by 6). */
    common: { word: string; messages: number };
    /** In exactly one message. */
    rare: { word: string; messageId: string; ticketId: string };
  };
  /** Highest commit sequence after loading: the server clock's value. */
  lastSeq: number;
  /** Last ticket number given per prefix (the server's counters continue from here). */
  lastNumbers: { HW: number; SW: number };
  ticket(index: number): TicketRecord;
  messagesOf(index: number): MessageRecord[];
  /** Tickets with their messages, in load order. */
  batches(ticketsPerBatch: number): Generator<TicketBatch>;
}

const day = 86_400_000;
/** Fixed, so the same seed gives byte-identical rows on every run and machine. */
const anchorTime = Date.UTC(2025, 0, 6, 15, 0, 0);

// Streams keep the random draws of different row kinds independent of each other.
const enum Stream {
  Organisation = 1,
  Site = 2,
  User = 3,
  Kb = 4,
  Ticket = 5,
  Message = 6,
  Attachment = 7,
  Unit = 8,
}

function mix32(value: number): number {
  let x = value >>> 0;
  x ^= x >>> 16;
  x = Math.imul(x, 0x7feb352d);
  x ^= x >>> 15;
  x = Math.imul(x, 0x846ca68b);
  x ^= x >>> 16;
  return x >>> 0;
}
const seedFor = (seed: number, stream: Stream, index: number) =>
  mix32(seed ^ mix32(Math.imul(stream, 0x9e3779b9) ^ mix32(index + stream)));
const hex = (n: number, width: number) => n.toString(16).padStart(width, '0').slice(-width);

/** A UUID-shaped id: random-looking (so inserts land all over the index, as real ids do), unique by construction. */
function idFor(seed: number, stream: Stream, index: number): string {
  const a = seedFor(seed, stream, index);
  const b = mix32(a ^ 0x5bd1e995);
  const c = mix32(b ^ 0x27d4eb2f);
  return `${hex(a, 8)}-${hex(b >>> 16, 4)}-4${hex(b & 0xfff, 3)}-${'89ab'[c & 3]}${hex(c >>> 20, 3)}-${hex(stream * 2 ** 36 + index, 12)}`;
}

const statusIndex: readonly TicketStatus[] = [
  'NEW',
  'OPEN',
  'ANSWERED',
  'SCHEDULED',
  'RESOLVED',
  'CLOSED',
];
const priorities: readonly (readonly [Priority, number])[] = [
  ['low', 20],
  ['normal', 55],
  ['high', 20],
  ['critical', 5],
];

/** Status by age: recent tickets are mostly in progress, old ones mostly closed (some go stale). */
function statusFor(rng: Prng, ageDays: number): number {
  const weights =
    ageDays < 3
      ? [35, 35, 20, 5, 5, 0]
      : ageDays < 14
        ? [5, 25, 25, 10, 25, 10]
        : ageDays < 60
          ? [0, 5, 5, 2, 8, 80]
          : [1, 3, 3, 1, 2, 90];
  return rng.weighted(weights.map((w, i) => [i, w] as const));
}

/** Thread length by status, before the total is adjusted to the exact message count. */
function threadLength(rng: Prng, status: TicketStatus): number {
  switch (status) {
    case 'NEW':
      return rng.chance(0.3) ? 1 : 0;
    case 'OPEN':
      return rng.int(2, 10);
    case 'ANSWERED':
      return rng.int(3, 13);
    case 'SCHEDULED':
      return rng.int(4, 14);
    case 'RESOLVED':
      return rng.int(5, 16);
    case 'CLOSED':
      return rng.int(4, 17);
  }
}

const attachmentKinds = [
  ['jpg', 'image/jpeg', 'gate'],
  ['png', 'image/png', 'screenshot'],
  ['pdf', 'application/pdf', 'invoice'],
  ['log', 'text/plain', 'controller'],
  ['csv', 'text/csv', 'activity'],
] as const;

function attachments(seed: number, globalIndex: number, rng: Prng): AttachmentRef[] {
  const refs: AttachmentRef[] = [];
  for (let k = rng.chance(0.8) ? 1 : 2; k > 0; k--) {
    const [extension, contentType, stem] = rng.pick(attachmentKinds);
    let sha = '';
    for (let part = 0; part < 8; part++)
      sha += hex(seedFor(seed, Stream.Attachment, globalIndex * 16 + k * 8 + part), 8);
    refs.push({
      sha256: sha,
      name: `${stem}-${rng.int(1, 9999)}.${extension}`,
      size: rng.int(20_000, 4_000_000),
      contentType,
    });
  }
  return refs;
}

/** The way from NEW to each status, as the status machine allows it. */
const pathTo: Record<TicketStatus, TicketStatus[]> = {
  NEW: ['NEW'],
  OPEN: ['NEW', 'OPEN'],
  ANSWERED: ['NEW', 'OPEN', 'ANSWERED'],
  SCHEDULED: ['NEW', 'OPEN', 'ANSWERED', 'SCHEDULED'],
  RESOLVED: ['NEW', 'OPEN', 'ANSWERED', 'RESOLVED'],
  CLOSED: ['NEW', 'OPEN', 'ANSWERED', 'RESOLVED', 'CLOSED'],
};

/**
 * `seqBase`: the server clock's value before loading (migrations may have written rows); every
 * version counts on from it.
 */
export function createDataset(
  size: DatasetSize,
  seed = 0x9a7e_de5c,
  options: { seqBase?: number } = {},
): Dataset {
  const spec = datasetSpecs[size];
  const anchor = new Date(anchorTime);
  const iso = (t: number) => new Date(t).toISOString();
  const since = anchorTime - 4 * 365 * day;

  // ── organisations, sites, people, knowledge base ──────────────────────────────────────────
  const organisations: OrganisationRecord[] = [];
  for (let i = 0; i < spec.organisations; i++) {
    const rng = createPrng(seedFor(seed, Stream.Organisation, i));
    const [city] = rng.pick(places);
    organisations.push({
      id: idFor(seed, Stream.Organisation, i),
      name: `${rng.pick(companyWords)} ${rng.pick(companyWords)} ${rng.pick(companySuffixes)} ${i + 1}`,
      address: `${rng.int(10, 9999)} ${rng.pick(lastNames)} Street, ${city}`,
      phone: `+1 ${rng.int(200, 989)}-555-${String(rng.int(0, 9999)).padStart(4, '0')}`,
      tier: rng.chance(0.4) ? 'preferred' : 'free',
      createdAt: iso(since),
      version: '0',
    });
  }

  let seq = options.seqBase ?? 0;
  const sites: SiteRecord[] = [];
  const sitesOf: string[][] = [];
  const siteNames = new Map<string, string>();
  for (const [index, organisation] of organisations.entries()) {
    const rng = createPrng(seedFor(seed, Stream.Site, index));
    const own: string[] = [];
    for (let k = rng.int(1, spec.sitesPerOrganisation * 2 - 1); k > 0; k--) {
      const [city, timezone] = rng.pick(places);
      const id = idFor(seed, Stream.Site, sites.length);
      const name = `${organisation.name.split(' ')[0]} ${city} ${sites.length + 1}`;
      sites.push({
        id,
        organisationId: organisation.id,
        code: `${organisation.name.slice(0, 2).toUpperCase()}${100 + sites.length}`,
        name,
        timezone,
        version: String(++seq),
      });
      own.push(id);
      siteNames.set(id, name);
    }
    sitesOf.push(own);
  }

  const users: UserRecord[] = [];
  const person = (rng: Prng, index: number) => {
    const first = rng.pick(firstNames);
    const last = rng.pick(lastNames);
    return {
      name: `${first} ${last}`,
      email: `${first}.${last}.${index}@people.test`.toLowerCase(),
    };
  };
  for (let i = 0; i < spec.technicians; i++) {
    const rng = createPrng(seedFor(seed, Stream.User, i));
    users.push({
      id: idFor(seed, Stream.User, i),
      ...person(rng, i),
      role: 'technician',
      organisationId: null,
      timezone: 'America/New_York',
      version: String(++seq),
    });
  }
  const technicianIds = users.map((u) => u.id);
  const customersOf: string[][] = [];
  for (const organisation of organisations) {
    const own: string[] = [];
    for (let k = 0; k < spec.customersPerOrganisation; k++) {
      const index = users.length;
      const rng = createPrng(seedFor(seed, Stream.User, index));
      users.push({
        id: idFor(seed, Stream.User, index),
        ...person(rng, index),
        role: k === 0 || k % 2 === 1 ? 'site_manager' : 'installer',
        organisationId: organisation.id,
        timezone: rng.pick(places)[1],
        version: String(++seq),
      });
      own.push(users[index]!.id);
    }
    customersOf.push(own);
  }

  const kbSections: KbSectionRow[] = kbSectionTitles.map((title, position) => ({
    id: idFor(seed, Stream.Kb, position),
    slug: title.toLowerCase().replace(/[^a-z0-9]+/g, '-'),
    title,
    description: `Articles about ${title.toLowerCase()}.`,
    position,
    version: String(++seq),
  }));
  const kbArticles: KbArticleRow[] = [];
  for (let i = 0; i < spec.kbArticles; i++) {
    const rng = createPrng(seedFor(seed, Stream.Kb, 1000 + i));
    const title = `${rng.pick(kbTitleTemplates).replace('{thing}', rng.pick(kbThings))} (${i + 1})`;
    const ctx = { site: 'your site', rng };
    const paragraphs = Array.from({ length: rng.int(3, 8) }, () => prose(ctx, rng.int(2, 5)));
    const at = iso(since + rng.int(0, 1000) * day);
    kbArticles.push({
      id: idFor(seed, Stream.Kb, 1000 + i),
      sectionId: rng.pick(kbSections).id,
      slug: title
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, '-')
        .replace(/-$/, ''),
      title,
      summary: prose(ctx, 1),
      body: paragraphs.join('\n\n'),
      viewCount: rng.int(0, 5000),
      createdAt: at,
      updatedAt: at,
      version: String(++seq),
    });
  }

  // ── ticket shapes: status, template and number first, so thread lengths are known up front ──
  const organisationWeight = zipf(
    organisations.map((_, i) => i),
    0.8,
  );
  const spanMs = spec.historyDays * day;
  const historyStart = anchorTime - spanMs;
  const statusOf = new Uint8Array(spec.tickets);
  const numberOf = new Int32Array(spec.tickets);
  const threadOf = new Int32Array(spec.tickets);
  const lastNumbers = { HW: 0, SW: 0 };
  const byStatus = Object.fromEntries(statusIndex.map((s) => [s, 0])) as Record<
    TicketStatus,
    number
  >;

  // The first draws of a ticket's generator, shared by the shape pass and ticket().
  const shapeDraws = (rng: Prng, index: number) => {
    const createdAt = Math.floor(historyStart + ((index + rng.next()) / spec.tickets) * spanMs);
    const status = statusFor(rng, (anchorTime - createdAt) / day);
    const template = rng.int(0, subjectTemplates.length - 1);
    return { createdAt, status, template };
  };

  let messageTotal = 0;
  for (let i = 0; i < spec.tickets; i++) {
    const rng = createPrng(seedFor(seed, Stream.Ticket, i));
    const shape = shapeDraws(rng, i);
    statusOf[i] = shape.status;
    const prefix = subjectTemplates[shape.template]!.productLine.endsWith('hardware') ? 'HW' : 'SW';
    numberOf[i] = ++lastNumbers[prefix];
    const length = threadLength(rng, statusIndex[shape.status]!);
    threadOf[i] = length;
    messageTotal += length;
    byStatus[statusIndex[shape.status]!] += 1;
  }
  // Threads vary; the total is made exact by lengthening or shortening them one message at a
  // time, round robin (a ticket keeps at least one message when it had any).
  let difference = spec.messages - messageTotal;
  for (let i = 0; difference !== 0; i = (i + 1) % spec.tickets) {
    if (difference > 0 && statusOf[i] !== 0) {
      threadOf[i]! += 1;
      difference -= 1;
    } else if (difference < 0 && threadOf[i]! > 1) {
      threadOf[i]! -= 1;
      difference += 1;
    }
  }
  const messageStart = new Float64Array(spec.tickets + 1);
  for (let i = 0; i < spec.tickets; i++) messageStart[i + 1] = messageStart[i]! + threadOf[i]!;
  const ticketSeqBase = seq + 1;
  const seqOfTicket = (i: number) => ticketSeqBase + i + messageStart[i]!;
  seq += spec.tickets + spec.messages;

  // Organisations and units were edited lately (tiers renewed, units mapped to PTI names): their
  // versions come after the tickets'. Servers without these synced tables skip them.
  for (const organisation of organisations) organisation.version = String(++seq);
  const units: UnitRecord[] = [];
  for (const [siteIndex, site] of sites.entries()) {
    const rng = createPrng(seedFor(seed, Stream.Unit, siteIndex));
    const labels = new Set<string>();
    for (let k = rng.int(1, spec.unitsPerSite * 2 - 1); k > 0; k--) {
      const label = unitName(rng);
      if (labels.has(label)) continue;
      labels.add(label);
      const at = iso(anchorTime - rng.int(1, 400) * day);
      units.push({
        id: idFor(seed, Stream.Unit, units.length),
        siteId: site.id,
        organisationId: site.organisationId,
        label,
        ptiUnitName: rng.chance(0.8) ? label : null,
        building: label[0]!,
        accessArea: rng.chance(0.7) ? rng.int(1, 8) : null,
        doorAlarmChannel: rng.chance(0.4) ? rng.int(1, 64) : null,
        updatedBy: null,
        updatedAt: at,
        createdAt: at,
        version: String(++seq),
      });
    }
  }
  const lastSeq = seq;
  const rareIndex = Math.floor(spec.messages * 0.618);

  const ticketDetails = (index: number) => {
    const rng = createPrng(seedFor(seed, Stream.Ticket, index));
    const { createdAt, status: statusCode, template } = shapeDraws(rng, index);
    const status = statusIndex[statusCode]!;
    threadLength(rng, status); // keep the draw order of the shape pass
    const organisationIndex = organisationWeight(rng);
    const organisation = organisations[organisationIndex]!;
    const ownSites = sitesOf[organisationIndex]!;
    const siteId = rng.chance(0.9) ? rng.pick(ownSites) : null;
    const requesterId = rng.pick(customersOf[organisationIndex]!);
    const assigneeId =
      status === 'NEW'
        ? rng.chance(0.2)
          ? rng.pick(technicianIds)
          : null
        : rng.pick(technicianIds);
    const open =
      status === 'NEW' || status === 'OPEN' || status === 'ANSWERED' || status === 'SCHEDULED';
    const latest = anchorTime - 60_000;
    const updatedAt =
      status === 'NEW'
        ? Math.min(latest, createdAt + rng.int(1, 240) * 60_000)
        : open
          ? createdAt + Math.floor(rng.next() * (latest - createdAt))
          : Math.min(latest, createdAt + rng.int(1, status === 'RESOLVED' ? 10 : 20) * day);
    const resolvedAt =
      status === 'RESOLVED'
        ? updatedAt
        : status === 'CLOSED'
          ? Math.max(createdAt + 60_000, updatedAt - 7 * day)
          : null;
    return {
      rng,
      status,
      template,
      createdAt,
      updatedAt,
      resolvedAt,
      organisation,
      siteId,
      requesterId,
      assigneeId,
    };
  };

  const statusHistory = (d: ReturnType<typeof ticketDetails>) => {
    const path = pathTo[d.status];
    const end = d.status === 'CLOSED' ? d.updatedAt : (d.resolvedAt ?? d.updatedAt);
    return path.map((status, k) => ({
      status,
      at: iso(
        k === path.length - 1 && d.status === 'CLOSED'
          ? d.updatedAt
          : d.createdAt + Math.floor(((end - d.createdAt) * k) / Math.max(1, path.length - 1)),
      ),
    }));
  };

  const ticket = (index: number): TicketRecord => {
    const d = ticketDetails(index);
    const { rng } = d;
    const t = subjectTemplates[d.template]!;
    const site = d.siteId ? siteNames.get(d.siteId)! : 'our site';
    const ctx = { site, rng };
    const prefix = t.productLine.endsWith('hardware') ? 'HW' : 'SW';
    return {
      id: idFor(seed, Stream.Ticket, index),
      number: `${prefix}${String(numberOf[index]).padStart(8, '0')}`,
      subject: fill(t.subject, ctx),
      description: prose(ctx, rng.int(1, 4)),
      status: d.status,
      priority: rng.weighted(priorities),
      category: rng.chance(0.85)
        ? t.category
        : rng.pick(['technical', 'billing', 'licence', 'general'] as const),
      productLine: t.productLine,
      helpTopic: t.helpTopic,
      organisationId: d.organisation.id,
      siteId: d.siteId,
      unitId: d.siteId && rng.chance(0.5) ? unitName(rng) : null,
      internalReference: rng.chance(0.3) ? `WO${rng.int(10_000, 99_999)}` : null,
      assigneeId: d.assigneeId,
      resolvedAt: d.resolvedAt === null ? null : iso(d.resolvedAt),
      followUpOfId: null,
      statusHistory: statusHistory(d),
      createdAt: iso(d.createdAt),
      updatedAt: iso(d.updatedAt),
      version: String(seqOfTicket(index)),
      requesterId: d.requesterId,
      surveyRequestedAt: d.status === 'CLOSED' ? iso(d.updatedAt) : null,
    };
  };

  const messagesOf = (index: number): MessageRecord[] => {
    const d = ticketDetails(index);
    const count = threadOf[index]!;
    const ticketId = idFor(seed, Stream.Ticket, index);
    const first = messageStart[index]!;
    const staff = d.assigneeId ?? technicianIds[index % technicianIds.length]!;
    const site = d.siteId ? siteNames.get(d.siteId)! : 'our site';
    const span = Math.max(d.updatedAt - d.createdAt, 60_000);
    const messages: MessageRecord[] = [];
    for (let j = 0; j < count; j++) {
      const globalIndex = first + j;
      const rng = createPrng(seedFor(seed, Stream.Message, globalIndex));
      const ctx = { site, rng };
      const kind =
        d.status === 'NEW'
          ? 'public'
          : rng.weighted([
              ['public', 65],
              ['internal', 13],
              ['system', 22],
            ] as const);
      let body = kind === 'system' ? rng.pick(systemBodies) : messageBody(ctx);
      if (globalIndex % 6 === 0)
        body += ` The ${plantedCommonWord} clicks but the gate does not move.`;
      if (globalIndex === rareIndex)
        body += ` Spoke with Mr ${plantedRareWord[0]!.toUpperCase()}${plantedRareWord.slice(1)} at the office.`;
      messages.push({
        id: idFor(seed, Stream.Message, globalIndex),
        ticketId,
        kind,
        authorId:
          kind === 'system'
            ? rng.chance(0.2)
              ? null
              : staff
            : kind === 'public' && (d.status === 'NEW' || rng.chance(0.45))
              ? d.requesterId
              : staff,
        body,
        quotedMessageId: null,
        attachments:
          kind === 'public' && rng.chance(0.04) ? attachments(seed, globalIndex, rng) : [],
        createdAt: iso(d.createdAt + Math.floor((span * (j + 1)) / (count + 1))),
        version: String(seqOfTicket(index) + 1 + j),
        organisationId: d.organisation.id,
        systemEvent: kind === 'system' && body.startsWith('Status') ? 'status' : null,
      });
    }
    return messages;
  };

  const rareTicket = (() => {
    let lo = 0;
    let hi = spec.tickets - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (messageStart[mid]! <= rareIndex) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  })();

  const syncedRows =
    sites.length +
    users.length +
    kbSections.length +
    kbArticles.length +
    spec.tickets +
    spec.messages;
  return {
    size,
    spec,
    seed,
    anchor,
    organisations,
    sites,
    users,
    technicianIds,
    units,
    kbSections,
    kbArticles,
    counts: {
      tickets: spec.tickets,
      messages: spec.messages,
      syncedRows,
      byStatus,
    },
    planted: {
      common: { word: plantedCommonWord, messages: Math.ceil(spec.messages / 6) },
      rare: {
        word: plantedRareWord,
        messageId: idFor(seed, Stream.Message, rareIndex),
        ticketId: idFor(seed, Stream.Ticket, rareTicket),
      },
    },
    lastSeq,
    lastNumbers,
    ticket,
    messagesOf,
    *batches(ticketsPerBatch) {
      for (let first = 0; first < spec.tickets; first += ticketsPerBatch) {
        const tickets: TicketRecord[] = [];
        const messages: MessageRecord[] = [];
        for (let i = first; i < Math.min(spec.tickets, first + ticketsPerBatch); i++) {
          tickets.push(ticket(i));
          messages.push(...messagesOf(i));
        }
        yield { first, tickets, messages };
      }
    },
  };
}
