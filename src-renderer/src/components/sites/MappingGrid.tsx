import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import type { UnitListItem, UnitMappingField } from '../../../../src-shared/domain/units';
import { errorMessage } from '../../api/client';
import { usePtiRentals, usePushMappings, useSiteUnits } from '../../api/site-queries';
import type { SiteFocus } from '../../state/site-focus';
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
import { UnitTicketsButton } from './UnitTickets';
import {
  acceptMatches,
  matchByName,
  previewMappingCsv,
  type ImportPreview,
  type NameMatch,
} from './mapping-import';

const rowHeight = 34;

/**
 * A site's units as a spreadsheet: edits stay in a local draft (undoable) until "Push", which
 * queues one mapping change per unit. The PTI rules are checked as the person types.
 */
export function MappingGrid({
  siteId,
  siteCode,
  focus = null,
}: {
  siteId: string;
  /** The site's PTI code: "match by name" reads the gateway's unit names of this site. */
  siteCode: string;
  /** A unit to bring into view (from a ticket's unit card). */
  focus?: SiteFocus | null;
}) {
  const units = useSiteUnits(siteId);
  const push = usePushMappings(siteId);
  const [history, setHistory] = useState(emptyHistory);
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [filter, setFilter] = useState('');
  const [fillField, setFillField] = useState<UnitMappingField>('building');
  const [showDiff, setShowDiff] = useState(false);
  const [imported, setImported] = useState<{
    fileName: string;
    text: string;
    preview: ImportPreview;
  } | null>(null);
  const [matching, setMatching] = useState(false);

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

  // Scroll to the focused unit once per request, clearing a filter that hides it.
  const scrolledFor = useRef<number | null>(null);
  useEffect(() => {
    if (!focus?.unitId || scrolledFor.current === focus.nonce || all.length === 0) return;
    const index = rows.findIndex((unit) => unit.id === focus.unitId);
    if (index < 0) {
      if (filter) setFilter('');
      return;
    }
    scrolledFor.current = focus.nonce;
    virtualizer.scrollToIndex(index, { align: 'center' });
  }, [focus, rows, all.length, filter, virtualizer]);

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
        <label className="mapping__file">
          Import CSV{' '}
          <input
            type="file"
            accept=".csv,text/csv"
            data-testid="mapping-import-file"
            onChange={(event) => {
              const file = event.target.files?.[0];
              event.target.value = '';
              if (!file) return;
              void file.text().then((text) =>
                setImported({
                  fileName: file.name,
                  text,
                  preview: previewMappingCsv(all, draft, text),
                }),
              );
            }}
          />
        </label>
        <button
          type="button"
          aria-pressed={matching}
          onClick={() => setMatching((open) => !open)}
          data-testid="match-by-name"
        >
          Match by name
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

      {imported ? (
        <ImportPanel
          fileName={imported.fileName}
          preview={imported.preview}
          onApply={() => {
            // Read again against the grid as it is now, so an edit made meanwhile is kept.
            const now = previewMappingCsv(all, draft, imported.text);
            if (now.ok && now.errors === 0) {
              change(now.draft);
              setImported(null);
            } else setImported({ ...imported, preview: now });
          }}
          onClose={() => setImported(null)}
        />
      ) : null}

      {matching ? (
        <MatchPanel
          siteCode={siteCode}
          units={all}
          draft={draft}
          onAccept={(matches) => change(acceptMatches(all, draft, matches))}
          onClose={() => setMatching(false)}
        />
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
                    focused={unit.id === focus?.unitId}
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
  focused,
  onTick,
  onCommit,
}: {
  unit: UnitListItem;
  index: number;
  top: number;
  draft: Draft;
  problemAt: ReadonlyMap<string, CellProblem>;
  ticked: boolean;
  focused: boolean;
  onTick: () => void;
  onCommit: (unitId: string, field: UnitMappingField, text: string) => void;
}) {
  return (
    <div
      className={`mapping__row${focused ? ' mapping__row--focused' : ''}`}
      role="row"
      aria-rowindex={index + 2}
      aria-selected={ticked}
      aria-current={focused ? 'true' : undefined}
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
        {unit.label} <UnitTicketsButton unitId={unit.id} label={unit.label} />
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

/** What a CSV import would change, line by line; it applies only when every line is good. */
function ImportPanel({
  fileName,
  preview,
  onApply,
  onClose,
}: {
  fileName: string;
  preview: ImportPreview;
  onApply: () => void;
  onClose: () => void;
}) {
  const changing = preview.ok ? preview.lines.filter((line) => line.cells.length > 0).length : 0;
  return (
    <section
      className="mapping__panel"
      aria-label="CSV import preview"
      data-testid="mapping-import"
    >
      <h3>Import {fileName}</h3>
      {!preview.ok ? (
        <p role="alert" className="sites__error">
          This file cannot be read. {preview.message}
        </p>
      ) : (
        <>
          <p data-testid="mapping-import-summary">
            {preview.lines.length} lines: {changing} would change the grid
            {preview.errors > 0
              ? `, ${preview.errors} have problems. Nothing is imported until every line is right; fix the file and choose it again.`
              : '. Nothing is sent until you review and push.'}
            {preview.ignoredColumns.length > 0
              ? ` Columns not read: ${preview.ignoredColumns.join(', ')}.`
              : ''}
          </p>
          <table>
            <thead>
              <tr>
                <th>Line</th>
                <th>Unit</th>
                <th>What happens</th>
              </tr>
            </thead>
            <tbody>
              {preview.lines.map((line) => (
                <tr
                  key={line.line}
                  className={line.problem ? 'mapping__line--error' : undefined}
                  data-testid="mapping-import-line"
                >
                  <td>{line.line}</td>
                  <td>{line.label || '—'}</td>
                  <td>
                    {line.problem
                      ? `Line ${line.line}: ${line.problem}`
                      : line.cells.length === 0
                        ? 'no change'
                        : line.cells
                            .map(
                              (cell) =>
                                `${mappingColumns.find((c) => c.field === cell.field)?.title}: ${cell.text || '(empty)'}`,
                            )
                            .join('; ')}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
      <button
        type="button"
        disabled={!preview.ok || preview.errors > 0 || changing === 0}
        onClick={onApply}
      >
        {preview.ok && preview.errors > 0 ? 'Fix the file to import' : `Import ${changing} lines`}
      </button>
      <button type="button" onClick={onClose}>
        Close
      </button>
    </section>
  );
}

/** PTI unit names from the gateway's unit list that match units' labels, to accept or leave. */
function MatchPanel({
  siteCode,
  units,
  draft,
  onAccept,
  onClose,
}: {
  siteCode: string;
  units: readonly UnitListItem[];
  draft: Draft;
  onAccept: (matches: readonly NameMatch[]) => void;
  onClose: () => void;
}) {
  const rentals = usePtiRentals(siteCode);
  const gatewayNames = useMemo(
    () => (rentals.data ?? []).filter((rental) => rental.knownToPti).map((rental) => rental.unit),
    [rentals.data],
  );
  const matches = useMemo(
    () => matchByName(units, draft, gatewayNames),
    [units, draft, gatewayNames],
  );
  return (
    <section className="mapping__panel" aria-label="Match by name" data-testid="match-panel">
      <h3>Match by name</h3>
      {rentals.isPending ? <p className="sites__note">Reading the gateway’s units…</p> : null}
      {rentals.isError ? (
        <p role="alert" className="sites__error">
          The gateway’s unit list is not available here. {errorMessage(rentals.error)}
        </p>
      ) : null}
      {rentals.isSuccess && gatewayNames.length === 0 ? (
        <p className="sites__note">
          Gatedesk has not read this site’s units from the gateway yet. Test the connection on the
          PTI connection tab, then try again.
        </p>
      ) : null}
      {rentals.isSuccess && gatewayNames.length > 0 && matches.length === 0 ? (
        <p className="sites__note" data-testid="match-none">
          Every unit without a PTI name was compared with the gateway’s {gatewayNames.length} units:
          none matches by name.
        </p>
      ) : null}
      {matches.length > 0 ? (
        <table>
          <thead>
            <tr>
              <th>Unit</th>
              <th>PTI unit name</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {matches.map((match) => (
              <tr key={match.unitId} data-testid="match-row">
                <td>{match.label}</td>
                <td>{match.ptiUnitName}</td>
                <td>
                  <button type="button" onClick={() => onAccept([match])}>
                    Accept
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      <button type="button" disabled={matches.length === 0} onClick={() => onAccept(matches)}>
        Accept all ({matches.length})
      </button>
      <button type="button" onClick={onClose}>
        Close
      </button>
    </section>
  );
}
