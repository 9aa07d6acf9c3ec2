import type { EventName, EventPayload } from '../../src-shared/contract.js';
import type { Dispatch } from './api/dispatch.js';

/** Encrypts secrets (tokens, PTI passwords) at rest. Electron: safeStorage; web host: a 0600 key file. */
export interface SecretBox {
  readonly kind: 'safeStorage' | 'keyFile' | 'memory';
  seal(plain: string): Buffer;
  open(sealed: Buffer): string;
}

export interface CoreLogger {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

export type CoreEventListener<E extends EventName> = (payload: EventPayload<E>) => void;

export interface CoreEvents {
  on<E extends EventName>(event: E, listener: CoreEventListener<E>): () => void;
  /** Every event, for transports that forward everything (IPC, WebSocket). */
  onAny(listener: (event: EventName, payload: unknown) => void): () => void;
}

/** The desktop core as the shells see it: one dispatch for calls, one stream of events. */
export interface Core {
  dispatch: Dispatch;
  events: CoreEvents;
  close(): Promise<void>;
}

/** What the embedded demo hands the core: where its servers listen and the demo account. */
export interface DemoEnvironment {
  serverUrl: string;
  gatewayUrl: string;
  account: { email: string; password: string };
  /**
   * PTI sites the demo profile starts with, set up as an installer would (secrets sealed the
   * usual way): the emulator's own demo sites and credentials.
   */
  ptiSites?: readonly DemoPtiSite[];
  close(): Promise<void>;
}

export interface DemoPtiSite {
  siteCode: string;
  gatewayUrl: string;
  siteKey: string;
  username: string;
  password: string;
}
