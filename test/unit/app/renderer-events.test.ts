import { describe, expect, it } from 'vitest';
import { createRendererEvents, MAX_WAITING_EVENTS } from '../../../src-main/app/renderer-events.js';

function channel() {
  const delivered: [string, unknown][] = [];
  const events = createRendererEvents((event, payload) => delivered.push([event, payload]));
  return { delivered, events };
}

describe('events from the shell to the renderer', () => {
  it('holds a deep link that arrives before the page has loaded, and delivers it once it has', () => {
    const { delivered, events } = channel();
    events.send('navigate', { to: 'ticket', number: 'HW00000094' });
    expect(delivered).toEqual([]);
    events.ready();
    expect(delivered).toEqual([['navigate', { to: 'ticket', number: 'HW00000094' }]]);
    events.send('command', { name: 'search' });
    expect(delivered).toHaveLength(2);
  });

  it('holds events again while the page reloads', () => {
    const { delivered, events } = channel();
    events.ready();
    events.notReady();
    events.send('command', { name: 'ticket.new' });
    expect(delivered).toEqual([]);
    events.ready();
    expect(delivered).toEqual([['command', { name: 'ticket.new' }]]);
  });

  it('keeps only the newest few while waiting', () => {
    const { delivered, events } = channel();
    for (let i = 1; i <= MAX_WAITING_EVENTS + 3; i++) {
      events.send('navigate', { to: 'ticket', number: `HW${String(i).padStart(8, '0')}` });
    }
    events.ready();
    expect(delivered).toHaveLength(MAX_WAITING_EVENTS);
    expect(delivered.at(-1)).toEqual([
      'navigate',
      { to: 'ticket', number: `HW${String(MAX_WAITING_EVENTS + 3).padStart(8, '0')}` },
    ]);
  });

  it('refuses a payload the contract does not allow, before it reaches the page', () => {
    const { delivered, events } = channel();
    events.ready();
    expect(() =>
      events.send('navigate', { to: 'ticket', number: 'DROP TABLE' } as never),
    ).toThrow();
    expect(() => events.send('command', { name: 'format-disk' } as never)).toThrow();
    expect(delivered).toEqual([]);
  });
});
