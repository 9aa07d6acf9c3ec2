/**
 * Dates are stored as UTC instants and shown in the viewer's time zone (DESIGN.md, "look and
 * feel"). Locale and time zone are parameters so tests are deterministic; the app passes none
 * and gets the viewer's own.
 */

export interface FormatOptions {
  locale?: string | undefined;
  timeZone?: string | undefined;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

// Building an Intl formatter costs far more than using one, and a scrolling list formats
// hundreds of dates a second, so formatters are made once per locale, zone and style.
const formatters = new Map<string, Intl.DateTimeFormat | Intl.RelativeTimeFormat>();

function dateFormat(
  options: FormatOptions,
  style: Intl.DateTimeFormatOptions,
): Intl.DateTimeFormat {
  const key = JSON.stringify(['date', options.locale, options.timeZone, style]);
  let formatter = formatters.get(key);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat(options.locale, { ...style, timeZone: options.timeZone });
    formatters.set(key, formatter);
  }
  return formatter as Intl.DateTimeFormat;
}

function relativeFormat(options: FormatOptions): Intl.RelativeTimeFormat {
  const key = JSON.stringify(['relative', options.locale]);
  let formatter = formatters.get(key);
  if (!formatter) {
    formatter = new Intl.RelativeTimeFormat(options.locale, { numeric: 'auto', style: 'short' });
    formatters.set(key, formatter);
  }
  return formatter as Intl.RelativeTimeFormat;
}

/** A short "how long ago" for dense lists: "now", "5 min. ago", "3 hr. ago", "yesterday", then a date. */
export function formatRelative(iso: string, now: number, options: FormatOptions = {}): string {
  const then = Date.parse(iso);
  if (Number.isNaN(then)) return '—';
  const elapsed = now - then;
  const relative = relativeFormat(options);
  if (elapsed < 45_000) {
    // Clocks disagree by a little; a timestamp slightly in the future is still "now".
    return elapsed > -5 * MINUTE
      ? relative.format(0, 'second')
      : formatShortDate(then, now, options);
  }
  if (elapsed < HOUR) return relative.format(-Math.round(elapsed / MINUTE), 'minute');
  if (elapsed < DAY) return relative.format(-Math.round(elapsed / HOUR), 'hour');
  if (elapsed < 7 * DAY) return relative.format(-Math.round(elapsed / DAY), 'day');
  return formatShortDate(then, now, options);
}

/** "Mar 12", or "Mar 12, 2024" when it is not this year (in the viewer's locale). */
function formatShortDate(then: number, now: number, options: FormatOptions): string {
  const year = dateFormat({ locale: 'en', timeZone: options.timeZone }, { year: 'numeric' });
  const sameYear = year.format(then) === year.format(now);
  const style: Intl.DateTimeFormatOptions = sameYear
    ? { day: 'numeric', month: 'short' }
    : { day: 'numeric', month: 'short', year: 'numeric' };
  return dateFormat(options, style).format(then);
}

/** The full date and time with its zone, for titles and the detail pane. */
export function formatExact(iso: string, options: FormatOptions = {}): string {
  const then = Date.parse(iso);
  if (Number.isNaN(then)) return '—';
  const dateTime = dateFormat(options, { dateStyle: 'medium', timeStyle: 'short' }).format(then);
  const zone = dateFormat(options, { timeZoneName: 'short' })
    .formatToParts(then)
    .find((part) => part.type === 'timeZoneName')?.value;
  return zone ? `${dateTime} (${zone})` : dateTime;
}
