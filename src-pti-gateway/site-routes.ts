import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { ptiErrorCodes } from '../src-shared/pti/error-codes.js';
import {
  KeypadEntryRequest,
  RegenerateCodeRequest,
  RentalResyncRequest,
  RentRequest,
  ResyncRequest,
  SessionRequest,
  SetAccessLevelRequest,
  SetZoneRequest,
  SiteDefaults,
} from '../src-shared/pti/protocol.js';
import type { EventsResponse, SiteSnapshot } from '../src-shared/pti/protocol.js';
import { authorise, commandRoute, parseInput } from './command-route.js';
import type { GatewayContext } from './context.js';
import { GatewayError } from './errors.js';
import { enterCode } from './keypad-entries.js';
import * as operations from './operations.js';
import { resyncSite } from './resync.js';
import { secretsMatch } from './sessions.js';
import { siteView, unitView, userView } from './site-model.js';
import type { SiteState } from './state.js';

const NoBody = z.object({}).strict();

const EventsQuery = z
  .object({
    after: z.coerce.number().int().min(0).default(0),
    limit: z.coerce.number().int().min(1).max(1000).default(100),
  })
  .strict();

function snapshotOf(site: SiteState): SiteSnapshot {
  return {
    site: siteView(site),
    areas: site.areas,
    schedules: site.schedules,
    accessLevels: site.accessLevels,
    keypads: site.keypads,
    units: site.units.map((u) => unitView(site, u)),
    users: site.users.map((u) => userView(site, u)),
  };
}

/** Every /v1/sites/{siteCode}/… route of the gateway protocol (docs/pti-gateway-protocol.md). */
export function registerSiteRoutes(app: FastifyInstance, context: GatewayContext): void {
  const prefix = '/v1/sites/:site';
  const byCode = (code: string) => context.store.state.sites.find((s) => s.code === code);

  app.post<{ Params: { site: string } }>(`${prefix}/session`, async (request) => {
    const { siteKey, username, password } = parseInput(SessionRequest, request.body ?? {});
    const site = byCode(request.params.site);
    // An unknown site gets the same answer as a wrong password, so site codes cannot be probed.
    const valid =
      site !== undefined &&
      secretsMatch(siteKey, site.siteKey) &&
      secretsMatch(username, site.username) &&
      secretsMatch(password, site.password);
    if (!valid) throw new GatewayError(ptiErrorCodes.badCredentials);
    return context.sessions.open(site.code);
  });

  app.delete(`${prefix}/session`, async (request, reply) => {
    authorise(context, request);
    const token = /^Bearer\s+(\S+)/i.exec(request.headers.authorization ?? '')?.[1];
    if (token) context.sessions.close(token);
    return reply.code(204).send();
  });

  app.get(prefix, async (request) => siteView(authorise(context, request)));
  app.get(`${prefix}/snapshot`, async (request) => snapshotOf(authorise(context, request)));
  app.get(`${prefix}/units`, async (request) => {
    const site = authorise(context, request);
    return { siteCode: site.code, units: site.units.map((u) => unitView(site, u)) };
  });
  app.get(`${prefix}/users`, async (request) => {
    const site = authorise(context, request);
    return { siteCode: site.code, users: site.users.map((u) => userView(site, u)) };
  });
  app.get(`${prefix}/access`, async (request) => {
    const site = authorise(context, request);
    const { areas, schedules, accessLevels, keypads, defaults } = site;
    return { siteCode: site.code, defaults, areas, schedules, accessLevels, keypads };
  });
  app.get(`${prefix}/events`, async (request): Promise<EventsResponse> => {
    const site = authorise(context, request);
    const { after, limit } = parseInput(EventsQuery, request.query ?? {});
    const events = site.events.filter((e) => e.seq > after).slice(0, limit);
    return { events, next: events.at(-1)?.seq ?? after };
  });

  const unit = `${prefix}/units/:unit`;
  const customer = `${prefix}/customers/:customer`;
  const command = <S extends z.ZodType>(spec: Parameters<typeof commandRoute<S>>[2]) =>
    commandRoute(app, context, spec);

  command({
    method: 'POST',
    url: `${unit}/rent`,
    body: RentRequest,
    run: (site, input, params) => operations.rent(site, params.unit!, input, context.random),
  });
  command({
    method: 'POST',
    url: `${unit}/vacate`,
    body: NoBody,
    run: (site, _input, params) => operations.vacate(site, params.unit!),
  });
  command({
    method: 'POST',
    url: `${unit}/lock`,
    body: NoBody,
    run: (site, _input, params) => operations.lock(site, params.unit!),
  });
  command({
    method: 'POST',
    url: `${unit}/unlock`,
    body: NoBody,
    run: (site, _input, params) => operations.unlock(site, params.unit!),
  });
  command({
    method: 'PUT',
    url: `${unit}/rental`,
    body: RentalResyncRequest,
    run: (site, input, params) => operations.resyncRental(site, params.unit!, input),
  });
  command({
    method: 'POST',
    url: `${customer}/regenerate-code`,
    body: RegenerateCodeRequest,
    run: (site, input, params) =>
      operations.regenerateCode(site, params.customer!, input, context.random),
  });
  command({
    method: 'PUT',
    url: `${customer}/access-level`,
    body: SetAccessLevelRequest,
    run: (site, input, params) =>
      operations.setAccessLevel(site, params.customer!, input.accessLevel),
  });
  command({
    method: 'PUT',
    url: `${customer}/zone`,
    body: SetZoneRequest,
    run: (site, input, params) => operations.setZone(site, params.customer!, input.zone),
  });
  command({
    method: 'DELETE',
    url: customer,
    body: NoBody,
    run: (site, _input, params) => operations.deleteCustomer(site, params.customer!),
  });
  command({
    method: 'PUT',
    url: `${prefix}/defaults`,
    body: SiteDefaults,
    run: (site, input) => operations.setDefaults(site, input),
  });
  command({
    method: 'PUT',
    url: `${prefix}/state`,
    body: ResyncRequest,
    run: (site, input) => resyncSite(site, input),
  });
  command({
    method: 'POST',
    url: `${prefix}/keypads/:keypad/entries`,
    body: KeypadEntryRequest,
    keyOptional: true,
    run: (site, input, params) => enterCode(site, params.keypad!, input, context.now()),
  });
}
