// The little client state there is; server state lives in TanStack Query.
import { create } from "zustand";
import { setAuthTokenGetter } from "./services/api";
import type { FollowResult } from "./services/zalo";

interface AppState {
  /** Our own short-lived API token (sign-in arrives in a later issue). */
  authToken: string | null;
  /** When our token stops being used (ms since epoch); a new silent sign-in happens then. */
  authExpiresAt: number;
  followResult: FollowResult | null;
  followDismissed: boolean;
  contactsSearch: string;
  setAuthToken: (token: string | null) => void;
  setSession: (token: string | null, expiresAt: number) => void;
  setFollowResult: (result: FollowResult) => void;
  dismissFollow: () => void;
  setContactsSearch: (q: string) => void;
}

export const useAppStore = create<AppState>()((set) => ({
  authToken: null,
  authExpiresAt: 0,
  followResult: null,
  followDismissed: false,
  contactsSearch: "",
  setAuthToken: (authToken) => set({ authToken }),
  setSession: (authToken, authExpiresAt) => set({ authToken, authExpiresAt }),
  setFollowResult: (followResult) => set({ followResult }),
  dismissFollow: () => set({ followDismissed: true }),
  setContactsSearch: (contactsSearch) => set({ contactsSearch }),
}));

setAuthTokenGetter(() => useAppStore.getState().authToken);
