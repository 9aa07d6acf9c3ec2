import { QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { getAppBridge } from './api/bridge';
import { connectCacheEvents } from './api/cache-events';
import { connectShellCommands } from './api/shell-commands';
import { createQueryClient } from './api/query-client';
import { useUi } from './state/ui';
import './styles.css';

const queryClient = createQueryClient();
const { bridge, connection } = getAppBridge();

// Wired once for the window's lifetime, outside React, so StrictMode's double effects cannot double-subscribe.
connectCacheEvents(bridge, connection, queryClient);
connectShellCommands(bridge);
// A ticket selected under the previous profile means nothing under the new one. Let go before
// the new profile's first sync can announce a reply on that very ticket as "being viewed".
bridge.on('profiles.switching', () => {
  const ui = useUi.getState();
  ui.selectTicket(null);
  ui.setChecked([]);
});

const container = document.getElementById('root');
if (!container) throw new Error('Gatedesk: index.html has no #root element.');

createRoot(container).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <App />
    </QueryClientProvider>
  </StrictMode>,
);
