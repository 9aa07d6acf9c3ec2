import type { FaultSwitches } from '../src-shared/pti/protocol.js';
import type { RandomInt } from './access-codes.js';
import type { SessionTable } from './sessions.js';
import type { StateStore } from './state-file.js';

/** What every route of one running gateway shares. */
export interface GatewayContext {
  store: StateStore;
  sessions: SessionTable;
  /** Null when the gateway was started without fault switches. */
  faults: FaultSwitches | null;
  now: () => Date;
  random?: RandomInt;
}
