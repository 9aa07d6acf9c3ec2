/**
 * UTC offsets of an IANA time zone, read from the platform's Intl.DateTimeFormat and kept as a
 * table of transitions, so that business-time arithmetic asks Intl only when it reaches a stretch
 * of time it has not seen before.
 *
 * "Local milliseconds" below means the wall-clock reading written as if it were UTC:
 * local = instant + offset(instant). Within a stretch of constant offset this is a bijection, which
 * is what lets the calendar do its arithmetic on the wall clock and map the answer back exactly.
 */

export const MS_PER_SECOND = 1000;
export const MS_PER_MINUTE = 60_000;
export const MS_PER_HOUR = 3_600_000;
export const MS_PER_DAY = 86_400_000;

/** Instants from year 1000 to year 9999; Intl's readings outside that range use eras. */
const EARLIEST = Date.UTC(1000, 0, 1);
const LATEST = Date.UTC(9999, 11, 1);

/** Intl is asked for the offset once a day; a change between two probes is then bisected to the second. */
const PROBE_STEP = MS_PER_DAY;
/** Transitions are cached in chunks of this many probe steps. */
const PROBES_PER_CHUNK = 32;
const CHUNK_LENGTH = PROBE_STEP * PROBES_PER_CHUNK;
/** Every UTC offset, past or present, is well under two days; bounds searches by wall clock. */
const OFFSET_BOUND = 2 * MS_PER_DAY;

export function assertSupportedInstant(at: number, what: string): void {
  if (!Number.isFinite(at)) throw new RangeError(`${what} is not a valid date.`);
  if (at < EARLIEST || at > LATEST)
    throw new RangeError(
      `${what} (${new Date(at).toISOString()}) is outside the years 1000 to 9999 that business time supports.`,
    );
}

interface Chunk {
  /** Offset in force at the chunk's first instant. */
  readonly startOffset: number;
  /** Instants where the offset changes inside (start, end], in order, with the offset from then. */
  readonly transitions: readonly { readonly at: number; readonly offset: number }[];
}

type WallReading = [number, number, number, number, number, number];
/** "11/23/2026, 14:05:09" */
const usReading = /^(\d{1,2})\/(\d{1,2})\/(\d{4}),? (\d{1,2}):(\d{2}):(\d{2})$/;

/** The offset table of one time zone, built lazily chunk by chunk. */
export class ZoneOffsets {
  readonly timeZone: string;
  private readonly formatter: Intl.DateTimeFormat;
  private readonly chunks = new Map<number, Chunk>();

  constructor(timeZone: string) {
    this.timeZone = timeZone;
    this.formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
      hourCycle: 'h23',
    });
  }

  /** The offset at an instant, straight from Intl (whole seconds; no zone has finer offsets). */
  private probe(at: number): number {
    const second = Math.floor(at / MS_PER_SECOND) * MS_PER_SECOND;
    const [year, month, day, hour, minute, sec] = this.reading(second);
    const local = new Date(0);
    local.setUTCFullYear(year, month - 1, day);
    local.setUTCHours(hour % 24, minute, sec, 0);
    const offset = local.getTime() - second;
    if (!Number.isFinite(offset))
      throw new Error(`could not read the wall clock of time zone ${this.timeZone}`);
    return offset;
  }

  /** Year, month, day, hour, minute, second on the zone's wall clock. */
  private reading(at: number): WallReading {
    // format() is several times faster than formatToParts(); its en-US shape is fixed, but
    // fall back to the parts if a platform ever writes it differently.
    const fast = usReading.exec(this.formatter.format(at));
    if (fast) return [+fast[3]!, +fast[1]!, +fast[2]!, +fast[4]!, +fast[5]!, +fast[6]!];
    const values: Record<string, number> = {};
    for (const part of this.formatter.formatToParts(at)) values[part.type] = Number(part.value);
    return [values.year!, values.month!, values.day!, values.hour!, values.minute!, values.second!];
  }

  private chunk(index: number): Chunk {
    let chunk = this.chunks.get(index);
    if (chunk) return chunk;
    const start = index * CHUNK_LENGTH;
    const startOffset = this.probe(start);
    const transitions: { at: number; offset: number }[] = [];
    let before = startOffset;
    let from = start;
    for (let step = 1; step <= PROBES_PER_CHUNK; step++) {
      const to = start + step * PROBE_STEP;
      let after = this.probe(to);
      // Several changes may fall between two probes: find each in turn.
      while (after !== before) {
        const at = this.firstSecondDiffering(from, to, before);
        const offset = this.probe(at);
        transitions.push({ at, offset });
        before = offset;
        from = at;
        if (at === to) break;
        after = this.probe(to);
      }
      before = after;
      from = to;
    }
    chunk = { startOffset, transitions };
    this.chunks.set(index, chunk);
    return chunk;
  }

  /** The first whole second in (from, to] whose offset is not `offset`; to's offset differs. */
  private firstSecondDiffering(from: number, to: number, offset: number): number {
    let lo = Math.floor(from / MS_PER_SECOND);
    let hi = Math.floor(to / MS_PER_SECOND);
    while (hi - lo > 1) {
      const mid = Math.floor((lo + hi) / 2);
      if (this.probe(mid * MS_PER_SECOND) === offset) lo = mid;
      else hi = mid;
    }
    return hi * MS_PER_SECOND;
  }

  /** The UTC offset (local minus UTC, in ms) in force at an instant. */
  offsetAt(at: number): number {
    const chunk = this.chunk(Math.floor(at / CHUNK_LENGTH));
    let offset = chunk.startOffset;
    for (const transition of chunk.transitions) {
      if (transition.at > at) break;
      offset = transition.offset;
    }
    return offset;
  }

  /** The first instant in (after, before) where the offset changes, or null. */
  nextTransition(after: number, before: number): number | null {
    const last = Math.floor((before - 1) / CHUNK_LENGTH);
    for (let index = Math.floor(after / CHUNK_LENGTH); index <= last; index++) {
      for (const transition of this.chunk(index).transitions) {
        if (transition.at >= before) return null;
        if (transition.at > after) return transition.at;
      }
    }
    return null;
  }

  /** Wall-clock reading of an instant, as local milliseconds. */
  localOf(at: number): number {
    return at + this.offsetAt(at);
  }

  /**
   * The first instant whose wall clock reads `local` or later. A reading skipped by a
   * spring-forward change maps to the change itself (the first valid instant after it); a
   * reading that happens twice after a fall-back change maps to its first occurrence.
   */
  firstInstantAtOrAfterLocal(local: number): number {
    let at = local - OFFSET_BOUND;
    for (;;) {
      const offset = this.offsetAt(at);
      const end = this.nextTransition(at, local + OFFSET_BOUND) ?? local + OFFSET_BOUND;
      if (end + offset > local) return Math.max(at, local - offset);
      at = end;
    }
  }
}

const zones = new Map<string, ZoneOffsets>();

/** The shared offset table of a zone; throws a RangeError when the name is not a time zone. */
export function zoneOffsets(timeZone: string): ZoneOffsets {
  let zone = zones.get(timeZone);
  if (!zone) {
    zone = new ZoneOffsets(timeZone);
    zones.set(timeZone, zone);
  }
  return zone;
}
