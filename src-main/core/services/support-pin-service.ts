import { z } from 'zod';
import {
  SupportPinIssued,
  SupportPinRedeemed,
  SupportPinStatus,
  type SupportPinStored,
} from '../../../src-shared/domain/units.js';
import type { ActiveProfile } from '../active-profile.js';
import type { Handlers } from '../api/dispatch.js';
import type { SecretBox } from '../core-types.js';
import { onlineCall } from '../sync/online-call.js';

type SupportPinCalls =
  'supportPin.issue' | 'supportPin.clear' | 'supportPin.status' | 'supportPin.redeem';

export interface SupportPinServiceDeps {
  active(): Promise<ActiveProfile>;
  secrets: SecretBox;
  now?: () => Date;
}

const pinPath = (siteId: string) => `/sites/v1/${encodeURIComponent(siteId)}/support-pin`;

/**
 * The one-time support PIN, online only (there is nothing to queue: it works now or not at
 * all). A site manager issues, renews, clears and follows it; a technician redeems it, and the
 * site's PTI configuration that comes back is sealed and stored here for the PTI connector. The
 * configuration never reaches the renderer: `supportPin.redeem` answers where it went, not
 * what it is.
 */
export function supportPinHandlers(deps: SupportPinServiceDeps): Pick<Handlers, SupportPinCalls> {
  const now = deps.now ?? (() => new Date());
  return {
    'supportPin.issue': async ({ siteId, ttlMinutes }) => {
      const p = await deps.active();
      return onlineCall(p, 'issue a support PIN', (token) =>
        p.client.send(
          token,
          {
            method: 'POST',
            path: pinPath(siteId),
            body: ttlMinutes === undefined ? {} : { ttlMinutes },
          },
          SupportPinIssued,
        ),
      );
    },

    'supportPin.clear': async ({ siteId }) => {
      const p = await deps.active();
      return onlineCall(p, 'clear the support PIN', (token) =>
        p.client.send(
          token,
          { method: 'DELETE', path: pinPath(siteId) },
          z.object({ cleared: z.boolean() }),
        ),
      );
    },

    'supportPin.status': async ({ siteId }) => {
      const p = await deps.active();
      return onlineCall(p, "see the site's support PIN", (token) =>
        p.client.send(token, { method: 'GET', path: pinPath(siteId) }, SupportPinStatus),
      );
    },

    'supportPin.redeem': async ({ siteId, pin }) => {
      const p = await deps.active();
      const redeemed = await onlineCall(p, 'use a support PIN', (token) =>
        p.client.send(
          token,
          { method: 'POST', path: `${pinPath(siteId)}/redeem`, body: { pin } },
          SupportPinRedeemed,
        ),
      );
      return storeRedeemed(p, deps.secrets, redeemed, now());
    },
  };
}

/**
 * Keeps a redeemed configuration, sealed. As the site's PTI connection when the gateway's
 * address is known (from the server, or from a connection already set up here); otherwise in
 * the sealed credentials table until the address is entered in the site's PTI settings.
 */
async function storeRedeemed(
  p: ActiveProfile,
  secrets: SecretBox,
  redeemed: SupportPinRedeemed,
  at: Date,
): Promise<SupportPinStored> {
  const { site } = redeemed;
  const receivedAt = at.toISOString();
  const answer = (storedAs: SupportPinStored['storedAs']): SupportPinStored => ({
    siteId: site.id,
    siteCode: site.code,
    siteName: site.name,
    receivedAt,
    storedAs,
  });

  const existing = await p.db.read('pti.sites.config', { siteCode: site.code });
  const gatewayUrl = redeemed.secrets.gatewayUrl ?? existing?.gatewayUrl ?? null;
  if (gatewayUrl !== null) {
    const saved = await p.db.write('pti.sites.save', {
      siteCode: site.code,
      gatewayUrl,
      username: redeemed.secrets.username,
      siteKeySealed: secrets.seal(redeemed.secrets.siteKey),
      passwordSealed: secrets.seal(redeemed.secrets.password),
      at: receivedAt,
    });
    if (saved.refused === null) {
      p.changed(saved.tables);
      return answer('pti_site');
    }
  }
  const { tables } = await p.db.write('siteCredentials.store', {
    siteId: site.id,
    siteCode: site.code,
    sealed: secrets.seal(
      JSON.stringify({
        siteKey: redeemed.secrets.siteKey,
        username: redeemed.secrets.username,
        password: redeemed.secrets.password,
      }),
    ),
    receivedAt,
  });
  p.changed(tables);
  return answer('credentials');
}
