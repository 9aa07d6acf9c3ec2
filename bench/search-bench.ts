import { ftsQuery, searchTickets } from '../src-main/core/store/queries/tickets.js';
import type { ClientUnderTest } from './client.js';
import { inline, p50, slow, timed, type ClientPlan } from './client-plan.js';
import type { Dataset } from './dataset.js';
import { figure, targets, type Figure } from './figures.js';
import { likeSearch } from './like-search.js';
import { sample, summarise } from './stats.js';

export function searchCases(dataset: Dataset) {
  const numbered = dataset.ticket(Math.floor(dataset.spec.tickets / 3));
  return [
    {
      id: 'client.search.common',
      label: `Search a word in 1 message of 6 ("${dataset.planted.common.word}")`,
      query: dataset.planted.common.word,
    },
    {
      id: 'client.search.rare',
      label: `Search a word in exactly 1 message ("${dataset.planted.rare.word}")`,
      query: dataset.planted.rare.word,
    },
    {
      id: 'client.search.two-words',
      label: 'Search two words ("keypad offline")',
      query: 'keypad offline',
    },
    {
      id: 'client.search.number',
      label: `Search a ticket number (${numbered.number})`,
      query: numbered.number,
    },
  ];
}

export async function measureSearch(
  client: ClientUnderTest,
  dataset: Dataset,
  plan: ClientPlan,
): Promise<{ figures: Figure[]; checks: Record<string, number | boolean> }> {
  const figures: Figure[] = [];
  const limit = 50;
  const newestMatches = client.db.prepare(
    'SELECT rowid FROM messages_fts WHERE messages_fts MATCH ? ORDER BY rowid DESC LIMIT ?',
  );
  for (const c of searchCases(dataset)) {
    const times = await sample(
      plan.searchIterations,
      () => client.call('tickets.search', { query: c.query, limit }),
      timed(plan),
    );
    const fts = await sample(
      plan.searchIterations,
      () => searchTickets(client.db, { query: c.query, limit }),
      inline(plan),
    );
    const like = await sample(
      plan.slowIterations,
      () => likeSearch(client.db, { query: c.query, limit }),
      slow(plan),
    );
    // What ranking costs: the same match over messages, newest first instead of by rank.
    const match = c.id === 'client.search.number' ? null : ftsQuery(c.query);
    const unranked = match
      ? await sample(plan.searchIterations, () => newestMatches.all(match, limit * 2), inline(plan))
      : [];
    const summary = summarise(times);
    figures.push(
      figure({
        id: c.id,
        group: 'client',
        label: c.label,
        unit: 'ms',
        stat: 'p95',
        value: summary.p95,
        summary,
        target: targets.search,
        baseline: {
          label: 'LIKE over the same columns',
          value: p50(like),
          unit: 'ms',
          ratio: p50(like) / p50(fts),
          ratioMeaning: 'speed-up over LIKE',
        },
        notes:
          unranked.length > 0
            ? `messages matched newest first instead of by rank: p50 ${p50(unranked).toFixed(1)} ms`
            : undefined,
      }),
    );
  }
  // The planted words are where the dataset put them: the figures measure what they claim.
  const rareHits = await client.call('tickets.search', { query: dataset.planted.rare.word, limit });
  const countMatches = (word: string) =>
    (
      client.db
        .prepare('SELECT COUNT(*) AS n FROM messages_fts WHERE messages_fts MATCH ?')
        .get(`"${word}"*`) as { n: number }
    ).n;
  return {
    figures,
    checks: {
      commonWordMessages: countMatches(dataset.planted.common.word),
      rareWordMessages: countMatches(dataset.planted.rare.word),
      rareWordFound: rareHits.some((h) => h.ticket.id === dataset.planted.rare.ticketId),
    },
  };
}
