import { AppShell } from './components/AppShell';
import { useApplyTheme } from './hooks/use-theme';

export function App() {
  useApplyTheme();
  return <AppShell />;
}
