/** Queries and mutations of the privacy feature. */
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  AuditList,
  DataExportStarted,
  GrantRoleBody,
  MemberProfile,
  MyProfile,
  ProfilePatch,
  Role,
  Unit,
  UnitRoleList,
} from '@rotes-netz/shared';
import { api, query } from '../../api.ts';
import { ME_KEY } from '../../lib/session.ts';

const PROFILE_KEY = ['privacy', 'profile'] as const;

export function useMyProfile() {
  return useQuery({ queryKey: PROFILE_KEY, queryFn: ({ signal }) => api<MyProfile>('/me/profile', { signal }) });
}

export function useUpdateProfile() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: ProfilePatch) => api<MyProfile>('/me/profile', { method: 'PATCH', body }),
    onSuccess: (profile) => client.setQueryData(PROFILE_KEY, profile),
  });
}

/** Sends the file's bytes as they are: the server decides by content what it is. */
function uploadPhoto(file: File): Promise<MyProfile> {
  return api<MyProfile>('/me/profile/photo', {
    method: 'PUT',
    upload: { data: file, contentType: file.type || 'application/octet-stream' },
  });
}

export function useUploadPhoto() {
  const client = useQueryClient();
  return useMutation({ mutationFn: uploadPhoto, onSuccess: (profile) => client.setQueryData(PROFILE_KEY, profile) });
}

export function useRemovePhoto() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => api<MyProfile>('/me/profile/photo', { method: 'DELETE' }),
    onSuccess: (profile) => client.setQueryData(PROFILE_KEY, profile),
  });
}

export function useMemberProfile(id: string) {
  return useQuery({
    queryKey: ['privacy', 'member', id],
    queryFn: ({ signal }) => api<MemberProfile>(`/members/${encodeURIComponent(id)}/profile`, { signal }),
    retry: false,
  });
}

export function useRequestExport() {
  return useMutation({
    mutationFn: (password: string) => api<DataExportStarted>('/me/data-export', { method: 'POST', body: { password } }),
  });
}

export function useDeleteAccount() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (password: string) =>
      api<void>('/me/delete', { method: 'POST', body: { password, confirm: 'LÖSCHEN' } }),
    onSuccess: () => {
      // Nothing of the deleted account may stay in memory.
      client.setQueryData(ME_KEY, null);
      client.removeQueries({ predicate: (q) => q.queryKey[0] !== 'instance' && q.queryKey[0] !== ME_KEY[0] });
    },
  });
}

export interface AuditFilter {
  action?: string;
  from?: string;
  to?: string;
}

export function useAudit(filter: AuditFilter) {
  return useInfiniteQuery({
    queryKey: ['privacy', 'audit', filter],
    initialPageParam: undefined as number | undefined,
    queryFn: ({ pageParam, signal }) =>
      api<AuditList>(`/admin/audit${query({ ...filter, before: pageParam })}`, { signal }),
    getNextPageParam: (last) => last.nextBefore ?? undefined,
    retry: false,
  });
}

export function useUnit(id: string) {
  return useQuery({
    queryKey: ['units', id],
    queryFn: ({ signal }) => api<Unit>(`/units/${encodeURIComponent(id)}`, { signal }),
  });
}

export function useUnitRoles(id: string) {
  return useQuery({
    queryKey: ['privacy', 'roles', id],
    queryFn: ({ signal }) => api<UnitRoleList>(`/units/${encodeURIComponent(id)}/roles`, { signal }),
    retry: false,
  });
}

export function useGrantRole(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: GrantRoleBody) => api<void>(`/units/${encodeURIComponent(id)}/roles`, { method: 'POST', body }),
    onSuccess: () => client.invalidateQueries({ queryKey: ['privacy', 'roles', id] }),
  });
}

export function useRevokeRole(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ memberId, role }: { memberId: number; role: Role }) =>
      api<void>(`/units/${encodeURIComponent(id)}/roles/${memberId}/${role}`, { method: 'DELETE' }),
    onSuccess: () => client.invalidateQueries({ queryKey: ['privacy', 'roles', id] }),
  });
}
