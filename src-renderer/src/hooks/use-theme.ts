import { useEffect } from 'react';
import { useUi } from '../state/ui';

/** The stylesheet follows the OS unless the person picked a theme (see styles.css, color-scheme). */
export function useApplyTheme(): void {
  const theme = useUi((state) => state.theme);
  useEffect(() => {
    document.documentElement.dataset.theme = theme;
  }, [theme]);
}
