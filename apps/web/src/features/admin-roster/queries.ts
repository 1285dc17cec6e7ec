/** API calls of the admin pages for the roster, members and units. */
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  MemberDetail,
  MemberList,
  Problem,
  RosterApplied,
  RosterPreview,
  RosterPreviewPage,
  RosterSectionName,
  Unit,
  UnitUpdateBody,
} from '@rotes-netz/shared';
import { api, API_BASE, ApiError, query } from '../../api.ts';
import i18n from '../../i18n/index.ts';

/** Sends the file as it is (`text/csv`): the server detects encoding and separator itself. */
async function uploadRoster(file: File): Promise<RosterPreview> {
  let res: Response;
  try {
    res = await fetch(`${API_BASE}/admin/roster/previews${query({ name: file.name.slice(0, 200) })}`, {
      method: 'POST',
      credentials: 'same-origin',
      headers: {
        'Content-Type': 'text/csv',
        Accept: 'application/json, application/problem+json',
        'Accept-Language': i18n.resolvedLanguage ?? i18n.language,
      },
      body: file,
    });
  } catch {
    throw new ApiError({ type: 'about:blank', title: i18n.t('errors.network'), status: 0, code: 'network' });
  }
  const body: unknown = await res.json().catch(() => null);
  if (!res.ok) {
    const problem = (body as Problem | null) ?? {
      type: 'about:blank',
      title: i18n.t('errors.http', { status: res.status }),
      status: res.status,
      code: 'unknown',
    };
    throw new ApiError(problem);
  }
  return body as RosterPreview;
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
    mutationFn: (id: number) => api<RosterApplied>(`/admin/roster/previews/${id}/apply`, { method: 'POST' }),
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
