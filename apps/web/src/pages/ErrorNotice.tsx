import { useTranslation } from 'react-i18next';
import { useLocation } from 'react-router';
import { ApiError, isStatus } from '../api.ts';
import { signInPath } from '../lib/format.ts';
import { ButtonLink } from '../ui/index.ts';

/** An inline message for a failed request, showing the API's own (translated) title. */
export function ErrorNotice({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t } = useTranslation();
  const location = useLocation();
  const message = error instanceof ApiError ? error.problem.title : t('errors.unexpected');
  // Signed out meanwhile (the session ended): the way on is signing in again, back to this place.
  if (isStatus(error, 401)) {
    return (
      <div className="notice notice--error" role="alert">
        <p>{message}</p>
        <ButtonLink to={signInPath(location)} variant="primary">
          {t('nav.signIn')}
        </ButtonLink>
      </div>
    );
  }
  return (
    <div className="notice notice--error" role="alert">
      <p>{message}</p>
      {error instanceof ApiError && error.problem.detail && <p>{error.problem.detail}</p>}
      {onRetry && (
        <button type="button" className="button button--secondary" onClick={onRetry}>
          {t('common.retry')}
        </button>
      )}
    </div>
  );
}
