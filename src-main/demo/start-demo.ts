import { join } from 'node:path';
import { startEmbeddedSupportServer } from '../../src-server/embedded.js';
import { startEmbeddedPtiGateway } from '../../src-pti-gateway/embedded.js';
import type { CoreLogger, DemoEnvironment } from '../core/core-types.js';

/**
 * The embedded demo of DESIGN.md: the real support server and PTI gateway emulator, in-process,
 * on loopback, with seeded data kept under the app's data directory between launches.
 */
export async function startDemo(options: {
  dataDir: string;
  logger: CoreLogger;
}): Promise<DemoEnvironment> {
  const server = await startEmbeddedSupportServer({
    dataDir: join(options.dataDir, 'demo', 'server'),
  });
  let gateway;
  try {
    gateway = await startEmbeddedPtiGateway({
      dataDir: join(options.dataDir, 'demo', 'pti-gateway'),
    });
  } catch (error) {
    await server.close();
    throw error;
  }
  options.logger.info('demo started', { serverUrl: server.url, gatewayUrl: gateway.url });
  return {
    serverUrl: server.url,
    gatewayUrl: gateway.url,
    account: server.demo.technician,
    async close() {
      await Promise.allSettled([gateway.close(), server.close()]);
    },
  };
}
