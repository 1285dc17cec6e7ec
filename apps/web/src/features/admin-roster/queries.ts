/** API calls of the admin pages for the roster, members and units. */
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  MemberDetail,
  MemberList,
  RosterApplied,
  RosterApplyBody,
  RosterPreview,
  RosterPreviewPage,
  RosterSectionName,
  Unit,
  UnitUpdateBody,
} from '@rotes-netz/shared';
import { api, query } from '../../api.ts';

/** Sends the file as it is (`text/csv`): the server detects encoding and separator itself. */
function uploadRoster(file: File): Promise<RosterPreview> {
  return api<RosterPreview>(`/admin/roster/previews${query({ name: file.name.slice(0, 200) })}`, {
    method: 'POST',
    upload: { data: file, contentType: 'text/csv' },
  });
}

export function useUploadRoster() {
  return useMutation({ mutationFn: uploadRoster });
}

export function useRosterSection(id: number | null, section: RosterSectionName) {
  return useInfiniteQuery({
    queryKey: ['admin', 'roster', id, section],
    enabled: id !== null,
    initialPageParam: null as string | null,
    queryFn: ({ pageParam, signal }) =>
      api<RosterPreviewPage>(`/admin/roster/previews/${id}${query({ section, cursor: pageParam, limit: 50 })}`, {
        signal,
      }),
    getNextPageParam: (last) => last.nextCursor,
  });
}

export function useApplyRoster() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: number; body: RosterApplyBody }) =>
      api<RosterApplied>(`/admin/roster/previews/${id}/apply`, { method: 'POST', body }),
    onSuccess: () => client.invalidateQueries({ queryKey: ['admin', 'members'] }),
  });
}

export function useMembers(search: { q: string; status: string }) {
  return useInfiniteQuery({
    queryKey: ['admin', 'members', search],
    initialPageParam: null as string | null,
    queryFn: ({ pageParam, signal }) =>
      api<MemberList>(`/admin/members${query({ q: search.q, status: search.status, cursor: pageParam })}`, { signal }),
    getNextPageParam: (last) => last.nextCursor,
  });
}

export function useMember(id: number | null) {
  return useQuery({
    queryKey: ['admin', 'members', 'one', id],
    enabled: id !== null,
    queryFn: ({ signal }) => api<MemberDetail>(`/admin/members/${id}`, { signal }),
  });
}

export function useRenameUnit(id: number) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: UnitUpdateBody) => api<Unit>(`/admin/units/${id}`, { method: 'PATCH', body }),
    onSuccess: () => client.invalidateQueries({ queryKey: ['units'] }),
  });
}
