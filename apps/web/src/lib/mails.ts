/** Sent mail of the instance (LV admins only): the list and the test mail. */
import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import type { SentMailList } from '@rotes-netz/shared';
import { api, query } from '../api.ts';

const KEY = ['admin', 'mails'] as const;
const PAGE = 25;

export function useSentMail(enabled: boolean) {
  return useInfiniteQuery({
    queryKey: KEY,
    enabled,
    initialPageParam: null as string | null,
    queryFn: ({ pageParam, signal }) =>
      api<SentMailList>(`/admin/mails${query({ cursor: pageParam, limit: PAGE })}`, { signal }),
    getNextPageParam: (last) => last.nextCursor,
    // While a mail is still waiting in the queue, look again every few seconds.
    refetchInterval: (q) =>
      q.state.data?.pages.some((p) => p.items.some((m) => m.status === 'queued')) ? 2000 : false,
    refetchOnWindowFocus: true,
  });
}

export function useSendTestMail() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => api<{ id: number }>('/admin/mails/test', { method: 'POST' }),
    onSuccess: () => client.invalidateQueries({ queryKey: KEY }),
  });
}
