import { create } from 'zustand';

/**
 * Whether the request-account form is open, and the server address to start it with (the one
 * typed in the profile form, or the active profile's). UI state only.
 */
interface RequestAccountDialogState {
  open: boolean;
  serverUrl: string | null;
  close(): void;
}

export const useRequestAccountDialog = create<RequestAccountDialogState>()((set) => ({
  open: false,
  serverUrl: null,
  close: () => set({ open: false, serverUrl: null }),
}));

export function openRequestAccount(serverUrl?: string | null): void {
  const typed = serverUrl?.trim();
  useRequestAccountDialog.setState({ open: true, serverUrl: typed ? typed : null });
}
