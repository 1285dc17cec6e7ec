/** Queries and mutations of the programme process. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  AmendmentBody,
  Amendment,
  AmendmentList,
  AmendmentListQuery,
  AnswerBody,
  BulkStatusBody,
  CreateProcessBody,
  Idea,
  IdeaBody,
  IdeaList,
  IdeaListQuery,
  MergeResult,
  ProcedureBody,
  Process,
  ProcessList,
  ProgrammeDraft,
  ProgrammeDraftSummary,
  PublishDraftBody,
  UpdateProcessBody,
} from '@rotes-netz/shared';
import { api, query } from '../../api.ts';

const KEY = ['programme'] as const;

export function useProcesses() {
  return useQuery({
    queryKey: [...KEY, 'processes'],
    queryFn: ({ signal }) => api<ProcessList>('/programme/processes', { signal }),
  });
}

export function useProcess(id: string) {
  return useQuery({
    queryKey: [...KEY, 'process', id],
    queryFn: ({ signal }) => api<Process>(`/programme/processes/${id}`, { signal }),
  });
}

/** After any write the programme's lists and counts may have changed: refetch them. */
function useRefresh() {
  const client = useQueryClient();
  return () => client.invalidateQueries({ queryKey: KEY });
}

export function useCreateProcess() {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: (body: CreateProcessBody) => api<Process>('/programme/processes', { method: 'POST', body }),
    onSuccess: refresh,
  });
}

export function useUpdateProcess(id: string) {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: (body: UpdateProcessBody) => api<Process>(`/programme/processes/${id}`, { method: 'PATCH', body }),
    onSuccess: refresh,
  });
}

export function useIdeas(processId: string, filters: IdeaListQuery) {
  return useQuery({
    queryKey: [...KEY, 'ideas', processId, filters],
    queryFn: ({ signal }) =>
      api<IdeaList>(
        `/programme/processes/${processId}/ideas${query({
          chapterId: filters.chapterId,
          status: filters.status,
          mine: filters.mine ? 'true' : undefined,
          myUnit: filters.myUnit ? 'true' : undefined,
          sort: filters.sort,
          cursor: filters.cursor,
          limit: filters.limit,
        })}`,
        { signal },
      ),
  });
}

export function useIdea(id: string) {
  return useQuery({
    queryKey: [...KEY, 'idea', id],
    queryFn: ({ signal }) => api<Idea>(`/programme/ideas/${id}`, { signal }),
  });
}

export function useSubmitIdea(processId: string) {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: (body: IdeaBody) => api<Idea>(`/programme/processes/${processId}/ideas`, { method: 'POST', body }),
    onSuccess: refresh,
  });
}

export function useIdeaSupport(id: number) {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: (support: boolean) =>
      api<Idea>(`/programme/ideas/${id}/support`, { method: support ? 'PUT' : 'DELETE' }),
    onSuccess: refresh,
  });
}

export function useAnswerIdea(id: number) {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: (body: AnswerBody) => api<Idea>(`/programme/ideas/${id}/answer`, { method: 'PUT', body }),
    onSuccess: refresh,
  });
}

export function useBulkStatus(processId: string) {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: (body: BulkStatusBody) =>
      api<IdeaList>(`/programme/processes/${processId}/ideas/status`, { method: 'POST', body }),
    onSuccess: refresh,
  });
}

export function useDraft(processId: string, version: number | undefined) {
  return useQuery({
    queryKey: [...KEY, 'draft', processId, version],
    queryFn: ({ signal }) => api<ProgrammeDraft>(`/programme/processes/${processId}/drafts/${version}`, { signal }),
    enabled: version !== undefined,
  });
}

export function usePublishDraft(processId: string) {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: (body: PublishDraftBody) =>
      api<ProgrammeDraftSummary>(`/programme/processes/${processId}/drafts`, { method: 'POST', body }),
    onSuccess: refresh,
  });
}

export function useMerge(processId: string) {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: (note: string) =>
      api<MergeResult>(`/programme/processes/${processId}/drafts/merge`, { method: 'POST', body: { note } }),
    onSuccess: refresh,
  });
}

export function useAmendments(processId: string, filters: AmendmentListQuery) {
  return useQuery({
    queryKey: [...KEY, 'amendments', processId, filters],
    queryFn: ({ signal }) =>
      api<AmendmentList>(
        `/programme/processes/${processId}/amendments${query({
          draftVersion: filters.draftVersion,
          chapterId: filters.chapterId,
          status: filters.status,
          mine: filters.mine ? 'true' : undefined,
        })}`,
        { signal },
      ),
  });
}

export function useFileAmendment(processId: string) {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: (body: AmendmentBody) =>
      api<Amendment>(`/programme/processes/${processId}/amendments`, { method: 'POST', body }),
    onSuccess: refresh,
  });
}

export function useAmendmentSupport(id: number) {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: (support: boolean) =>
      api<Amendment>(`/programme/amendments/${id}/support`, { method: support ? 'PUT' : 'DELETE' }),
    onSuccess: refresh,
  });
}

export function useDecideAmendment(id: number) {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: (body: ProcedureBody) =>
      api<Amendment>(`/programme/amendments/${id}/procedure`, { method: 'PUT', body }),
    onSuccess: refresh,
  });
}
