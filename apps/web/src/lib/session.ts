/** Who is signed in: the /me query, sign-in and sign-out. */
import { useMutation, useQuery, useQueryClient, type Query } from '@tanstack/react-query';
import type { Me, SignInBody } from '@rotes-netz/shared';
import { api, isStatus } from '../api.ts';

export const ME_KEY = ['me'] as const;

/** The signed-in member, or null when signed out. Other errors propagate. */
async function fetchMe({ signal }: { signal: AbortSignal }): Promise<Me | null> {
  try {
    return await api<Me>('/me', { signal });
  } catch (error) {
    if (isStatus(error, 401)) return null;
    throw error;
  }
}

/**
 * Which cached queries go when the member changes: everything but the instance configuration and
 * /me itself (which is replaced, not removed, so that every component watching it sees the change).
 */
const keepOnlyShared = (query: Query) => query.queryKey[0] !== 'instance' && query.queryKey[0] !== ME_KEY[0];

export function useMe() {
  return useQuery({ queryKey: ME_KEY, queryFn: fetchMe, staleTime: 60_000 });
}

export function useSignIn() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: SignInBody) => api<Me>('/auth/sign-in', { method: 'POST', body }),
    onSuccess: (me) => {
      client.setQueryData(ME_KEY, me);
      client.removeQueries({ predicate: keepOnlyShared });
    },
  });
}

export function useSignOut() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => api<void>('/auth/sign-out', { method: 'POST' }),
    onSuccess: () => {
      // Nothing a signed-in member saw may stay in memory after signing out.
      client.setQueryData(ME_KEY, null);
      client.removeQueries({ predicate: keepOnlyShared });
    },
  });
}
