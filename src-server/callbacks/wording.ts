/**
 * How callback times read in timelines and refusals: on the wall clock of a named zone, e.g.
 * "Tue 3 Nov, 10:00–10:30 (America/New_York)". Timeline entries are kept as written, so they
 * name the zone rather than rely on the reader's.
 */
function parts(at: Date, timeZone: string): { day: string; time: string } {
  const day = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    year: 'numeric',
  }).format(at);
  const time = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(at);
  return { day, time };
}

export function describeSpan(start: Date, end: Date, timeZone: string): string {
  const from = parts(start, timeZone);
  const to = parts(end, timeZone);
  return from.day === to.day
    ? `${from.day}, ${from.time}–${to.time} (${timeZone})`
    : `${from.day}, ${from.time} to ${to.day}, ${to.time} (${timeZone})`;
}

/** The span in the calendar's zone, and in the customer's own when it differs. */
export function describeForBoth(
  start: Date,
  end: Date,
  zone: string,
  customerZone: string | null,
): string {
  const main = describeSpan(start, end, zone);
  return customerZone && customerZone !== zone
    ? `${main}; ${describeSpan(start, end, customerZone)} for the customer`
    : main;
}
