import { createHash } from 'node:crypto';
import type { SiteState, StoredReply } from './state.js';

/** Stored replies are kept this long, and at most `replyLimit` of them per site. */
export const replyRetentionMs = 7 * 24 * 60 * 60 * 1000;
export const replyLimit = 1000;

/**
 * What makes two requests "the same" for an Idempotency-Key: the route, its parameters and the
 * body, with object keys sorted so that field order does not matter.
 */
export function requestFingerprint(
  method: string,
  route: string,
  params: unknown,
  body: unknown,
): string {
  return createHash('sha256')
    .update(`${method} ${route}\n${canonicalJson(params)}\n${canonicalJson(body ?? null)}`)
    .digest('hex');
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

export function findReply(site: SiteState, key: string): StoredReply | undefined {
  for (let i = site.replies.length - 1; i >= 0; i--)
    if (site.replies[i]!.key === key) return site.replies[i];
  return undefined;
}

/** Adds a reply and lets old ones go, oldest first. */
export function rememberReply(site: SiteState, reply: StoredReply): void {
  const oldest = reply.at - replyRetentionMs;
  const kept = site.replies.filter((r) => r.at >= oldest);
  kept.push(reply);
  site.replies = kept.length > replyLimit ? kept.slice(kept.length - replyLimit) : kept;
}
