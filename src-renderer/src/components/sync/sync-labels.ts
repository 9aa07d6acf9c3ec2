import type { SyncStatus } from '../../../../src-shared/domain/sync';

export const syncStatusLabels: Record<SyncStatus, string> = {
  idle: 'Up to date',
  syncing: 'Syncing…',
  offline: 'Offline — changes are kept',
  unauthorized: 'Sign-in needed',
  error: 'Sync problem',
  no_profile: 'No server profile',
};
