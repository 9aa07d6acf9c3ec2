import { createSupportServer } from './app.js';
import { demoAccounts } from './seed/demo-accounts.js';
import type { DemoAccounts } from './seed/demo-accounts.js';

export interface EmbeddedSupportServer {
  url: string;
  close(): Promise<void>;
  /** Accounts the demo can sign in with. */
  demo: DemoAccounts;
}

/** The support server as the desktop demo runs it: loopback, any free port, demo data. */
export async function startEmbeddedSupportServer(options: {
  dataDir: string;
}): Promise<EmbeddedSupportServer> {
  const server = await createSupportServer({
    dataDir: options.dataDir,
    host: '127.0.0.1',
    port: 0,
    seed: 'demo',
  });
  return {
    url: server.url,
    close: server.close,
    demo: {
      technician: { ...demoAccounts.technician },
      siteManager: { ...demoAccounts.siteManager },
      installer: { ...demoAccounts.installer },
      admin: { ...demoAccounts.admin },
    },
  };
}
