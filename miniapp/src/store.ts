// The little client state there is; server state lives in TanStack Query.
import { create } from "zustand";
import { setAuthTokenGetter } from "./services/api";
import type { LookupResult } from "./services/types";
import type { FollowResult } from "./services/zalo";

interface AppState {
  /** Our own short-lived API token from the silent sign-in (services/session.ts); null until the first one. */
  authToken: string | null;
  /** When our token stops being used (ms since epoch); a new silent sign-in happens then. */
  authExpiresAt: number;
  followResult: FollowResult | null;
  followDismissed: boolean;
  contactsSearch: string;
  /**
   * The answer of the last dossier lookup, handed from the lookup page to the result page and to the rating
   * (its follow token proves the second factor). Memory only: it is personal, and a reload asks again.
   */
  lookupResult: LookupResult | null;
  setAuthToken: (token: string | null) => void;
  setSession: (token: string | null, expiresAt: number) => void;
  setFollowResult: (result: FollowResult) => void;
  dismissFollow: () => void;
  setContactsSearch: (q: string) => void;
  setLookupResult: (result: LookupResult | null) => void;
}

export const useAppStore = create<AppState>()((set) => ({
  authToken: null,
  authExpiresAt: 0,
  followResult: null,
  followDismissed: false,
  contactsSearch: "",
  lookupResult: null,
  setAuthToken: (authToken) => set({ authToken }),
  setSession: (authToken, authExpiresAt) => set({ authToken, authExpiresAt }),
  setFollowResult: (followResult) => set({ followResult }),
  dismissFollow: () => set({ followDismissed: true }),
  setContactsSearch: (contactsSearch) => set({ contactsSearch }),
  setLookupResult: (lookupResult) => set({ lookupResult }),
}));

setAuthTokenGetter(() => useAppStore.getState().authToken);
