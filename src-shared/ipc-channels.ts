/** Electron IPC channel names; one invoke channel per contract call, one channel for all events. */
export const IPC_CALL_PREFIX = 'gatedesk:call:';
export const IPC_EVENT_CHANNEL = 'gatedesk:event';
