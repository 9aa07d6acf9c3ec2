import { StoreEngine } from './engine.js';
import { handleOver, type Send } from './stores.js';
import type { Store } from './store-types.js';

// Kept apart from stores.ts so the shells' bundles never load better-sqlite3 on the main thread.
/** The same engine on the calling thread: for tests of queries and migrations, and tools. */
export function createInlineStore(): Store {
  const engine = new StoreEngine();
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
    }
  };
  return {
    async open(file, schema) {
      return handleOver(send, engine.open(file, schema));
    },
    async close() {
      engine.closeAll();
    },
  };
}
