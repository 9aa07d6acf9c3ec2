import { z } from 'zod';
import type { CallInput } from '../../../src-shared/contract';
import type { TicketDetail } from '../../../src-shared/domain/timeline';
import { NewTicketInput } from '../../../src-shared/domain/timeline';
import type { ProductLine } from '../../../src-shared/domain/ticket';

/**
 * The new-ticket form's schema: the contract's NewTicketInput, field for field, with one change
 * for how forms work: an optional text field left empty means "none" (null), not "".
 */
const fields = NewTicketInput.shape;

const blankIsNull = (schema: z.ZodType<string | null, string | null>) =>
  z
    .string()
    .transform((value) => (value.trim() === '' ? null : value))
    .pipe(schema);

export const NewTicketForm = z.object({
  productLine: fields.productLine,
  helpTopic: blankIsNull(fields.helpTopic.unwrap()),
  category: fields.category,
  priority: fields.priority,
  siteId: blankIsNull(fields.siteId.unwrap()),
  subject: fields.subject,
  description: fields.description,
  internalReference: blankIsNull(fields.internalReference.unwrap()),
});
export type NewTicketFormValues = z.input<typeof NewTicketForm>;
export type NewTicketFormOutput = z.output<typeof NewTicketForm>;

/**
 * A technician's ticket belongs to the customer whose site it names, so the server refuses one
 * without a site (a follow-up takes the closed ticket's customer instead). Asking here keeps the
 * refusal from arriving later, in the sync panel.
 */
export function newTicketFormFor(options: { siteRequired: boolean }) {
  if (!options.siteRequired) return NewTicketForm;
  return NewTicketForm.superRefine((values, ctx) => {
    if (values.siteId === null)
      ctx.addIssue({
        code: 'custom',
        path: ['siteId'],
        message: 'choose the customer’s site: the ticket belongs to that site’s organisation',
      });
  });
}

export const textFields = ['subject', 'description', 'helpTopic', 'internalReference'] as const;

export const emptyNewTicket: NewTicketFormValues = {
  productLine: 'pti_hardware',
  helpTopic: '',
  category: 'technical',
  priority: 'normal',
  siteId: '',
  subject: '',
  description: '',
  internalReference: '',
};

export function toCreateInput(
  values: NewTicketFormOutput,
  followUpOfId: string | null,
): CallInput<'tickets.create'> {
  return {
    ...values,
    unitId: null,
    followUpOfId,
    attachments: [],
  };
}

const SUBJECT_MAX = 200;

/** A follow-up of a closed ticket starts from its fields and links back to it. */
export function followUpValues(
  original: Pick<
    TicketDetail,
    'number' | 'subject' | 'productLine' | 'category' | 'priority' | 'helpTopic' | 'siteId'
  >,
): NewTicketFormValues {
  const subject = `Follow-up to ${original.number ?? 'an earlier ticket'}: ${original.subject}`;
  return {
    ...emptyNewTicket,
    productLine: original.productLine,
    category: original.category,
    priority: original.priority,
    helpTopic: original.helpTopic ?? '',
    siteId: original.siteId ?? '',
    subject: subject.length > SUBJECT_MAX ? `${subject.slice(0, SUBJECT_MAX - 1)}…` : subject,
  };
}

/**
 * Draft values from storage, kept only where they are still valid choices (a site that is no
 * longer offered simply shows as not chosen).
 */
export function restoreValues(stored: Record<string, string>): NewTicketFormValues {
  const values: NewTicketFormValues = { ...emptyNewTicket };
  for (const key of Object.keys(emptyNewTicket) as (keyof NewTicketFormValues)[]) {
    const value = stored[key];
    if (typeof value !== 'string') continue;
    const schema = NewTicketForm.shape[key] as z.ZodType;
    if (key === 'productLine' || key === 'category' || key === 'priority') {
      if (schema.safeParse(value).success) (values as Record<string, string>)[key] = value;
    } else {
      (values as Record<string, string>)[key] = value;
    }
  }
  return values;
}

/** Help topics of PTI's portal, offered as suggestions; any other topic can be typed. */
export const helpTopicSuggestions: Record<ProductLine, readonly string[]> = {
  pti_hardware: [
    'PTI Keypads',
    'Gates',
    'Door Alarms',
    'Elevators',
    'Intercoms',
    'Lighting Controls',
    'RMA (Return Merchandise Authorization)',
  ],
  pti_software: ['StorLogix', 'PTI Site Graphics', 'Upgrade to Preferred Support'],
  digigate_hardware: ['DigiGate Hardware', 'RMA (Return Merchandise Authorization)'],
  digigate_software: ['Digigate', 'Upgrade to Preferred Support'],
};
