import { useTranslation } from 'react-i18next';
import { formatSize } from './format.ts';
import type { AttachmentView } from './rooms.types.ts';

/** The files a post (or an idea) carries: images shown, documents as download links. */
export function AttachmentList({ attachments }: { attachments: AttachmentView[] }) {
  const { t, i18n } = useTranslation();
  if (attachments.length === 0) return null;
  return (
    <ul className="post__attachments" aria-label={t('rooms.attachments.label')}>
      {attachments.map((a) =>
        a.mediaType.startsWith('image/') ? (
          <li key={a.id} className="post__image">
            <a href={a.url} target="_blank" rel="noopener">
              <img
                src={a.url}
                alt={t('rooms.attachments.image', { name: a.fileName })}
                width={a.width ?? undefined}
                height={a.height ?? undefined}
                loading="lazy"
              />
            </a>
          </li>
        ) : (
          <li key={a.id}>
            <a href={`${a.url}?download=true`} download={a.fileName} className="link">
              {t('rooms.attachments.download', { name: a.fileName, size: formatSize(a.size, i18n.language) })}
            </a>
          </li>
        ),
      )}
    </ul>
  );
}
