import { createPtiGateway } from './app.js';
import { demoCredentials } from './demo-data.js';
import type { DemoSiteCredentials } from './demo-data.js';

export interface EmbeddedPtiGateway {
  url: string;
  close(): Promise<void>;
  /** How to reach each demo site, as an installer would enter it. */
  demo: { sites: DemoSiteCredentials[] };
}

/** The emulator as the desktop demo runs it: loopback, any free port, demo sites. */
export async function startEmbeddedPtiGateway(options: {
  dataDir: string;
  /** Serve the fault switches (POST /_faults), for training and tests; off by default. */
  faults?: boolean;
}): Promise<EmbeddedPtiGateway> {
  const gateway = await createPtiGateway({
    dataDir: options.dataDir,
    host: '127.0.0.1',
    port: 0,
    faults: options.faults === true,
  });
  return {
    url: gateway.url,
    close: gateway.close,
    demo: { sites: demoCredentials(gateway.state) },
  };
}
