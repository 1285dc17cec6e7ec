/** Who is signed in: the /me query, sign-in and sign-out. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
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

export function useMe() {
  return useQuery({ queryKey: ME_KEY, queryFn: fetchMe, staleTime: 60_000 });
}

export function useSignIn() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: SignInBody) => api<Me>('/auth/sign-in', { method: 'POST', body }),
    onSuccess: (me) => {
      client.removeQueries({ predicate: (q) => q.queryKey[0] !== 'instance' });
      client.setQueryData(ME_KEY, me);
    },
  });
}

export function useSignOut() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => api<void>('/auth/sign-out', { method: 'POST' }),
    onSuccess: () => {
      // Nothing a signed-in member saw may stay in memory after signing out.
      client.removeQueries({ predicate: (q) => q.queryKey[0] !== 'instance' });
      client.setQueryData(ME_KEY, null);
    },
  });
}
