import { getAppBridge } from '../api/bridge';
import { useConnectionStatus } from '../hooks/use-connection-status';

/** Only the web host's WebSocket can drop; Electron's IPC never shows this. */
export function ConnectionBanner() {
  const status = useConnectionStatus();
  if (status === 'reconnecting') {
    return (
      <div className="banner banner--warning" role="alert" data-testid="connection-banner">
        <span>Lost the connection to Gatedesk. Reconnecting… Nothing you saved is lost.</span>
        <button
          type="button"
          className="button button--small"
          onClick={() => getAppBridge().connection.retryNow()}
        >
          Retry now
        </button>
      </div>
    );
  }
  if (status === 'closed') {
    return (
      <div className="banner banner--error" role="alert" data-testid="connection-banner">
        <span>Gatedesk closed this window's connection.</span>
        <button
          type="button"
          className="button button--small"
          onClick={() => window.location.reload()}
        >
          Reload
        </button>
      </div>
    );
  }
  return null;
}
