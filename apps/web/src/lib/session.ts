/** Who is signed in: the session query, sign-in and sign-out. */
import { useMutation, useQuery, useQueryClient, type Query } from '@tanstack/react-query';
import type { Me, SessionState, SignInBody, SignInResult } from '@rotes-netz/shared';
import { api } from '../api.ts';

export const ME_KEY = ['me'] as const;

/**
 * The signed-in member, or null when signed out. Asked at /session, which answers 200 either way,
 * so that a public page does not begin with a failed request (and a 401 in the console).
 */
async function fetchMe({ signal }: { signal: AbortSignal }): Promise<Me | null> {
  const state = await api<SessionState>('/session', { signal });
  return state.signedIn ? state.me : null;
}

/**
 * Which cached queries go when the member changes: everything but the instance configuration and
 * /me itself (which is replaced, not removed, so that every component watching it sees the change).
 */
const keepOnlyShared = (query: Query) => query.queryKey[0] !== 'instance' && query.queryKey[0] !== ME_KEY[0];

export function useMe() {
  return useQuery({ queryKey: ME_KEY, queryFn: fetchMe, staleTime: 60_000 });
}

/** Whether a sign-in answer is the member (complete) rather than the request for a second factor. */
export function isMe(result: SignInResult): result is Me {
  return !('status' in result);
}

/** Puts a freshly signed-in member in place and drops what the previous one saw. */
export function useSignedIn() {
  const client = useQueryClient();
  return (me: Me) => {
    client.setQueryData(ME_KEY, me);
    client.removeQueries({ predicate: keepOnlyShared });
  };
}

/** The password step; answers the member, or that a second factor is needed. */
export function useSignIn() {
  const signedIn = useSignedIn();
  return useMutation({
    mutationFn: (body: SignInBody) => api<SignInResult>('/auth/sign-in', { method: 'POST', body }),
    onSuccess: (result) => {
      if (isMe(result)) signedIn(result);
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
