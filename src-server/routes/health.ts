import type { FastifyInstance } from 'fastify';
import type { RouteContext } from './context.js';

export const serverName = 'gatedesk-support-server';

export function registerHealthRoutes(app: FastifyInstance, context: RouteContext): void {
  app.get('/health', async () => ({
    ok: true,
    name: serverName,
    schemaVersion: context.schemaVersion,
  }));
}
