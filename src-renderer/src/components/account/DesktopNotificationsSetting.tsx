import { useState } from 'react';
import { useAppInfo } from '../../api/queries';
import {
  askDesktopPermission,
  desktopPermission,
  type DesktopPermission,
} from './browser-notifications';

/**
 * Desktop notifications for replies. In the browser the permission is asked from this button
 * only; in the desktop app the system's notification settings decide.
 */
export function DesktopNotificationsSetting() {
  const shell = useAppInfo().data?.shell;
  const [permission, setPermission] = useState<DesktopPermission>(desktopPermission);

  return (
    <section className="account-section" aria-labelledby="desktop-notifications-heading">
      <h2 id="desktop-notifications-heading" className="section-title">
        Desktop notifications
      </h2>
      {shell === 'electron' ? (
        <p className="form-hint">
          Gatedesk shows a system notification when someone replies to a ticket you raised, are
          assigned to or have written on. Turn them off in your computer’s notification settings.
        </p>
      ) : permission === 'granted' ? (
        <p className="form-hint" role="status">
          Desktop notifications are on: this browser tells you when someone replies to a ticket you
          follow.
        </p>
      ) : permission === 'denied' ? (
        <p className="form-hint">
          This browser blocks notifications from Gatedesk. Allow them in the browser’s site settings
          (the icon left of the address), then reload.
        </p>
      ) : permission === 'unsupported' ? (
        <p className="form-hint">This browser cannot show desktop notifications.</p>
      ) : (
        <>
          <p className="form-hint">
            Get a notification when someone replies to a ticket you raised, are assigned to or have
            written on. The count of unread replies is always in the sidebar and the window title.
          </p>
          <button
            type="button"
            className="button"
            onClick={() => void askDesktopPermission().then(setPermission)}
          >
            Turn on desktop notifications
          </button>
        </>
      )}
    </section>
  );
}
