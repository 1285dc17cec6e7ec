/** The member's in-app notifications: list, unread count, marking read (across devices). */
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { NotificationItem, NotificationList, UnreadNotifications } from '@rotes-netz/shared';
import { api, query } from '../../api.ts';

export type { NotificationItem, NotificationList };

export const notificationKeys = {
  all: ['notifications'] as const,
  summary: ['notifications', 'summary'] as const,
  list: ['notifications', 'list'] as const,
};

/** The unread count for the bell (the first page is small; the count covers all). */
export const useUnreadCount = () =>
  useQuery({
    queryKey: notificationKeys.summary,
    queryFn: ({ signal }) => api<UnreadNotifications>('/notifications/unread-count', { signal }),
    select: (r) => r.unread,
    staleTime: 30_000,
  });

export const useNotifications = () =>
  useInfiniteQuery({
    queryKey: notificationKeys.list,
    queryFn: ({ signal, pageParam }) =>
      api<NotificationList>(`/notifications${query({ cursor: pageParam })}`, { signal }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });

export const useMarkRead = () => {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (which: { ids: number[] } | { all: true }) =>
      api<unknown>('/notifications/read', { method: 'POST', body: which }),
    onSuccess: () => client.invalidateQueries({ queryKey: notificationKeys.all }),
  });
};
