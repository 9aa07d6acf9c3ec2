import { useSyncExternalStore } from 'react';
import { getAppBridge } from '../api/bridge';
import type { ConnectionStatus } from '../api/ws-bridge';

export function useConnectionStatus(): ConnectionStatus {
  const { connection } = getAppBridge();
  return useSyncExternalStore(connection.subscribe, connection.getStatus);
}
