import type { DragEvent } from 'react';
import type { AttachmentPicker } from './use-attachment-picker';

/**
 * Props that let a form take files dropped on it: they go through the picker, so they are
 * checked and staged like chosen files, with the same refusals. Anything else dropped (text,
 * a link) is left to the field under the pointer.
 */
export function fileDropProps<E extends HTMLElement>(picker: AttachmentPicker) {
  return {
    onDragOver(event: DragEvent<E>) {
      if (event.dataTransfer.types.includes('Files')) event.preventDefault();
    },
    onDrop(event: DragEvent<E>) {
      if (event.dataTransfer.files.length === 0) return;
      event.preventDefault();
      void picker.addFiles([...event.dataTransfer.files]);
    },
  };
}
