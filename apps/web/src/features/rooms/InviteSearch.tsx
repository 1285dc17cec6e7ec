/**
 * Finding a member to invite, for the managers of an invite-only room: an ARIA combobox (type the
 * start of a name; the arrow keys move through the matches, Enter invites, Escape closes the list
 * and, pressed again, clears the field) whose results are announced politely to screen readers.
 * Only a name and an Ortsverein are ever shown.
 *
 * Written out rather than React Aria's ComboBox: that one hides the whole rest of the page from
 * assistive technology while its list is open (aria-hidden around focusable elements, which axe
 * rightly refuses) and announces "0 options" while the answer is still on its way.
 */
import { useEffect, useId, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { INVITE_SEARCH_MIN_CHARS } from '@rotes-netz/shared';
import { ApiError } from '../../api.ts';
import { useToast } from '../../ui/index.ts';
import { useInvite, useInviteCandidates } from './rooms.api.ts';

const SEARCH_DELAY_MS = 250;

export function InviteSearch({ roomId }: { roomId: number }) {
  const { t } = useTranslation();
  const toast = useToast();
  const id = useId();
  const [text, setText] = useState('');
  const [q, setQ] = useState('');
  const [open, setOpen] = useState(false);
  // The option the arrow keys reached, for the results it was reached in (new results: none).
  const [reached, setReached] = useState({ results: '', index: -1 });
  const invite = useInvite(roomId);

  // Ask the server a moment after typing stops.
  useEffect(() => {
    const timer = setTimeout(() => setQ(text.trim()), SEARCH_DELAY_MS);
    return () => clearTimeout(timer);
  }, [text]);

  const long = [...q].length >= INVITE_SEARCH_MIN_CHARS;
  const candidates = useInviteCandidates(roomId, q, long);
  const current = long && q === text.trim();
  const items = current ? (candidates.data?.items ?? []) : [];
  const settled = current && candidates.isSuccess && !candidates.isFetching;
  const typedEnough = [...text.trim()].length >= INVITE_SEARCH_MIN_CHARS;
  const expanded = open && typedEnough;
  const results = `${q}@${candidates.dataUpdatedAt}`;
  const active = reached.results === results ? reached.index : -1;
  const setActive = (index: number) => setReached({ results, index });
  const activeItem = expanded ? items[active] : undefined;
  const optionId = (memberId: number) => `${id}-option-${memberId}`;

  const choose = (index: number) => {
    const person = items[index];
    if (!person || person.invited || invite.isPending) return;
    invite.mutate([person.memberId], {
      onSuccess: () => {
        toast(t('rooms.settings.invited', { name: person.displayName }), 'success');
        setText('');
        setQ('');
        setOpen(false);
      },
      onError: (e) => toast(e instanceof ApiError ? e.problem.title : e.message, 'error'),
    });
  };

  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    const move = (step: 1 | -1) => {
      e.preventDefault();
      setOpen(true);
      const n = items.length;
      if (n > 0) setActive(active < 0 ? (step > 0 ? 0 : n - 1) : (active + step + n) % n);
    };
    if (e.key === 'ArrowDown') move(1);
    else if (e.key === 'ArrowUp') move(-1);
    else if (e.key === 'Enter' && activeItem) {
      e.preventDefault();
      choose(active);
    } else if (e.key === 'Escape') {
      e.preventDefault();
      if (expanded) setOpen(false);
      else setText('');
      setActive(-1);
    }
  };

  let status = '';
  if (typedEnough && settled) {
    status =
      items.length === 0 ? t('rooms.settings.searchNone') : t('rooms.settings.searchFound', { count: items.length });
  }

  return (
    <div className="field invite-search">
      <label className="field__label" htmlFor={`${id}-input`}>
        {t('rooms.settings.searchLabel')}
      </label>
      <p className="field__description" id={`${id}-hint`}>
        {t('rooms.settings.searchHint', { count: INVITE_SEARCH_MIN_CHARS })}
      </p>
      <div className="invite-search__box">
        <input
          id={`${id}-input`}
          className="field__input"
          type="text"
          role="combobox"
          autoComplete="off"
          spellCheck={false}
          aria-autocomplete="list"
          aria-expanded={expanded}
          aria-controls={`${id}-list`}
          aria-describedby={`${id}-hint`}
          aria-activedescendant={activeItem ? optionId(activeItem.memberId) : undefined}
          value={text}
          onChange={(e) => {
            setText(e.target.value);
            setOpen(true);
          }}
          onKeyDown={onKeyDown}
          onBlur={() => setOpen(false)}
        />
        <div
          id={`${id}-list`}
          role="listbox"
          aria-label={t('rooms.settings.searchResults')}
          className="mention-list invite-search__list"
          hidden={!expanded || items.length === 0}
        >
          {items.map((item, index) => (
            <div
              key={item.memberId}
              id={optionId(item.memberId)}
              role="option"
              tabIndex={-1}
              aria-selected={index === active}
              aria-disabled={item.invited || undefined}
              aria-labelledby={`${optionId(item.memberId)}-name`}
              aria-describedby={`${optionId(item.memberId)}-unit`}
              className="mention-list__item invite-search__item"
              data-focused={index === active || undefined}
              // Chosen on press, so the focus stays in the field (keyboards choose there, with Enter).
              onMouseDown={(e) => {
                e.preventDefault();
                choose(index);
              }}
            >
              <span id={`${optionId(item.memberId)}-name`}>{item.displayName}</span>
              <span id={`${optionId(item.memberId)}-unit`} className="hint">
                {item.unit.name}
                {item.invited ? ` · ${t('rooms.settings.alreadyInvited')}` : ''}
              </span>
            </div>
          ))}
        </div>
        {expanded && !settled && items.length === 0 && (
          <p className="invite-search__empty hint">{t('rooms.settings.searching')}</p>
        )}
      </div>
      <p className="field__description" role="status" aria-live="polite">
        {status}
      </p>
    </div>
  );
}
