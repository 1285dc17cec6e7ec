/** API calls of the registration feature. */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type {
  AcceptInvitationBody,
  ChangeEmailBody,
  ChangePasswordBody,
  EmailChanged,
  InvitationBody,
  Me,
  PasswordResetBody,
  RegistrationBody,
  RequestAccepted,
  TokenPasswordBody,
} from '@rotes-netz/shared';
import { api, type ApiPath } from '../../api.ts';
import { ME_KEY } from '../../lib/session.ts';

const post =
  <T>(path: ApiPath) =>
  (body: unknown) =>
    api<T>(path, { method: 'POST', body });

export const useRequestRegistration = () =>
  useMutation({
    mutationFn: post<RequestAccepted>('/registration') as (b: RegistrationBody) => Promise<RequestAccepted>,
  });

export const useRequestPasswordReset = () =>
  useMutation({
    mutationFn: post<RequestAccepted>('/auth/password-reset') as (b: PasswordResetBody) => Promise<RequestAccepted>,
  });

export const useCompletePasswordReset = () => {
  const client = useQueryClient();
  return useMutation({
    mutationFn: post<void>('/auth/password-reset/complete') as (b: TokenPasswordBody) => Promise<void>,
    // Every session ended, this browser's too.
    onSuccess: () => client.setQueryData(ME_KEY, null),
  });
};

/** Registration or invitation: the account is created and this browser is signed in. */
export function useCreateAccount(kind: 'registration' | 'invitation') {
  const client = useQueryClient();
  return useMutation({
    mutationFn: post<Me>(kind === 'registration' ? '/registration/complete' : '/invitations/accept') as (
      b: TokenPasswordBody | AcceptInvitationBody,
    ) => Promise<Me>,
    onSuccess: (me) => {
      client.setQueryData(ME_KEY, me);
      client.removeQueries({ predicate: (q) => q.queryKey[0] !== 'instance' && q.queryKey[0] !== ME_KEY[0] });
    },
  });
}

export const useChangePassword = () =>
  useMutation({ mutationFn: post<void>('/me/password') as (b: ChangePasswordBody) => Promise<void> });

export const useRequestEmailChange = () =>
  useMutation({ mutationFn: post<RequestAccepted>('/me/email') as (b: ChangeEmailBody) => Promise<RequestAccepted> });

export function useConfirmEmailChange() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: post<EmailChanged>('/me/email/confirm') as (b: { token: string }) => Promise<EmailChanged>,
    onSuccess: () => void client.invalidateQueries({ queryKey: ME_KEY }),
  });
}

export const useInvite = (unitId: number | null) =>
  useMutation({
    mutationFn: (body: InvitationBody) =>
      api<RequestAccepted>(`/units/${unitId}/invitations`, { method: 'POST', body }),
  });
