import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance, FastifySchema } from 'fastify';
import { z } from 'zod';

/**
 * What a route says about itself in the OpenAPI description at /docs. The schemas are the zod
 * schemas the route validates with; they are turned into JSON Schema for the documentation only,
 * so zod stays the one validator and Fastify never filters or serialises by them.
 */
export interface RouteDocs {
  summary: string;
  description?: string;
  tags: string[];
  /** True for routes that need `Authorization: Bearer <access token>`. */
  signedIn?: boolean;
  body?: z.ZodType;
  querystring?: z.ZodType;
  params?: z.ZodType;
  /** Status code → what comes back (a zod schema, or a sentence for bodies that are not JSON). */
  responses?: Record<number, z.ZodType | string>;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    docs?: RouteDocs;
  }
}

export const apiDocsPath = '/docs';

/**
 * Serves the API description: the interactive page at /docs and the OpenAPI document at
 * /docs/json. Register it before the routes so that it sees every one of them.
 */
export function registerApiDocs(app: FastifyInstance, info: { version: string }): void {
  void app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'Gatedesk support server',
        description:
          'Tickets, sync, accounts, email notifications and attachments. Errors answer ' +
          '`{"error": {"code", "message", "issues"?}}`; `message` says what to fix.',
        version: info.version,
      },
      components: {
        securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
      },
    },
    transform: ({ schema, url, route }) => {
      const docs = route.config?.docs;
      return { schema: docs ? toFastifySchema(docs) : (schema ?? {}), url };
    },
  });
  void app.register(swaggerUi, { routePrefix: apiDocsPath });
}

const jsonSchema = (schema: z.ZodType) =>
  z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any', target: 'openapi-3.0' });

function toFastifySchema(docs: RouteDocs): FastifySchema {
  const schema: Record<string, unknown> = { summary: docs.summary, tags: docs.tags };
  if (docs.description) schema.description = docs.description;
  if (docs.signedIn) schema.security = [{ bearer: [] }];
  if (docs.body) schema.body = jsonSchema(docs.body);
  if (docs.querystring) schema.querystring = jsonSchema(docs.querystring);
  if (docs.params) schema.params = jsonSchema(docs.params);
  if (docs.responses) {
    schema.response = Object.fromEntries(
      Object.entries(docs.responses).map(([status, response]) => [
        status,
        typeof response === 'string'
          ? { description: response, type: 'null' }
          : { description: describeStatus(Number(status)), ...jsonSchema(response) },
      ]),
    );
  }
  return schema as FastifySchema;
}

function describeStatus(status: number): string {
  const known: Record<number, string> = {
    200: 'OK',
    201: 'Created',
    202: 'Accepted',
    204: 'No content',
    400: 'The input is not valid; `issues` names each field',
    401: 'Not signed in, or the session has ended',
    403: 'Not allowed for this account',
    404: 'Not found',
    409: 'Conflict',
    413: 'Too large',
    415: 'Content refused',
    429: 'Too many attempts; wait for Retry-After seconds',
  };
  return known[status] ?? 'Response';
}

/** The error body every failure answers with. */
export const ErrorResponse = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    issues: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  }),
});
