/**
 * The composer: a labelled text area with a Markdown toolbar (real buttons, arrow keys move
 * between them), a preview tab, @mention suggestions, attachments with upload progress, and a
 * draft saved on the server while typing and restored on return. A mention shows as the name
 * (`@Vera Vorsitz`, listed under the text) while the member id stays beside the text
 * (see mentions.ts); a name typed without choosing a suggestion is looked up when sending.
 */
import { useEffect, useId, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import {
  Button as AriaButton,
  FieldError,
  Label,
  ListBox,
  ListBoxItem,
  Tab,
  TabList,
  TabPanel,
  Tabs,
  Text,
  TextArea,
  TextField,
  Toolbar,
} from 'react-aria-components';
import { Button } from '../../ui/index.ts';
import { MarkdownPreview } from './MarkdownPreview.tsx';
import { AttachmentPicker, useAttachmentUploads } from './AttachmentPicker.tsx';
import { ToolIcon, type ToolIconName } from './ToolIcon.tsx';
import {
  completeTyped,
  mentionedIn,
  mentionName,
  toEditable,
  toStored,
  typedMentions,
  uniquePerson,
  type MentionedPerson,
} from './mentions.ts';
import { deleteDraft, fetchDraft, fetchMentionable, MENTIONABLE_LIMIT, saveDraft } from './rooms.api.ts';

export interface ComposerHandle {
  /** Puts text at the cursor (a quote) and focuses the text area. */
  insert: (text: string) => void;
}

export interface ComposerProps {
  roomId: number;
  /** `room-<id>` or `thread-<id>`: where the server keeps the draft; none for edits. */
  draftKey?: string;
  label: string;
  submitLabel: string;
  initialBody?: string;
  /** Fields above the text (a title) or below it (a poll). */
  before?: ReactNode;
  after?: ReactNode;
  /** Error of the text field (from the server). */
  errorMessage?: string | undefined;
  /** Sends; resolves when the post is stored (then the composer empties and the draft goes). */
  onSubmit: (body: string, attachmentIds: number[]) => Promise<unknown>;
  onCancel?: () => void;
  isPending?: boolean;
  /** Lets the parent insert quotes. */
  handleRef?: (handle: ComposerHandle | null) => void;
  allowAttachments?: boolean;
}

const DRAFT_DELAY_MS = 800;
const MENTION = /(^|\s)@([\p{L}\p{N}._-]{1,40})$/u;

export function Composer({
  roomId,
  draftKey,
  label,
  submitLabel,
  initialBody = '',
  before,
  after,
  errorMessage,
  onSubmit,
  onCancel,
  isPending = false,
  handleRef,
  allowAttachments = true,
}: ComposerProps) {
  const { t } = useTranslation();
  const [initial] = useState(() => toEditable(initialBody));
  const [text, setText] = useState(initial.text);
  // The people behind the `@Name`s in the text (their ids go back in when sending).
  const [people, setPeople] = useState<MentionedPerson[]>(initial.people);
  const [tab, setTab] = useState<'write' | 'preview'>('write');
  const [restored, setRestored] = useState(false);
  const [mention, setMention] = useState<{ query: string; start: number } | null>(null);
  const [found, setFound] = useState<{ query: string; items: { memberId: number; displayName: string }[] }>({
    query: '',
    items: [],
  });
  const area = useRef<HTMLTextAreaElement>(null);
  const listRef = useRef<HTMLDivElement>(null);
  const dirty = useRef(false);
  const uploads = useAttachmentUploads(roomId);
  const statusId = useId();

  // Restore the draft once, unless the member has already typed.
  useEffect(() => {
    if (!draftKey) return;
    let cancelled = false;
    void fetchDraft(draftKey).then((draft) => {
      if (cancelled || !draft || dirty.current) return;
      const editable = toEditable(draft.body);
      setText(editable.text);
      setPeople(editable.people);
      setRestored(true);
    });
    return () => {
      cancelled = true;
    };
  }, [draftKey]);

  // Save the draft a moment after the last keystroke.
  useEffect(() => {
    if (!draftKey || !dirty.current) return;
    const body = toStored(text, people);
    const timer = setTimeout(() => void saveDraft(draftKey, body).catch(() => undefined), DRAFT_DELAY_MS);
    return () => clearTimeout(timer);
  }, [draftKey, text, people]);

  // Suggestions for "@na…", a moment after typing stops.
  useEffect(() => {
    if (!mention) return;
    const controller = new AbortController();
    const timer = setTimeout(() => {
      fetchMentionable(roomId, mention.query, controller.signal)
        .then((r) => setFound({ query: mention.query, items: r.items }))
        .catch(() => undefined);
    }, 200);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [roomId, mention]);

  const change = (value: string) => {
    dirty.current = true;
    setText(value);
    const caret = area.current?.selectionStart ?? value.length;
    const match = MENTION.exec(value.slice(0, caret));
    setMention(match ? { query: match[2]!, start: caret - match[2]!.length - 1 } : null);
  };

  /** Replaces the selection (or inserts at the caret) and puts the caret after the new text. */
  const replaceSelection = (
    make: (selected: string) => string,
    selectInside?: (inserted: string) => [number, number],
  ) => {
    const el = area.current;
    const start = el?.selectionStart ?? text.length;
    const end = el?.selectionEnd ?? text.length;
    const inserted = make(text.slice(start, end));
    const next = text.slice(0, start) + inserted + text.slice(end);
    change(next);
    requestAnimationFrame(() => {
      if (!el) return;
      el.focus();
      const [a, b] = selectInside ? selectInside(inserted) : [inserted.length, inserted.length];
      el.setSelectionRange(start + a, start + b);
    });
  };

  const wrap = (mark: string, placeholder: string) =>
    replaceSelection(
      (s) => `${mark}${s || placeholder}${mark}`,
      (ins) => [mark.length, ins.length - mark.length],
    );
  const prefixLines = (prefix: string, placeholder: string) =>
    replaceSelection((s) =>
      (s || placeholder)
        .split('\n')
        .map((l) => `${prefix}${l}`)
        .join('\n'),
    );

  const insertMention = (person: { memberId: number; displayName: string }) => {
    if (!mention) return;
    const caret = mention.start + mention.query.length + 1;
    const token = `@${mentionName(person.displayName)} `;
    const next = text.slice(0, mention.start) + token + text.slice(caret);
    setPeople((known) => [...known, person]);
    change(next);
    setMention(null);
    requestAnimationFrame(() => {
      area.current?.focus();
      area.current?.setSelectionRange(mention.start + token.length, mention.start + token.length);
    });
  };

  useEffect(() => {
    handleRef?.({
      insert: (snippet) => {
        setTab('write');
        const editable = toEditable(snippet);
        setPeople((known) => [...known, ...editable.people]);
        replaceSelection(() => editable.text);
      },
    });
    return () => handleRef?.(null);
  });

  /** `@Mia` typed without choosing: the full name when exactly one member of the room is called so. */
  const resolveTyped = async (): Promise<{ text: string; people: MentionedPerson[] }> => {
    let resolved = text;
    const found: MentionedPerson[] = [];
    for (const word of typedMentions(text, people)) {
      const result = await fetchMentionable(roomId, word).catch(() => null);
      const person = result && uniquePerson(word, result.items, result.items.length < MENTIONABLE_LIMIT);
      if (!person) continue;
      resolved = completeTyped(resolved, word, person);
      found.push(person);
    }
    if (found.length > 0) {
      setText(resolved);
      setPeople((known) => [...known, ...found]);
    }
    return { text: resolved, people: [...people, ...found] };
  };

  const submit = async () => {
    if (text.trim() === '' || uploads.busy) return;
    try {
      const resolved = await resolveTyped();
      await onSubmit(toStored(resolved.text, resolved.people), uploads.ids);
    } catch {
      return; // The parent shows the error; keep the text.
    }
    dirty.current = false;
    setText('');
    setPeople([]);
    setRestored(false);
    uploads.clear();
    if (draftKey) void deleteDraft(draftKey);
  };

  const suggestions = mention && found.query === mention.query ? found.items : [];
  const mentioned = mentionedIn(text, people);
  const showSuggestions = suggestions.length > 0 && tab === 'write';

  // Escape in the suggestions goes back to the text (React Aria's ListBox keeps its own key handling).
  useEffect(() => {
    const list = listRef.current;
    if (!list) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape') return;
      setMention(null);
      area.current?.focus();
    };
    list.addEventListener('keydown', onKey);
    return () => list.removeEventListener('keydown', onKey);
  }, [showSuggestions]);

  return (
    <div className="composer">
      {before}
      <Tabs selectedKey={tab} onSelectionChange={(key) => setTab(key === 'preview' ? 'preview' : 'write')}>
        <div className="composer__bar">
          <TabList aria-label={t('rooms.composer.mode')} className="composer__tabs">
            <Tab id="write" className="composer__tab">
              {t('rooms.composer.write')}
            </Tab>
            <Tab id="preview" className="composer__tab">
              {t('rooms.composer.preview')}
            </Tab>
          </TabList>
          {tab === 'write' && (
            <Toolbar aria-label={t('rooms.composer.formatting')} className="composer__toolbar">
              <ToolButton
                label={t('rooms.composer.bold')}
                icon="bold"
                onPress={() => wrap('**', t('rooms.composer.boldText'))}
              />
              <ToolButton
                label={t('rooms.composer.italic')}
                icon="italic"
                onPress={() => wrap('_', t('rooms.composer.italicText'))}
              />
              <ToolButton
                label={t('rooms.composer.link')}
                icon="link"
                onPress={() =>
                  replaceSelection(
                    (s) => `[${s || t('rooms.composer.linkText')}](https://)`,
                    (ins) => [ins.length - 9, ins.length - 1],
                  )
                }
              />
              <ToolButton
                label={t('rooms.composer.list')}
                icon="list"
                onPress={() => prefixLines('- ', t('rooms.composer.listText'))}
              />
              <ToolButton
                label={t('rooms.composer.quote')}
                icon="quote"
                onPress={() => prefixLines('> ', t('rooms.composer.quoteText'))}
              />
            </Toolbar>
          )}
        </div>
        <TabPanel id="write" className="composer__panel">
          <TextField
            value={text}
            onChange={change}
            isInvalid={!!errorMessage}
            className="field"
            onKeyDown={(e) => {
              if (showSuggestions && e.key === 'ArrowDown') {
                e.preventDefault();
                listRef.current?.querySelector<HTMLElement>('[role="option"]')?.focus();
              } else if (mention && e.key === 'Escape') {
                setMention(null);
              } else if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
                e.preventDefault();
                void submit();
              }
            }}
          >
            <Label className="field__label">{label}</Label>
            <Text slot="description" className="field__description">
              {t('rooms.composer.hint')}
            </Text>
            <TextArea ref={area} className="field__input composer__text" rows={5} />
            <FieldError className="field__error">{errorMessage}</FieldError>
          </TextField>
          {mentioned.length > 0 && (
            <p className="composer__mentions">
              {t('rooms.composer.mentioned')}{' '}
              {mentioned.map((person) => (
                <span key={person.memberId} className="mention">
                  @{mentionName(person.displayName)}
                </span>
              ))}
            </p>
          )}
          {showSuggestions && (
            <div className="mention-box">
              <ListBox
                ref={listRef}
                aria-label={t('rooms.composer.mentionSuggestions')}
                className="mention-list"
                selectionMode="none"
                items={suggestions.map((s) => ({ ...s, id: s.memberId }))}
                onAction={(key) => {
                  const person = suggestions.find((s) => s.memberId === Number(key));
                  if (person) insertMention(person);
                }}
              >
                {(item) => (
                  <ListBoxItem id={item.memberId} textValue={item.displayName} className="mention-list__item">
                    {item.displayName}
                  </ListBoxItem>
                )}
              </ListBox>
            </div>
          )}
          <p id={statusId} className="visually-hidden" aria-live="polite">
            {showSuggestions ? t('rooms.composer.mentionCount', { count: suggestions.length }) : ''}
          </p>
          {restored && <p className="hint">{t('rooms.composer.draftRestored')}</p>}
        </TabPanel>
        <TabPanel id="preview" className="composer__panel composer__preview">
          {text.trim() === '' ? (
            <p className="hint">{t('rooms.composer.nothingToPreview')}</p>
          ) : (
            <MarkdownPreview source={toStored(text, people)} />
          )}
          <p className="hint">{t('rooms.composer.previewNote')}</p>
        </TabPanel>
      </Tabs>
      {allowAttachments && <AttachmentPicker uploads={uploads} />}
      {after}
      <div className="composer__actions">
        <Button variant="primary" isPending={isPending} isDisabled={uploads.busy} onPress={() => void submit()}>
          {submitLabel}
        </Button>
        {onCancel && (
          <Button variant="quiet" onPress={onCancel}>
            {t('rooms.cancel')}
          </Button>
        )}
      </div>
    </div>
  );
}

function ToolButton({ label, icon, onPress }: { label: string; icon: ToolIconName; onPress: () => void }) {
  return (
    <AriaButton className="button button--quiet composer__tool" aria-label={label} onPress={onPress}>
      <ToolIcon name={icon} />
    </AriaButton>
  );
}
