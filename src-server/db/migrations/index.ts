import { initial } from './0001_initial.js';
import type { Migration } from './migration.js';

/** Every migration this server knows, in order. Append only. */
export const migrations: readonly Migration[] = [initial];
