import type { Prng } from '../src-server/seed/prng.js';
import { commonWords, domainWords, gateNames, logLines, sentenceTemplates } from './vocabulary.js';

/**
 * The dataset's text: sentences people write to a helpdesk, words drawn by frequency, and the
 * unit names, codes, times and serial numbers that give a search index its long tail.
 */

/** Draws ranked items with Zipf-like frequencies: the first is the most common. */
export function zipf<T>(items: readonly T[], exponent: number): (rng: Prng) => T {
  const cumulative = new Float64Array(items.length);
  let total = 0;
  for (let i = 0; i < items.length; i++) {
    total += 1 / (i + 1) ** exponent;
    cumulative[i] = total;
  }
  return (rng) => {
    const target = rng.next() * total;
    let lo = 0;
    let hi = items.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (cumulative[mid]! < target) lo = mid + 1;
      else hi = mid;
    }
    return items[lo]!;
  };
}

const commonWord = zipf(commonWords, 1);
const domainWord = zipf(domainWords, 0.9);

export interface TextContext {
  site: string;
  rng: Prng;
}

export function fill(template: string, ctx: TextContext): string {
  const { rng } = ctx;
  return template.replace(/\{(\w+)\}/g, (_, slot: string) => {
    switch (slot) {
      case 'unit':
        return unitName(rng);
      case 'code':
        return String(rng.int(1000, 99_999_999)).slice(0, rng.int(4, 8));
      case 'gate':
        return rng.pick(gateNames);
      case 'site':
        return ctx.site;
      case 'time':
        return `${String(rng.int(0, 23)).padStart(2, '0')}:${String(rng.int(0, 59)).padStart(2, '0')}`;
      case 'serial':
        return `PT${rng.int(100_000, 999_999)}`;
      default:
        return slot;
    }
  });
}

export const unitName = (rng: Prng) => `${'ABCDEFGH'[rng.int(0, 7)]}${rng.int(100, 450)}`;

function wordSentence(rng: Prng): string {
  const count = rng.int(6, 18);
  const words: string[] = [];
  for (let i = 0; i < count; i++) {
    const roll = rng.next();
    words.push(
      roll < 0.64
        ? commonWord(rng)
        : roll < 0.95
          ? domainWord(rng)
          : roll < 0.98
            ? unitName(rng)
            : String(rng.int(10, 99_999)),
    );
  }
  const first = words[0]!;
  words[0] = first[0]!.toUpperCase() + first.slice(1);
  return `${words.join(' ')}.`;
}

export function prose(ctx: TextContext, sentences: number): string {
  const parts: string[] = [];
  for (let i = 0; i < sentences; i++)
    parts.push(
      ctx.rng.chance(0.5) ? fill(ctx.rng.pick(sentenceTemplates), ctx) : wordSentence(ctx.rng),
    );
  return parts.join(' ');
}

/** Message lengths: mostly a few sentences, a long tail of long ones and pasted logs. */
export function messageBody(ctx: TextContext): string {
  const { rng } = ctx;
  const roll = rng.next();
  if (roll < 0.01) {
    const lines: string[] = [prose(ctx, 1), ''];
    for (let i = rng.int(10, 40); i > 0; i--) lines.push(fill(rng.pick(logLines), ctx));
    return lines.join('\n');
  }
  const sentences =
    roll < 0.31 ? 1 : roll < 0.71 ? rng.int(2, 3) : roll < 0.95 ? rng.int(4, 7) : rng.int(8, 15);
  return prose(ctx, sentences);
}
