/**
 * Attachments of a post being written: a native file input (the most robust for keyboards and
 * screen readers), each upload with its progress, the server's reason when it refuses a file,
 * and a way to remove it again.
 */
import { useCallback, useId, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ATTACHMENT_ACCEPT, ATTACHMENT_DEFAULT_MAX_BYTES } from '@rotes-netz/shared';
import { Button } from '../../ui/index.ts';
import { formatSize } from './format.ts';
import { uploadAttachment, UploadError } from './rooms.api.ts';
import type { AttachmentView } from './rooms.types.ts';

interface Upload {
  key: number;
  name: string;
  progress: number;
  view: AttachmentView | null;
  error: string | null;
  abort: () => void;
}

export interface AttachmentUploads {
  items: Upload[];
  busy: boolean;
  ids: number[];
  add: (files: FileList) => void;
  remove: (key: number) => void;
  clear: () => void;
}

export function useAttachmentUploads(roomId: number): AttachmentUploads {
  const { t, i18n } = useTranslation();
  const [items, setItems] = useState<Upload[]>([]);
  const next = useRef(1);

  const update = useCallback(
    (key: number, patch: Partial<Upload>) =>
      setItems((list) => list.map((u) => (u.key === key ? { ...u, ...patch } : u))),
    [],
  );

  const add = useCallback(
    (files: FileList) => {
      for (const file of Array.from(files)) {
        const key = next.current++;
        const { promise, abort } = uploadAttachment(
          roomId,
          file,
          (progress) => update(key, { progress }),
          i18n.resolvedLanguage ?? i18n.language,
        );
        setItems((list) => [...list, { key, name: file.name, progress: 0, view: null, error: null, abort }]);
        promise
          .then((view) => update(key, { view, progress: 1 }))
          .catch((e: unknown) => {
            if (e instanceof UploadError && e.status === -1) return;
            const message =
              e instanceof UploadError && e.serverTitle
                ? e.serverTitle
                : e instanceof UploadError && e.status === 0
                  ? t('errors.network')
                  : t('rooms.attachments.failed');
            update(key, { error: message });
          });
      }
    },
    [roomId, update, t, i18n],
  );

  const remove = useCallback((key: number) => {
    setItems((list) => {
      list.find((u) => u.key === key)?.abort();
      return list.filter((u) => u.key !== key);
    });
  }, []);

  return useMemo(
    () => ({
      items,
      busy: items.some((u) => !u.view && !u.error),
      ids: items.flatMap((u) => (u.view ? [u.view.id] : [])),
      add,
      remove,
      clear: () => setItems([]),
    }),
    [items, add, remove],
  );
}

export function AttachmentPicker({ uploads }: { uploads: AttachmentUploads }) {
  const { t, i18n } = useTranslation();
  const inputId = useId();
  return (
    <div className="attachments-picker">
      <label htmlFor={inputId} className="field__label">
        {t('rooms.attachments.add')}
      </label>
      <p className="field__description" id={`${inputId}-hint`}>
        {t('rooms.attachments.hint', { size: formatSize(ATTACHMENT_DEFAULT_MAX_BYTES, i18n.language) })}
      </p>
      <input
        id={inputId}
        type="file"
        multiple
        accept={ATTACHMENT_ACCEPT}
        className="attachments-picker__input"
        aria-describedby={`${inputId}-hint`}
        onChange={(e) => {
          if (e.target.files && e.target.files.length > 0) uploads.add(e.target.files);
          e.target.value = '';
        }}
      />
      {uploads.items.length > 0 && (
        <ul className="upload-list">
          {uploads.items.map((u) => (
            <li key={u.key} className="upload-list__item">
              <span className="upload-list__name">{u.name}</span>
              {u.error ? (
                <span className="field__error" role="alert">
                  {t('rooms.attachments.error', { name: u.name, message: u.error })}
                </span>
              ) : u.view ? (
                <span className="hint">
                  {t('rooms.attachments.done', { size: formatSize(u.view.size, i18n.language) })}
                </span>
              ) : (
                <progress max={1} value={u.progress} aria-label={t('rooms.attachments.progress', { name: u.name })} />
              )}
              <Button
                variant="quiet"
                aria-label={t('rooms.attachments.removeLabel', { name: u.name })}
                onPress={() => uploads.remove(u.key)}
              >
                {t('rooms.attachments.remove')}
              </Button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
