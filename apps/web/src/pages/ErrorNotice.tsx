import { useTranslation } from 'react-i18next';
import { ApiError } from '../api.ts';

/** An inline message for a failed request, showing the API's own (translated) title. */
export function ErrorNotice({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t } = useTranslation();
  const message = error instanceof ApiError ? error.problem.title : t('errors.unexpected');
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
