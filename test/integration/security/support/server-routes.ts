import { sql, type Kysely } from 'kysely';
import type { Database } from '../../../../src-server/db/schema.js';
import type { JsonSchema } from './schema-arbitrary.js';

/**
 * The support server's routes as the server itself describes them (its OpenAPI document, built
 * from Fastify's route table as each route is registered), so a route added tomorrow is fuzzed
 * and checked for authorisation without anyone listing it here.
 */
export interface ServerRoute {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** OpenAPI form: /admin/v1/users/{id} */
  path: string;
  pathParams: Record<string, JsonSchema>;
  query: JsonSchema | null;
  body: JsonSchema | null;
  /** The route says it needs `Authorization: Bearer`. */
  signedIn: boolean;
  tags: string[];
}

interface OpenApiOperation {
  tags?: string[];
  security?: unknown[];
  parameters?: { in: string; name: string; required?: boolean; schema?: JsonSchema }[];
  requestBody?: { content?: Record<string, { schema?: JsonSchema }> };
}

export async function serverRoutes(baseUrl: string): Promise<ServerRoute[]> {
  const response = await fetch(`${baseUrl}/docs/json`);
  if (!response.ok) throw new Error(`the server's API document answered ${response.status}`);
  const doc = (await response.json()) as {
    paths: Record<string, Record<string, OpenApiOperation>>;
  };
  const routes: ServerRoute[] = [];
  for (const [path, operations] of Object.entries(doc.paths)) {
    // The documentation's own pages are static; everything else is the API.
    if (path.startsWith('/docs')) continue;
    for (const [method, operation] of Object.entries(operations)) {
      const upper = method.toUpperCase();
      if (!['GET', 'POST', 'PUT', 'PATCH', 'DELETE'].includes(upper)) continue;
      const parameters = operation.parameters ?? [];
      const queryParams = parameters.filter((p) => p.in === 'query');
      routes.push({
        method: upper as ServerRoute['method'],
        path,
        pathParams: Object.fromEntries(
          [...path.matchAll(/\{(\w+)\}/g)].map(([, name]) => [
            name!,
            parameters.find((p) => p.in === 'path' && p.name === name)?.schema ?? {
              type: 'string',
            },
          ]),
        ),
        query: queryParams.length
          ? {
              type: 'object',
              properties: Object.fromEntries(queryParams.map((p) => [p.name, p.schema ?? {}])),
              required: queryParams.filter((p) => p.required).map((p) => p.name),
            }
          : null,
        body: operation.requestBody?.content?.['application/json']?.schema ?? null,
        signedIn: (operation.security ?? []).length > 0,
        tags: operation.tags ?? [],
      });
    }
  }
  return routes;
}

/**
 * Fills an OpenAPI path with values: /admin/v1/users/{id} → /admin/v1/users/7f3c… Values that
 * start with "%" are sent as they are (already encoded: %00, overlong or broken UTF-8).
 */
export function fillPath(path: string, values: Record<string, string>): string {
  return path.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = values[name] ?? '';
    if (value.startsWith('%')) return value;
    // Half a surrogate pair has no UTF-8 form; send what a browser would (U+FFFD).
    return [...Buffer.from(value, 'utf8')]
      .map((byte) =>
        /[A-Za-z0-9_.~-]/.test(String.fromCharCode(byte))
          ? String.fromCharCode(byte)
          : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`,
      )
      .join('');
  });
}

/** Path segments already percent-encoded: NUL, overlong and broken UTF-8, encoded traversal. */
export const encodedSegments = [
  '%00',
  '%C0%AF',
  '%ED%A0%80',
  '%FF%FE',
  '%2e%2e%2f%2e%2e%2f',
  '%2F',
  '%25',
];

/**
 * Counts the rows in every table of the server's database (a refused request must change
 * none). The tables are listed once; the returned function counts them all in one query.
 */
export async function tableCounter(
  db: Kysely<Database>,
): Promise<() => Promise<Record<string, number>>> {
  const tables = await sql<{ name: string }>`
    select table_name as name from information_schema.tables
    where table_schema = current_schema() and table_type = 'BASE TABLE' order by 1`.execute(db);
  const union = tables.rows
    .map((t) => `select '${t.name}' as name, count(*)::int as n from "${t.name}"`)
    .join(' union all ');
  return async () => {
    const counts = await sql<{ name: string; n: number }>`${sql.raw(union)}`.execute(db);
    return Object.fromEntries(counts.rows.map((r) => [r.name, r.n]));
  };
}
