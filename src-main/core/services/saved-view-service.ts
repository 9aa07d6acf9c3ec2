import { randomUUID } from 'node:crypto';
import { SAVED_VIEWS_MAX } from '../../../src-shared/domain/saved-views.js';
import type { ActiveProfile } from '../active-profile.js';
import type { Handlers } from '../api/dispatch.js';
import { ServiceError } from '../api/errors.js';

export interface SavedViewServiceDeps {
  active(): Promise<ActiveProfile>;
  now?: () => Date;
}

/**
 * The user's saved views: kept in the active profile's database, never sent to the server, so
 * saving one works offline and each server profile has its own.
 */
export function savedViewHandlers(
  deps: SavedViewServiceDeps,
): Pick<Handlers, 'views.list' | 'views.save' | 'views.remove'> {
  const now = deps.now ?? (() => new Date());
  return {
    'views.list': async () => (await deps.active()).db.read('savedViews.list', {}),

    'views.save': async ({ id, name, query }) => {
      const p = await deps.active();
      const create = id === undefined;
      if (create && (await p.db.read('savedViews.count', {})) >= SAVED_VIEWS_MAX)
        throw new ServiceError(
          'conflict',
          `You have ${SAVED_VIEWS_MAX} saved views, the most there can be: delete one you no longer use first.`,
        );
      const result = await p.db.write('savedViews.save', {
        id: id ?? randomUUID(),
        name,
        query: query ?? null,
        create,
        at: now().toISOString(),
      });
      if (result.outcome === 'name_taken')
        throw new ServiceError(
          'conflict',
          `You already have a view named "${result.name}": choose another name.`,
          [{ path: 'name', message: 'a view with this name exists already' }],
        );
      if (result.outcome === 'missing')
        throw new ServiceError('not_found', 'That view was deleted meanwhile.');
      p.changed(result.tables);
      return result.view;
    },

    'views.remove': async ({ id }) => {
      const p = await deps.active();
      const { tables } = await p.db.write('savedViews.delete', { id });
      // Removing a view that is already gone is what the user wanted: not an error.
      if (tables.length > 0) p.changed(tables);
      return {};
    },
  };
}
