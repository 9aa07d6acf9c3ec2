import { z } from 'zod';
import { Instant, TicketListQuery } from './ticket.js';

/**
 * Saved views ("My views"): a queue's filters and sort kept under a name the user chose. They
 * live in the profile's local database, so they are per server profile and per computer, and
 * work offline like the rest of the queue.
 */

export const SAVED_VIEW_NAME_MAX = 60;
export const SAVED_VIEWS_MAX = 100;

/** What a saved view shows: every filter of the queue, and its order (never a page window). */
export const SavedViewQuery = TicketListQuery.omit({ offset: true, limit: true });
export type SavedViewQuery = z.input<typeof SavedViewQuery>;

export const SavedViewName = z
  .string()
  .trim()
  .min(1, 'give the view a name')
  .max(SAVED_VIEW_NAME_MAX, `a view's name is at most ${SAVED_VIEW_NAME_MAX} characters`);

export const SavedView = z.object({
  id: z.string().min(1),
  name: z.string(),
  query: SavedViewQuery,
  createdAt: Instant,
  updatedAt: Instant,
});
export type SavedView = z.output<typeof SavedView>;

/** A new view (no id), or a change to one: a new name, new filters, or both. */
export const SavedViewInput = z
  .object({
    id: z.string().min(1).max(100).optional(),
    name: SavedViewName,
    query: SavedViewQuery.optional(),
  })
  .strict()
  .refine((input) => input.id !== undefined || input.query !== undefined, {
    message: 'a new view needs the filters to save',
    path: ['query'],
  });
export type SavedViewInput = z.input<typeof SavedViewInput>;

export const savedViewCalls = {
  /** The user's saved views, by name. */
  'views.list': { input: z.object({}).strict(), output: z.array(SavedView) },
  /** Creates a view, or renames it or replaces its filters (by id). */
  'views.save': { input: SavedViewInput, output: SavedView },
  'views.remove': {
    input: z.object({ id: z.string().min(1).max(100) }).strict(),
    output: z.object({}),
  },
} as const;
