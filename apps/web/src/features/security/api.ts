/** The security feature's talk with the API: factors, passkeys, sessions, re-authentication. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { startAuthentication, startRegistration } from '@simplewebauthn/browser';
import type {
  Me,
  Passkey,
  RecoveryCodes,
  SecurityOverview,
  SessionList,
  SessionStatus,
  TotpSetup,
} from '@rotes-netz/shared';
import { api } from '../../api.ts';

export const SECURITY_KEY = ['security'] as const;
export const SESSIONS_KEY = ['security', 'sessions'] as const;

export function useSecurity() {
  return useQuery({
    queryKey: SECURITY_KEY,
    queryFn: ({ signal }) => api<SecurityOverview>('/me/security', { signal }),
  });
}

export function useSessions() {
  return useQuery({ queryKey: SESSIONS_KEY, queryFn: ({ signal }) => api<SessionList>('/me/sessions', { signal }) });
}

/** A mutation that refreshes the security page afterwards. */
function useSecurityMutation<I, O>(fn: (input: I) => Promise<O>) {
  const client = useQueryClient();
  return useMutation({ mutationFn: fn, onSuccess: () => client.invalidateQueries({ queryKey: SECURITY_KEY }) });
}

export const useRevokeSession = () =>
  useSecurityMutation((id: number) => api<void>(`/me/sessions/${id}`, { method: 'DELETE' }));
export const useRevokeOthers = () =>
  useSecurityMutation(() => api<{ revoked: number }>('/me/sessions/revoke-others', { method: 'POST' }));
export const useBeginTotp = () =>
  useMutation({ mutationFn: () => api<TotpSetup>('/me/security/totp', { method: 'POST' }) });
export const useConfirmTotp = () =>
  useSecurityMutation((code: string) =>
    api<RecoveryCodes>('/me/security/totp/confirm', { method: 'POST', body: { code } }),
  );
export const useDisableTotp = () => useSecurityMutation(() => api<void>('/me/security/totp', { method: 'DELETE' }));
export const useRegenerateCodes = () =>
  useSecurityMutation(() => api<RecoveryCodes>('/me/security/recovery-codes', { method: 'POST' }));
export const useRemovePasskey = () =>
  useSecurityMutation((id: number) => api<void>(`/me/security/passkeys/${id}`, { method: 'DELETE' }));

/** Asks the authenticator for a new passkey and stores it under `name`. */
export const useAddPasskey = () =>
  useSecurityMutation(async (name: string) => {
    const optionsJSON = await api<Parameters<typeof startRegistration>[0]['optionsJSON']>(
      '/me/security/passkeys/options',
      {
        method: 'POST',
      },
    );
    const response = await startRegistration({ optionsJSON });
    return api<Passkey>('/me/security/passkeys', { method: 'POST', body: { name, response } });
  });

export const reauthenticate = (body: { password: string }) =>
  api<void>('/auth/reauthenticate', { method: 'POST', body });

/** Proves a passkey: `second-factor` after the password, `sign-in` password-less. */
export async function provePasskey(step: 'second-factor' | 'sign-in'): Promise<Me> {
  const path =
    step === 'second-factor'
      ? ({ options: '/auth/second-factor/passkey/options', verify: '/auth/second-factor/passkey' } as const)
      : ({ options: '/auth/passkey/options', verify: '/auth/passkey/verify' } as const);
  const optionsJSON = await api<Parameters<typeof startAuthentication>[0]['optionsJSON']>(path.options, {
    method: 'POST',
  });
  const response = await startAuthentication({ optionsJSON });
  return api<Me>(path.verify, { method: 'POST', body: response });
}

export const submitSecondFactorCode = (method: 'totp' | 'recovery', code: string) =>
  api<Me>(`/auth/second-factor/${method}`, { method: 'POST', body: { code } });

export const readSessionStatus = (signal?: AbortSignal) =>
  api<SessionStatus>('/auth/session', signal ? { signal } : {});
export const extendSession = () => api<SessionStatus>('/auth/session/extend', { method: 'POST' });
