import { themeOrder, useUi, type Theme } from '../state/ui';

const themeLabels: Record<Theme, string> = { system: 'System', light: 'Light', dark: 'Dark' };

/** Cycles system → light → dark; "system" follows the OS setting. */
export function ThemeToggle() {
  const theme = useUi((state) => state.theme);
  const setTheme = useUi((state) => state.setTheme);
  const next = themeOrder[(themeOrder.indexOf(theme) + 1) % themeOrder.length] ?? 'system';
  return (
    <button
      type="button"
      className="button button--small button--quiet"
      onClick={() => setTheme(next)}
      aria-label={`Theme: ${themeLabels[theme]}. Switch to ${themeLabels[next]}.`}
      title={`Switch to ${themeLabels[next].toLowerCase()} theme`}
    >
      <span aria-hidden="true">{theme === 'dark' ? '☾' : theme === 'light' ? '☀' : '◐'}</span>{' '}
      {themeLabels[theme]}
    </button>
  );
}
