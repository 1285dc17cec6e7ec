/** Queries for the party's unit tree. */
import type { Unit, UnitList } from '@rotes-netz/shared';
import { api, query } from '../api.ts';

type Ctx = { signal: AbortSignal };
const LONG = 5 * 60 * 1000;

export const rootsQuery = () => ({
  queryKey: ['units', 'roots'],
  queryFn: ({ signal }: Ctx) => api<UnitList>('/units/roots', { signal }),
  staleTime: LONG,
});

export const unitQuery = (id: number) => ({
  queryKey: ['units', id],
  queryFn: ({ signal }: Ctx) => api<Unit>(`/units/${id}`, { signal }),
  staleTime: LONG,
});

export const childrenQuery = (id: number) => ({
  queryKey: ['units', id, 'children'],
  queryFn: ({ signal }: Ctx) => api<UnitList>(`/units/${id}/children`, { signal }),
  staleTime: LONG,
});

export const ancestryQuery = (id: number) => ({
  queryKey: ['units', id, 'ancestry'],
  queryFn: ({ signal }: Ctx) => api<UnitList>(`/units/${id}/ancestry`, { signal }),
  staleTime: LONG,
});

export const searchQuery = (q: string) => ({
  queryKey: ['units', 'search', q],
  queryFn: ({ signal }: Ctx) => api<UnitList>(`/units${query({ q, limit: 50 })}`, { signal }),
  staleTime: 60_000,
});
