// The components' translate function; re-renders the component when the language changes.
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import type { T } from './messages';

export function useT(): T {
  const { t } = useTranslation();
  return useCallback<T>((key, vars) => t(key, vars), [t]);
}
