import { useVirtualizer } from '@tanstack/react-virtual';
import { useMemo, useRef, useState, type KeyboardEvent } from 'react';
import type { UnitListItem, UnitMappingField } from '../../../../src-shared/domain/units';
import { errorMessage } from '../../api/client';
import { usePushMappings, useSiteUnits } from '../../api/site-queries';
import {
  cellText,
  draftDiff,
  draftProblems,
  emptyHistory,
  fillDown,
  mappingCalls,
  mappingColumns,
  mappingCsv,
  parseCell,
  pruneDraft,
  pushDraft,
  setCells,
  undo,
  type CellProblem,
  type Draft,
} from './mapping-logic';

const rowHeight = 34;

/**
 * A site's units as a spreadsheet: edits stay in a local draft (undoable) until "Push", which
 * queues one mapping change per unit. The PTI rules are checked as the person types.
 */
export function MappingGrid({ siteId }: { siteId: string }) {
  const units = useSiteUnits(siteId);
  const push = usePushMappings(siteId);
  const [history, setHistory] = useState(emptyHistory);
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [filter, setFilter] = useState('');
  const [fillField, setFillField] = useState<UnitMappingField>('building');
  const [showDiff, setShowDiff] = useState(false);

  const all = useMemo(() => units.data ?? [], [units.data]);
  const rows = useMemo(() => {
    const needle = filter.trim().toLowerCase();
    if (!needle) return all;
    return all.filter(
      (unit) =>
        unit.label.toLowerCase().includes(needle) ||
        (unit.ptiUnitName ?? '').toLowerCase().includes(needle),
    );
  }, [all, filter]);
  // Edits the server now holds, or of units removed elsewhere, are no longer edits.
  const draft = useMemo(() => pruneDraft(all, history.present), [all, history.present]);
  const problems = useMemo(() => draftProblems(all, draft), [all, draft]);
  const problemAt = useMemo(() => {
    const map = new Map<string, CellProblem>();
    for (const problem of problems) map.set(`${problem.unitId}:${problem.field}`, problem);
    return map;
  }, [problems]);
  const diff = useMemo(() => draftDiff(all, draft), [all, draft]);

  const scrollRef = useRef<HTMLDivElement>(null);
  // Gatedesk does not use the React Compiler, so the warning about memoising this hook's functions does not apply.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => rowHeight,
    overscan: 12,
  });

  const change = (next: Draft) => setHistory((current) => pushDraft(current, next));

  const commitCell = (unitId: string, field: UnitMappingField, text: string) => {
    // Typing into a ticked row changes every ticked row (multi-row edit).
    const targets = selected.has(unitId) && selected.size > 1 ? [...selected] : [unitId];
    change(
      setCells(
        all,
        draft,
        targets.map((id) => ({ unitId: id, field, text })),
      ),
    );
  };

  const selectedInOrder = rows.filter((unit) => selected.has(unit.id)).map((unit) => unit.id);

  const toggle = (id: string) =>
    setSelected((current) => {
      const next = new Set(current);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });

  const exportCsv = () => {
    const blob = new Blob([mappingCsv(all, draft)], { type: 'text/csv' });
    const link = document.createElement('a');
    link.href = URL.createObjectURL(blob);
    link.download = `units-${siteId}.csv`;
    link.click();
    URL.revokeObjectURL(link.href);
  };

  const pushChanges = () => {
    push.mutate(mappingCalls(all, diff), {
      onSuccess: () => {
        setHistory(emptyHistory());
        setShowDiff(false);
      },
    });
  };

  const onKeyDown = (event: KeyboardEvent) => {
    if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 'z') {
      event.preventDefault();
      setHistory(undo);
    }
  };

  if (units.isPending) return <p className="sites__note">Loading units…</p>;
  if (units.isError)
    return (
      <p role="alert" className="sites__error">
        {errorMessage(units.error)}
      </p>
    );

  return (
    <div className="mapping" onKeyDown={onKeyDown} data-testid="mapping-grid">
      <div className="mapping__toolbar" role="toolbar" aria-label="Unit mapping">
        <input
          type="search"
          placeholder="Filter by unit or PTI name"
          aria-label="Filter units"
          value={filter}
          onChange={(event) => setFilter(event.target.value)}
        />
        <button type="button" onClick={() => setHistory(undo)} disabled={history.past.length === 0}>
          Undo
        </button>
        <label>
          Fill down{' '}
          <select
            value={fillField}
            onChange={(event) => setFillField(event.target.value as UnitMappingField)}
          >
            {mappingColumns.map((column) => (
              <option key={column.field} value={column.field}>
                {column.title}
              </option>
            ))}
          </select>
        </label>
        <button
          type="button"
          disabled={selectedInOrder.length < 2}
          onClick={() => change(fillDown(all, draft, selectedInOrder, fillField))}
          title="Copies the first ticked row's value to the other ticked rows"
        >
          Fill ticked rows
        </button>
        <button
          type="button"
          onClick={() => setShowDiff((open) => !open)}
          data-testid="review-changes"
        >
          Review changes ({diff.length})
        </button>
        <button type="button" onClick={exportCsv} disabled={all.length === 0}>
          Export CSV
        </button>
        <span className="mapping__count">
          {rows.length === all.length
            ? `${all.length} units`
            : `${rows.length} of ${all.length} units`}
          {selected.size > 0 ? `, ${selected.size} ticked` : ''}
        </span>
      </div>

      {problems.length > 0 ? (
        <ul className="mapping__problems" role="alert" data-testid="mapping-problems">
          {problems.slice(0, 5).map((problem) => (
            <li key={`${problem.unitId}:${problem.field}`}>
              {all.find((unit) => unit.id === problem.unitId)?.label}: {problem.message}
            </li>
          ))}
          {problems.length > 5 ? <li>…and {problems.length - 5} more.</li> : null}
        </ul>
      ) : null}

      {showDiff ? (
        <section className="mapping__diff" aria-label="Changes to push" data-testid="mapping-diff">
          {diff.length === 0 ? (
            <p>No changes to push.</p>
          ) : (
            <table>
              <thead>
                <tr>
                  <th>Unit</th>
                  <th>Column</th>
                  <th>Now</th>
                  <th>After push</th>
                </tr>
              </thead>
              <tbody>
                {diff.map((line) => (
                  <tr key={`${line.unitId}:${line.field}`}>
                    <td>{line.label}</td>
                    <td>{mappingColumns.find((column) => column.field === line.field)?.title}</td>
                    <td>{cellText(line.before) || '—'}</td>
                    <td>{cellText(line.after) || '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <button
            type="button"
            disabled={diff.length === 0 || problems.length > 0 || push.isPending}
            onClick={pushChanges}
          >
            {problems.length > 0 ? 'Fix the problems to push' : `Push ${diff.length} changes`}
          </button>
          {push.isError ? (
            <p role="alert" className="sites__error">
              {errorMessage(push.error)} Your edits are kept; fix them and push again.
            </p>
          ) : null}
        </section>
      ) : null}

      {all.length === 0 ? (
        <p className="sites__note" data-testid="units-empty">
          This site has no units yet. Units added by an installer appear here.
        </p>
      ) : (
        <div className="mapping__table" role="grid" aria-rowcount={rows.length + 1}>
          <div className="mapping__row mapping__row--head" role="row">
            <span role="columnheader" className="mapping__tick" aria-label="Ticked" />
            <span role="columnheader">Unit</span>
            {mappingColumns.map((column) => (
              <span role="columnheader" key={column.field}>
                {column.title}
              </span>
            ))}
            <span role="columnheader">State</span>
          </div>
          <div ref={scrollRef} className="mapping__scroll">
            <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
              {virtualizer.getVirtualItems().map((item) => {
                const unit = rows[item.index]!;
                return (
                  <MappingRow
                    key={unit.id}
                    unit={unit}
                    index={item.index}
                    top={item.start}
                    draft={draft}
                    problemAt={problemAt}
                    ticked={selected.has(unit.id)}
                    onTick={() => toggle(unit.id)}
                    onCommit={commitCell}
                  />
                );
              })}
            </div>
          </div>
        </div>
      )}
    </div>
  );
}

function MappingRow({
  unit,
  index,
  top,
  draft,
  problemAt,
  ticked,
  onTick,
  onCommit,
}: {
  unit: UnitListItem;
  index: number;
  top: number;
  draft: Draft;
  problemAt: ReadonlyMap<string, CellProblem>;
  ticked: boolean;
  onTick: () => void;
  onCommit: (unitId: string, field: UnitMappingField, text: string) => void;
}) {
  return (
    <div
      className="mapping__row"
      role="row"
      aria-rowindex={index + 2}
      aria-selected={ticked}
      data-testid="unit-row"
      style={{ position: 'absolute', top, left: 0, right: 0, height: rowHeight }}
    >
      <span role="gridcell" className="mapping__tick">
        <input
          type="checkbox"
          checked={ticked}
          onChange={onTick}
          aria-label={`Tick ${unit.label}`}
        />
      </span>
      <span role="gridcell" className="mapping__label">
        {unit.label}
      </span>
      {mappingColumns.map(({ field, title }) => {
        const edited = draft[unit.id]?.[field];
        const text = edited ?? cellText(unit[field]);
        const problem = problemAt.get(`${unit.id}:${field}`)?.message;
        const state = problem
          ? 'problem'
          : edited !== undefined
            ? 'edited'
            : unit.failure?.fields.includes(field)
              ? 'failed'
              : unit.pendingFields.includes(field)
                ? 'pending'
                : 'synced';
        return (
          <span role="gridcell" key={field}>
            <MappingCell
              key={text}
              initial={text}
              field={field}
              label={`${title} of ${unit.label}`}
              state={state}
              message={problem ?? (state === 'failed' ? unit.failure?.message : undefined)}
              onCommit={(value) => onCommit(unit.id, field, value)}
            />
          </span>
        );
      })}
      <span role="gridcell" className={`mapping__state mapping__state--${unit.syncState}`}>
        {unit.syncState === 'failed'
          ? 'Refused'
          : unit.syncState === 'pending'
            ? 'Pending'
            : 'Synced'}
      </span>
    </div>
  );
}

/** One editable cell: checks the PTI rule on every keystroke, commits on Enter or leaving it. */
function MappingCell({
  initial,
  field,
  label,
  state,
  message,
  onCommit,
}: {
  initial: string;
  field: UnitMappingField;
  label: string;
  state: string;
  message: string | undefined;
  onCommit: (text: string) => void;
}) {
  const [text, setText] = useState(initial);
  const parsed = parseCell(field, text);
  const typingProblem = 'problem' in parsed ? parsed.problem : undefined;
  const shown = typingProblem ?? message;
  return (
    <input
      className={`mapping__cell mapping__cell--${typingProblem ? 'problem' : state}`}
      aria-label={label}
      aria-invalid={typingProblem !== undefined || state === 'problem'}
      data-state={typingProblem ? 'problem' : state}
      title={shown}
      value={text}
      onChange={(event) => setText(event.target.value)}
      onBlur={() => {
        if (text !== initial) onCommit(text);
      }}
      onKeyDown={(event) => {
        if (event.key === 'Enter') event.currentTarget.blur();
        if (event.key === 'Escape') setText(initial);
      }}
    />
  );
}
