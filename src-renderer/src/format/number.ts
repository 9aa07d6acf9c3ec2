import type { FormatOptions } from './time';

/** A count for labels: "1,234". */
export function formatCount(value: number, options: Pick<FormatOptions, 'locale'> = {}): string {
  return new Intl.NumberFormat(options.locale, { maximumFractionDigits: 0 }).format(value);
}

/** A count for narrow badges: exact below 10,000, then "12K", "1.2M"; the exact one goes in a title. */
export function formatCompactCount(
  value: number,
  options: Pick<FormatOptions, 'locale'> = {},
): string {
  if (Math.abs(value) < 10_000) return formatCount(value, options);
  return new Intl.NumberFormat(options.locale, {
    notation: 'compact',
    maximumFractionDigits: 1,
  }).format(value);
}

/** "1 change", "3 changes": the word follows the count's plural rule. */
export function pluralise(
  count: number,
  one: string,
  other: string,
  options: Pick<FormatOptions, 'locale'> = {},
): string {
  const rule = new Intl.PluralRules(options.locale).select(count);
  return `${formatCount(count, options)} ${rule === 'one' ? one : other}`;
}
