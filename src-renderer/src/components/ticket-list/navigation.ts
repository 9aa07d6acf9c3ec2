/**
 * Where a key press moves the list's selection, or null when the key is not a list key.
 * `current` is -1 when no selected row is known; arrows and page keys then land on `start`
 * (the first row in view), so the keyboard picks up where the person is looking.
 */
export function targetIndex(
  key: string,
  current: number,
  total: number,
  pageRows: number,
  start = 0,
): number | null {
  if (total <= 0) return null;
  const last = total - 1;
  const step = Math.max(1, pageRows);
  switch (key) {
    case 'Home':
      return 0;
    case 'End':
      return last;
    case 'ArrowDown':
    case 'ArrowUp':
    case 'PageDown':
    case 'PageUp':
      if (current < 0) return Math.min(last, Math.max(0, start));
      if (key === 'ArrowDown') return Math.min(last, current + 1);
      if (key === 'ArrowUp') return Math.max(0, current - 1);
      if (key === 'PageDown') return Math.min(last, current + step);
      return Math.max(0, current - step);
    default:
      return null;
  }
}
