import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Post, PostList } from '@rotes-netz/shared';
import { api } from '../../api.ts';
import { formatDateTime } from '../../lib/format.ts';
import { ErrorNotice } from '../../pages/ErrorNotice.tsx';
import { Button, ErrorSummary, Form, Spinner } from '../../ui/index.ts';
import { TextAreaField } from './fields.tsx';

/**
 * The discussion of an idea: the posts of its thread after the opening one (which is the idea),
 * and a form to add one. The thread lives in the process's room, so moderation, reports and
 * notifications work as in every room.
 */
export function Comments({ threadId, open }: { threadId: number; open: boolean }) {
  const { t, i18n } = useTranslation();
  const client = useQueryClient();
  const key = ['programme', 'comments', threadId];
  const posts = useQuery({
    queryKey: key,
    queryFn: ({ signal }) => api<PostList>(`/threads/${threadId}/posts`, { signal }),
  });
  const [body, setBody] = useState('');
  const write = useMutation({
    mutationFn: () => api<Post>(`/threads/${threadId}/posts`, { method: 'POST', body: { body } }),
    onSuccess: () => {
      setBody('');
      void client.invalidateQueries({ queryKey: ['programme'] });
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    write.mutate();
  };
  if (posts.isPending) return <Spinner label={t('common.loading')} />;
  if (posts.isError) return <ErrorNotice error={posts.error} onRetry={() => void posts.refetch()} />;
  const comments = posts.data.hasOlder ? posts.data.items : posts.data.items.slice(1);
  return (
    <section aria-labelledby="comments-heading">
      <h2 id="comments-heading">{t('programme.ideas.comments', { count: comments.length })}</h2>
      <ol className="plain-list">
        {comments.map((post) => (
          <li key={post.id} className="idea-card">
            <p className="idea-card__meta">
              {post.author?.displayName ?? t('programme.unknownAuthor')} ·{' '}
              {formatDateTime(post.createdAt, i18n.language)}
            </p>
            {post.hidden || post.deleted ? (
              <p className="hint">{t(post.deleted ? 'programme.comment.deleted' : 'programme.comment.hidden')}</p>
            ) : (
              // Rendered by the server from Markdown without raw HTML (markdown-it, html: false).
              <div className="prose" dangerouslySetInnerHTML={{ __html: post.bodyHtml }} />
            )}
          </li>
        ))}
      </ol>
      {open && (
        <Form onSubmit={submit}>
          {write.error && <ErrorSummary title={write.error.message} />}
          <TextAreaField
            label={t('programme.comment.label')}
            description={t('programme.markdownHint')}
            value={body}
            onChange={setBody}
            rows={4}
            isRequired
          />
          <Button type="submit" isPending={write.isPending}>
            {t('programme.comment.submit')}
          </Button>
        </Form>
      )}
    </section>
  );
}
