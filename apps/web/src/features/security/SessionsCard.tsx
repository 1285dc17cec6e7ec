import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api.ts';
import { formatDateTime } from '../../lib/format.ts';
import { Button, Card, Spinner, useToast } from '../../ui/index.ts';
import { useRevokeOthers, useRevokeSession, useSessions } from './api.ts';

/** Where the member is signed in, with "sign out" per session and "sign out everywhere else". */
export function SessionsCard() {
  const { t, i18n } = useTranslation();
  const toast = useToast();
  const sessions = useSessions();
  const revoke = useRevokeSession();
  const revokeOthers = useRevokeOthers();
  const fail = (e: unknown) => toast(e instanceof ApiError ? e.problem.title : t('errors.unexpected'), 'error');

  return (
    <Card title={t('security.sessions.title')}>
      <p>{t('security.sessions.lead')}</p>
      {sessions.isPending && <Spinner label={t('common.loading')} />}
      {sessions.data && (
        <ul className="security-list">
          {sessions.data.items.map((s) => (
            <li key={s.id} className="security-list__item">
              <div>
                <strong>{s.device ?? t('security.sessions.unknownDevice')}</strong>
                {s.current && <span className="security-badge"> {t('security.sessions.current')}</span>}
                <div className="hint">
                  {t('security.sessions.details', {
                    lastSeen: formatDateTime(s.lastSeenAt, i18n.language),
                    created: formatDateTime(s.createdAt, i18n.language),
                    ip: s.ipPrefix ?? '–',
                  })}
                </div>
              </div>
              {!s.current && (
                <Button
                  variant="secondary"
                  aria-label={t('security.sessions.signOutOne', {
                    device: s.device ?? t('security.sessions.unknownDevice'),
                  })}
                  onPress={() =>
                    revoke.mutate(s.id, {
                      onSuccess: () => toast(t('security.sessions.signedOut'), 'success'),
                      onError: fail,
                    })
                  }
                >
                  {t('security.sessions.signOut')}
                </Button>
              )}
            </li>
          ))}
        </ul>
      )}
      {sessions.data && sessions.data.items.length > 1 && (
        <Button
          variant="secondary"
          isPending={revokeOthers.isPending}
          onPress={() =>
            revokeOthers.mutate(undefined, {
              onSuccess: (r) => toast(t('security.sessions.signedOutOthers', { count: r.revoked }), 'success'),
              onError: fail,
            })
          }
        >
          {t('security.sessions.signOutOthers')}
        </Button>
      )}
    </Card>
  );
}
