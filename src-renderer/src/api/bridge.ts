import type { GatedeskBridge, GatedeskFiles } from '../../../src-preload/index';
import { WS_PATH } from '../../../src-shared/ws-protocol';
import { createWsBridge, type ConnectionMonitor, type ConnectionStatus } from './ws-bridge';

declare global {
  interface Window {
    /** Present only in Electron, where the preload exposes the contract. */
    gatedesk?: GatedeskBridge;
    /** Electron only: local paths of picked or dropped files, for attachments.stageFile. */
    gatedeskFiles?: GatedeskFiles;
  }
}

/**
 * Where attachments can come from: in Electron a picked file has a local path the core copies;
 * a browser gives no paths, so there the file is uploaded to the web host (attachment-upload.ts).
 */
export function localFilePaths(): GatedeskFiles | null {
  return window.gatedeskFiles ?? null;
}

export interface AppBridge {
  bridge: GatedeskBridge;
  connection: ConnectionMonitor;
}

/** Electron's IPC cannot drop while the window lives, so its connection is always open. */
const ipcConnection: ConnectionMonitor = {
  getStatus: (): ConnectionStatus => 'open',
  subscribe: () => () => undefined,
  retryNow: () => undefined,
};

export function webSocketUrl(location: Pick<Location, 'protocol' | 'host'>): string {
  return `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}${WS_PATH}`;
}

let current: AppBridge | undefined;

/**
 * The one bridge the renderer talks through: the preload's in Electron, otherwise one built over
 * the web host's WebSocket (the browser already holds the host's auth cookie for that origin).
 */
export function getAppBridge(): AppBridge {
  if (current) return current;
  if (window.gatedesk) {
    current = { bridge: window.gatedesk, connection: ipcConnection };
  } else {
    const ws = createWsBridge({ url: webSocketUrl(window.location), WebSocket });
    // The OS noticing the network is back is a better moment to retry than the next backoff tick.
    window.addEventListener('online', () => ws.connection.retryNow());
    current = { bridge: ws.bridge, connection: ws.connection };
  }
  return current;
}
