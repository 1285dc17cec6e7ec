import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation, useNavigate } from 'react-router';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { isStatus } from '../../api.ts';
import { signInPath } from '../../lib/format.ts';
import { ME_KEY, useMe } from '../../lib/session.ts';
import { Button, Dialog, useToast } from '../../ui/index.ts';
import { extendSession, readSessionStatus } from './api.ts';

/** How long before the idle timeout the member is asked whether to stay signed in. */
const WARN_MS = 2 * 60_000;
const POLL_MS = 60_000;
const TICK_MS = 5_000;
const CLOCK_KEY = ['session-clock'] as const;

/**
 * Mounted app-wide: two minutes before the session would end for inactivity it asks whether to
 * stay signed in; when the session has ended it goes to the sign-in page. Reading the session's
 * clock does not extend it, so this polling never keeps a forgotten session alive.
 */
export function IdleWarning() {
  const me = useMe();
  if (!me.data) return null;
  return <IdleTimer key={me.data.id} />;
}

function IdleTimer() {
  const { t } = useTranslation();
  const client = useQueryClient();
  const navigate = useNavigate();
  const { pathname, search, hash } = useLocation();
  const toast = useToast();
  const clock = useQuery({
    queryKey: CLOCK_KEY,
    queryFn: ({ signal }) => readSessionStatus(signal),
    refetchInterval: POLL_MS,
    retry: false,
  });
  const [now, setNow] = useState(() => Date.now());

  useEffect(() => {
    const tick = setInterval(() => setNow(Date.now()), TICK_MS);
    return () => clearInterval(tick);
  }, []);

  const expiresAt = clock.data ? Date.parse(clock.data.idleExpiresAt) : null;
  const remaining = expiresAt === null ? Infinity : expiresAt - now;
  const over = remaining <= 0;
  const { refetch } = clock;

  useEffect(() => {
    // Past the expiry we ask once more: other requests may have kept the session alive.
    if (over) void refetch();
  }, [over, refetch]);

  const signedOut = isStatus(clock.error, 401);
  useEffect(() => {
    if (!signedOut) return;
    client.setQueryData(ME_KEY, null);
    client.removeQueries({ predicate: (q) => q.queryKey[0] !== 'instance' && q.queryKey[0] !== ME_KEY[0] });
    toast(t('security.idle.expired'), 'info');
    void navigate(signInPath({ pathname, search, hash }), { replace: true });
  }, [signedOut, client, navigate, pathname, search, hash, t, toast]);

  const stay = () => {
    extendSession().then(
      (status) => client.setQueryData(CLOCK_KEY, status),
      () => void refetch(),
    );
  };

  const minutes = Math.max(1, Math.ceil(remaining / 60_000));
  return (
    <Dialog
      title={t('security.idle.title')}
      isOpen={remaining <= WARN_MS && !over}
      onOpenChange={(open) => !open && stay()}
    >
      <p aria-live="polite">{t('security.idle.text', { count: minutes })}</p>
      <div className="button-row">
        <Button variant="primary" onPress={stay}>
          {t('security.idle.stay')}
        </Button>
      </div>
    </Dialog>
  );
}
