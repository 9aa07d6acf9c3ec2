import * as RadixDialog from '@radix-ui/react-dialog';
import type { ReactNode } from 'react';

export interface DialogProps {
  open: boolean;
  onOpenChange(open: boolean): void;
  title: ReactNode;
  /** Read out with the title when the dialog opens. */
  description?: ReactNode;
  children: ReactNode;
  /** 'alertdialog' for confirmations that interrupt; 'dialog' otherwise. */
  role?: 'dialog' | 'alertdialog';
  size?: 'small' | 'medium' | 'large';
  /** For dialogs whose purpose is plain from their content (the command palette). */
  hideTitle?: boolean;
  className?: string;
  testId?: string;
  /** Where focus goes on open; by default the first focusable element. */
  onOpenAutoFocus?: (event: Event) => void;
}

/**
 * A modal dialog on Radix: focus is trapped and returned, Escape and a click outside close it,
 * and the rest of the page is hidden from screen readers while it is open. Radix's Overlay is
 * left out on purpose: it locks scrolling by injecting a <style> element, which the page's CSP
 * refuses; the app never scrolls its body, so a plain backdrop is all that is needed.
 */
export function Dialog({
  open,
  onOpenChange,
  title,
  description,
  children,
  role = 'dialog',
  size = 'medium',
  hideTitle = false,
  className,
  testId,
  onOpenAutoFocus,
}: DialogProps) {
  return (
    <RadixDialog.Root open={open} onOpenChange={onOpenChange}>
      <RadixDialog.Portal>
        <div className="dialog-backdrop" aria-hidden="true" />
        <RadixDialog.Content
          className={`dialog dialog--${size}${className ? ` ${className}` : ''}`}
          role={role}
          aria-modal="true"
          data-testid={testId}
          {...(description ? {} : { 'aria-describedby': undefined })}
          {...(onOpenAutoFocus ? { onOpenAutoFocus } : {})}
        >
          <RadixDialog.Title className={hideTitle ? 'visually-hidden' : 'dialog__title'}>
            {title}
          </RadixDialog.Title>
          {description ? (
            <RadixDialog.Description className="dialog__description">
              {description}
            </RadixDialog.Description>
          ) : null}
          {children}
          <RadixDialog.Close className="button button--small button--quiet dialog__close">
            <span aria-hidden="true">✕</span>
            <span className="visually-hidden">Close this dialog</span>
          </RadixDialog.Close>
        </RadixDialog.Content>
      </RadixDialog.Portal>
    </RadixDialog.Root>
  );
}

export const DialogClose = RadixDialog.Close;
