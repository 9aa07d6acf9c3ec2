import { Fragment } from 'react';
import { shortcuts, type Shortcut } from '../state/shortcuts';
import { useUi } from '../state/ui';
import { Dialog } from './common/Dialog';

const groups: Shortcut['group'][] = ['Moving around', 'Working on a ticket', 'Anywhere'];

/** Every shortcut, from the same table the key handler uses. */
export function CheatSheet() {
  const open = useUi((state) => state.dialog === 'shortcuts');
  const closeDialog = useUi((state) => state.closeDialog);
  return (
    <Dialog
      open={open}
      onOpenChange={(next) => (next ? undefined : closeDialog())}
      title="Keyboard shortcuts"
      description="Single keys work when you are not typing in a field."
      testId="cheat-sheet"
    >
      <div className="cheat-sheet">
        {groups.map((group) => (
          <section key={group} aria-label={group}>
            <h3 className="cheat-sheet__group">{group}</h3>
            <dl className="cheat-sheet__list">
              {shortcuts
                .filter((shortcut) => shortcut.group === group)
                .map((shortcut) => (
                  <div key={shortcut.action} className="cheat-sheet__item">
                    <dt>
                      {shortcut.keys.map((key, index) => (
                        <Fragment key={key}>
                          {index > 0 ? ' or ' : null}
                          <kbd>{key}</kbd>
                        </Fragment>
                      ))}
                    </dt>
                    <dd>{shortcut.description}</dd>
                  </div>
                ))}
            </dl>
          </section>
        ))}
      </div>
    </Dialog>
  );
}
