import { useId, useState, type ReactNode } from 'react';
import {
  categories,
  priorities,
  productLines,
  ticketStatuses,
} from '../../../../src-shared/domain/ticket';
import { useDirectorySites, useDirectoryUsers } from '../../api/queries';
import type { TicketFilter } from '../../api/query-keys';
import {
  categoryLabels,
  priorityLabels,
  productLineLabels,
  statusLabels,
} from '../../format/ticket';
import { useViewer } from '../../hooks/use-viewer';
import { assigneeOptions } from '../../state/assignees';
import {
  daysOfRange,
  isRefined,
  rangeOfDays,
  withField,
  type Refinement,
} from '../../state/queue-filters';
import { SaveViewDialog } from './SaveViewDialog';
import './queue.css';

/** Select values that are not ids: no choice (the view's own), me, nobody. */
const ANY = '';
const ME = '@me';
const NOBODY = '@nobody';

type DateField = 'created' | 'updated';

/**
 * The filters over the queue: each control narrows the view shown, or replaces the view's own
 * choice for that field. Every control is a labelled native form control, so keyboards and
 * screen readers work as everywhere else; "Save as view" keeps the result under a name.
 */
export function FilterBar({
  viewFilter,
  refinement,
  onChange,
  filter,
}: {
  /** The view's own filter: says which controls start from the view's choice. */
  viewFilter: TicketFilter;
  refinement: Refinement;
  onChange: (refinement: Refinement) => void;
  /** What the queue shows now (view and refinement): what "Save as view" keeps. */
  filter: TicketFilter;
}) {
  const sites = useDirectorySites();
  const users = useDirectoryUsers();
  const viewer = useViewer();
  const staff = viewer.actor === 'staff';
  const [dateField, setDateField] = useState<DateField>(
    (refinement.created ?? (refinement.updated ? undefined : viewFilter.created))
      ? 'created'
      : 'updated',
  );
  const [saving, setSaving] = useState(false);
  const idBase = useId();

  const anyLabel = (field: keyof TicketFilter) =>
    viewFilter[field] !== undefined ? 'As in the view' : 'Any';
  const single = <T extends string>(values: readonly T[] | undefined): string =>
    values?.length === 1 ? values[0]! : ANY;
  const setList = (field: 'status' | 'priority' | 'category' | 'productLine', value: string) =>
    onChange(withField(refinement, field, value === ANY ? undefined : ([value] as never)));

  const assigneeValue =
    refinement.assigneeId === undefined
      ? ANY
      : refinement.assigneeId === null
        ? NOBODY
        : refinement.assigneeId === 'me'
          ? ME
          : refinement.assigneeId;
  const people = assigneeOptions(users.data ?? [], { assigneeId: null, assigneeName: null });
  const range = refinement[dateField];
  // the days the list is limited to: those picked here, else the view's own
  const days = daysOfRange(range ?? viewFilter[dateField]);
  const setDays = (from: string, to: string) =>
    onChange(withField(refinement, dateField, rangeOfDays(from, to)));

  return (
    <div className="filter-bar" role="search" aria-label="Filter the tickets">
      <FilterSelect
        id={`${idBase}-status`}
        label="Status"
        value={single(refinement.status)}
        anyLabel={anyLabel('status')}
        onChange={(value) => setList('status', value)}
      >
        {ticketStatuses.map((status) => (
          <option key={status} value={status}>
            {statusLabels[status]}
          </option>
        ))}
      </FilterSelect>
      <FilterSelect
        id={`${idBase}-priority`}
        label="Priority"
        value={single(refinement.priority)}
        anyLabel={anyLabel('priority')}
        onChange={(value) => setList('priority', value)}
      >
        {priorities.map((priority) => (
          <option key={priority} value={priority}>
            {priorityLabels[priority]}
          </option>
        ))}
      </FilterSelect>
      <FilterSelect
        id={`${idBase}-category`}
        label="Category"
        value={single(refinement.category)}
        anyLabel={anyLabel('category')}
        onChange={(value) => setList('category', value)}
      >
        {categories.map((category) => (
          <option key={category} value={category}>
            {categoryLabels[category]}
          </option>
        ))}
      </FilterSelect>
      <FilterSelect
        id={`${idBase}-line`}
        label="Product line"
        value={single(refinement.productLine)}
        anyLabel={anyLabel('productLine')}
        onChange={(value) => setList('productLine', value)}
      >
        {productLines.map((line) => (
          <option key={line} value={line}>
            {productLineLabels[line]}
          </option>
        ))}
      </FilterSelect>
      <FilterSelect
        id={`${idBase}-site`}
        label="Site"
        value={refinement.siteId ?? ANY}
        anyLabel={anyLabel('siteId')}
        onChange={(value) => onChange(withField(refinement, 'siteId', value || undefined))}
      >
        {(sites.data ?? [])
          .slice()
          .sort((a, b) => a.name.localeCompare(b.name))
          .map((site) => (
            <option key={site.id} value={site.id}>
              {site.name}
            </option>
          ))}
      </FilterSelect>
      <FilterSelect
        id={`${idBase}-assignee`}
        label="Assignee"
        value={assigneeValue}
        anyLabel={anyLabel('assigneeId')}
        onChange={(value) =>
          onChange(
            withField(
              refinement,
              'assigneeId',
              value === ANY ? undefined : value === NOBODY ? null : value === ME ? 'me' : value,
            ),
          )
        }
      >
        {staff ? <option value={ME}>Me</option> : null}
        <option value={NOBODY}>Unassigned</option>
        {people.map((person) => (
          <option key={person.id} value={person.id}>
            {person.name}
          </option>
        ))}
      </FilterSelect>
      <fieldset className="filter-bar__dates">
        <legend className="visually-hidden">Date range</legend>
        <label className="filter-bar__field">
          <span className="filter-bar__label">Dates</span>
          <select
            value={dateField}
            onChange={(event) => {
              const next = event.target.value as DateField;
              // the days picked move to the other date: one date range at a time
              const moved = withField(withField(refinement, dateField, undefined), next, range);
              setDateField(next);
              onChange(moved);
            }}
          >
            <option value="updated">Updated</option>
            <option value="created">Created</option>
          </select>
        </label>
        <label className="filter-bar__field">
          <span className="filter-bar__label">From</span>
          <input
            type="date"
            value={days.from}
            onChange={(event) => setDays(event.target.value, days.to)}
          />
        </label>
        <label className="filter-bar__field">
          <span className="filter-bar__label">To</span>
          <input
            type="date"
            value={days.to}
            onChange={(event) => setDays(days.from, event.target.value)}
          />
        </label>
      </fieldset>
      <div className="filter-bar__actions">
        {isRefined(refinement) ? (
          <button type="button" className="button button--small" onClick={() => onChange({})}>
            Clear filters
          </button>
        ) : null}
        <button type="button" className="button button--small" onClick={() => setSaving(true)}>
          Save as view…
        </button>
      </div>
      {saving ? <SaveViewDialog filter={filter} onClose={() => setSaving(false)} /> : null}
    </div>
  );
}

function FilterSelect({
  id,
  label,
  value,
  anyLabel,
  onChange,
  children,
}: {
  id: string;
  label: string;
  value: string;
  anyLabel: string;
  onChange: (value: string) => void;
  children: ReactNode;
}) {
  return (
    <div className="filter-bar__field">
      <label className="filter-bar__label" htmlFor={id}>
        {label}
      </label>
      <select
        id={id}
        value={value}
        className={value === ANY ? undefined : 'is-set'}
        onChange={(event) => onChange(event.target.value)}
      >
        <option value={ANY}>{anyLabel}</option>
        {children}
      </select>
    </div>
  );
}
