import type { SlaBadge as Sla } from '../../../../src-shared/domain/ticket';

const stateWords: Record<Sla['state'], string> = {
  ok: 'on time',
  at_risk: 'at risk',
  breached: 'breached',
  met: 'met',
  paused: 'paused',
  none: 'no SLA',
};

/** Time left on the SLA, computed by the core so it ticks offline; the colour says how urgent. */
export function SlaBadge({ sla }: { sla: Sla }) {
  return (
    <span className={`sla sla--${sla.state}`} data-sla={sla.state}>
      {sla.text}
      {sla.state === 'at_risk' || sla.state === 'breached' ? (
        <span className="visually-hidden"> (SLA {stateWords[sla.state]})</span>
      ) : null}
    </span>
  );
}
