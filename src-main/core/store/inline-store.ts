import type Database from 'better-sqlite3';
import { StoreEngine } from './engine.js';
import { salvageQueue, type SalvagedQueue } from './salvage.js';
import { handleOver, type Send } from './stores.js';
import type { Store } from './store-types.js';

// Kept apart from stores.ts so the shells' bundles never load better-sqlite3 on the main thread.
/**
 * The same engine on the calling thread: for tests of queries and migrations, and tools.
 * `onOpen` hands a test each database as it opens, to inject faults SQLite itself raises.
 */
export function createInlineStore(
  options: { onOpen?: (file: string, db: Database.Database) => void } = {},
): Store {
  const engine = new StoreEngine(options.onOpen);
  const send: Send = async (request) => {
    switch (request.op) {
      case 'open':
        return engine.open(request.file!, request.schema!);
      case 'read':
        return structuredClone(engine.read(request.handle!, request.name!, request.args));
      case 'write':
        return engine.write(request.handle!, request.name!, request.args);
      case 'close':
        engine.close(request.handle!);
        return null;
      case 'salvage':
        return salvageQueue(request.file!);
    }
  };
  return {
    async open(file, schema) {
      return handleOver(send, engine.open(file, schema));
    },
    async salvage(file) {
      return (await send({ op: 'salvage', file })) as SalvagedQueue;
    },
    async close() {
      engine.closeAll();
    },
  };
}
