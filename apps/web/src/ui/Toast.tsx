import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from './Button.tsx';

export type ToastTone = 'info' | 'success' | 'error';

interface ToastItem {
  id: number;
  message: string;
  tone: ToastTone;
}

type ShowToast = (message: string, tone?: ToastTone) => void;

const ToastContext = createContext<ShowToast | null>(null);

/** How long a toast stays; long enough to read twice (WCAG 2.2.1 is met by the close button too). */
const TOAST_MS = 8000;

/**
 * Holds the toasts and renders them in a polite live region that is in the page from the start,
 * so that screen readers announce each new message.
 */
export function ToastProvider({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  const [toasts, setToasts] = useState<ToastItem[]>([]);
  const nextId = useRef(1);
  const timers = useRef(new Map<number, ReturnType<typeof setTimeout>>());

  const dismiss = useCallback((id: number) => {
    setToasts((list) => list.filter((item) => item.id !== id));
    clearTimeout(timers.current.get(id));
    timers.current.delete(id);
  }, []);

  const show = useCallback<ShowToast>(
    (message, tone = 'info') => {
      const id = nextId.current++;
      setToasts((list) => [...list.slice(-2), { id, message, tone }]);
      timers.current.set(
        id,
        setTimeout(() => dismiss(id), TOAST_MS),
      );
    },
    [dismiss],
  );

  useEffect(() => {
    const map = timers.current;
    return () => map.forEach((timer) => clearTimeout(timer));
  }, []);

  const value = useMemo(() => show, [show]);
  return (
    <ToastContext.Provider value={value}>
      {children}
      <section className="toast-region" aria-label={t('toast.region')}>
        <div role="status" aria-live="polite" aria-atomic="false" className="toast-region__list">
          {toasts.map((item) => (
            <div key={item.id} className={`toast toast--${item.tone}`}>
              <p className="toast__message">{item.message}</p>
              <Button
                variant="quiet"
                className="toast__close"
                aria-label={t('toast.dismiss')}
                onPress={() => dismiss(item.id)}
              >
                <span aria-hidden="true">×</span>
              </Button>
            </div>
          ))}
        </div>
      </section>
    </ToastContext.Provider>
  );
}

/** Shows a short message in the toast region. */
export function useToast(): ShowToast {
  const show = useContext(ToastContext);
  if (!show) throw new Error('useToast must be used inside <ToastProvider>');
  return show;
}
