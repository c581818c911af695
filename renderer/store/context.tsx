// Hands the store to components. `useApp` takes a selector; selectors that build arrays or
// objects must be wrapped in `useShallow` (zustand 5 re-renders on every new reference).
// Event handlers that only need the current state read it with `useAppStore().getState()`
// instead of subscribing (a progress event then re-renders nothing it does not show).
import { createContext, useContext } from 'react';
import type { ReactNode } from 'react';
import { useStore } from 'zustand';
import type { StoreApi } from 'zustand/vanilla';
import type { AppStore } from './store';

const StoreContext = createContext<StoreApi<AppStore> | null>(null);

export function StoreProvider({ store, children }: { store: StoreApi<AppStore>; children: ReactNode }) {
  return <StoreContext.Provider value={store}>{children}</StoreContext.Provider>;
}

export function useAppStore(): StoreApi<AppStore> {
  const store = useContext(StoreContext);
  if (store === null) throw new Error('the app store needs a <StoreProvider> above it');
  return store;
}

export function useApp<T>(selector: (state: AppStore) => T): T {
  return useStore(useAppStore(), selector);
}
