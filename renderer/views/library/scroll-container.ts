// The element the library scrolls in (the main column): the grid virtualizes against it.
import { createContext } from 'react';

export const ScrollContainerContext = createContext<HTMLElement | null>(null);
