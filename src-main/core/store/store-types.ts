import type { SalvagedQueue } from './salvage.js';
import type {
  QueryArgs,
  ReadName,
  ReadResult,
  SchemaName,
  WriteName,
  WriteResult,
} from './registry.js';

/** A handle to one open database file. */
export interface StoreDb {
  read<K extends ReadName>(name: K, args: QueryArgs<K>): Promise<ReadResult<K>>;
  /** Runs in one transaction; the result names the tables it changed. */
  write<K extends WriteName>(name: K, args: QueryArgs<K>): Promise<WriteResult<K>>;
  close(): Promise<void>;
}

/** Opens database files; the worker implementation keeps SQLite off the main thread. */
export interface Store {
  open(file: string, schema: SchemaName): Promise<StoreDb>;
  /**
   * Reads what a damaged profile database still holds of its queue of changes, without writing
   * to it. A store without it (a wrapper in a tool) recovers nothing from a damaged file.
   */
  salvage?(file: string): Promise<SalvagedQueue>;
  close(): Promise<void>;
}

export interface StoreRequest {
  id: number;
  op: 'open' | 'read' | 'write' | 'close' | 'salvage';
  handle?: number;
  file?: string;
  schema?: SchemaName;
  name?: string;
  args?: unknown;
}

export type StoreResponse =
  | { id: number; ok: true; value: unknown }
  | {
      id: number;
      ok: false;
      error: {
        name: string;
        message: string;
        code?: string;
        fileVersion?: number;
        appVersion?: number;
      };
    };
