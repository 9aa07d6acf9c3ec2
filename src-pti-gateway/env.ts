import { resolve } from 'node:path';

export interface GatewaySettings {
  host: string;
  port: number;
  dataDir: string;
  faults: boolean;
}

/**
 * `npm run pti-gateway`'s settings from the environment: HOST, PORT (default 4100),
 * GATEDESK_PTI_DATA (default ./.data/pti-gateway) and GATEDESK_PTI_FAULTS=1 for the fault
 * switches. Bad values come back as a sentence to show.
 */
export function readGatewaySettings(
  env: NodeJS.ProcessEnv,
  cwd: string,
): { ok: true; settings: GatewaySettings } | { ok: false; message: string } {
  const portText = env.PORT ?? '4100';
  const port = Number(portText);
  if (!/^\d+$/.test(portText) || port > 65535)
    return {
      ok: false,
      message: `PORT must be a whole number from 0 to 65535; it is "${portText}".`,
    };
  const faultsText = env.GATEDESK_PTI_FAULTS?.trim() ?? '';
  if (!['', '0', '1'].includes(faultsText))
    return {
      ok: false,
      message: `GATEDESK_PTI_FAULTS must be 1 (fault switches on) or 0; it is "${faultsText}".`,
    };
  return {
    ok: true,
    settings: {
      host: env.HOST?.trim() || '127.0.0.1',
      port,
      dataDir: resolve(cwd, env.GATEDESK_PTI_DATA?.trim() || '.data/pti-gateway'),
      faults: faultsText === '1',
    },
  };
}
