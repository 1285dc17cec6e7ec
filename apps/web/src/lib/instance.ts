/** The instance's configuration (name, colours, logo), loaded once and applied as branding. */
import { useQuery } from '@tanstack/react-query';
import { useEffect } from 'react';
import type { Instance } from '@rotes-netz/shared';
import { api } from '../api.ts';
import { applyBrand } from './brand.ts';

/** Used until /instance answers, and if it never does. */
export const DEFAULT_INSTANCE: Instance = {
  name: 'Rotes Netz',
  shortName: 'Rotes Netz',
  primaryColor: '#E3000F',
  accentColor: '#B5000C',
  logoUrl: '/logo.svg',
  demo: false,
  legalPages: [],
  partyAccount: false,
};

export const instanceQuery = {
  queryKey: ['instance'],
  queryFn: ({ signal }: { signal: AbortSignal }) => api<Instance>('/instance', { signal }),
  staleTime: 60 * 60 * 1000,
} as const;

/** The instance configuration; the default while loading or on error. */
export function useInstance(): Instance {
  const { data } = useQuery(instanceQuery);
  return data ?? DEFAULT_INSTANCE;
}

/** Applies the configured colours to the document whenever they change. */
export function useBrand(instance: Instance): void {
  useEffect(() => {
    applyBrand(instance);
  }, [instance]);
}
