import { describeZodError } from '../../../src-shared/result.js';
import { findBrokenText } from '../../../src-shared/text-input.js';
import { isMutationName, mutationArgs } from '../../../src-shared/mutations.js';
import type { Mutation, MutationArgs, MutationName } from '../../../src-shared/mutations.js';
import { applyCreate } from './create.js';
import { applyAssign, applySetPriority } from './fields.js';
import { applyNote, applyReply } from './messages.js';
import { applyReopen, applySetStatus } from './status.js';
import { applySurvey } from './survey.js';
import { applyUnitCreate, applyUnitRemove, applyUnitSetMapping } from '../../units/apply.js';
import {
  applyCallbackBook,
  applyCallbackComplete,
  applyCallbackRequest,
} from '../../callbacks/apply.js';
import { rejected } from './context.js';
import type { ApplyContext, ApplyResult } from './context.js';

type Handler<N extends MutationName> = (
  ctx: ApplyContext,
  args: MutationArgs<N>,
) => Promise<ApplyResult>;

const handlers: { [N in MutationName]: Handler<N> } = {
  'ticket.create': applyCreate,
  'ticket.reply': applyReply,
  'ticket.note': applyNote,
  'ticket.setStatus': applySetStatus,
  'ticket.reopen': applyReopen,
  'ticket.setPriority': applySetPriority,
  'ticket.assign': applyAssign,
  'ticket.survey': applySurvey,
  'callback.request': applyCallbackRequest,
  'callback.book': applyCallbackBook,
  'callback.complete': applyCallbackComplete,
  'unit.create': applyUnitCreate,
  'unit.setMapping': applyUnitSetMapping,
  'unit.remove': applyUnitRemove,
};

/**
 * Applies one intent mutation inside the caller's transaction: its arguments parsed with the
 * shared schema, then the handler checks role, scope and the status machine at apply time.
 */
export function applyMutation(
  ctx: Omit<ApplyContext, 'baseVersion'>,
  mutation: Mutation,
): Promise<ApplyResult> {
  // A NUL or half a surrogate pair could never be stored: refused, not retried for ever.
  const broken = findBrokenText({ name: mutation.name, args: mutation.args });
  if (broken) {
    return Promise.resolve(rejected('invalid_args', `${broken.path}: ${broken.message}.`));
  }
  if (!isMutationName(mutation.name)) {
    return Promise.resolve(
      rejected(
        'unknown_mutation',
        `"${mutation.name}" is not a change this server knows. Update Gatedesk, then try again.`,
      ),
    );
  }
  const baseVersion = mutation.baseVersion;
  if (baseVersion !== null && !/^\d{1,15}$/.test(baseVersion)) {
    return Promise.resolve(
      rejected('invalid_args', 'baseVersion: send the version of the row as the server sent it.'),
    );
  }
  return run(
    { ...ctx, baseVersion: baseVersion === null ? null : Number(baseVersion) },
    mutation.name,
    mutation.args,
  );
}

function run<N extends MutationName>(
  ctx: ApplyContext,
  name: N,
  rawArgs: unknown,
): Promise<ApplyResult> {
  const parsed = mutationArgs[name].safeParse(rawArgs);
  if (!parsed.success) {
    return Promise.resolve(rejected('invalid_args', describeZodError(parsed.error).message));
  }
  const handler = handlers[name] as Handler<N>;
  return handler(ctx, parsed.data as MutationArgs<N>);
}
