/**
 * Reactions under a post: each given reaction is a toggle button ("Daumen hoch, 3, auch von
 * dir"), and "Reagieren" opens a menu of the fixed set; both work with the keyboard.
 */
import { useTranslation } from 'react-i18next';
import { Button as AriaButton, Menu, MenuItem, MenuTrigger, Popover, ToggleButton } from 'react-aria-components';
import { REACTION_EMOJI } from '@rotes-netz/shared';
import { useToast } from '../../ui/index.ts';
import { useReact } from './rooms.api.ts';
import type { Post } from './rooms.types.ts';

/** Translation keys of the fixed set (the server's REACTION_EMOJI). */
const EMOJI_NAMES: Record<string, string> = {
  '👍': 'thumbsUp',
  '❤️': 'heart',
  '😂': 'laugh',
  '😮': 'wow',
  '😢': 'sad',
  '🎉': 'party',
  '👏': 'clap',
  '🤔': 'thinking',
};

export function Reactions({ post, canReact }: { post: Post; canReact: boolean }) {
  const { t } = useTranslation();
  const toast = useToast();
  const react = useReact(post.threadId);
  const name = (emoji: string) => t(`rooms.reactions.names.${EMOJI_NAMES[emoji] ?? 'thumbsUp'}`);
  const toggle = (emoji: string, on: boolean) =>
    react.mutate({ postId: post.id, emoji, on }, { onError: (e) => toast(e.message, 'error') });

  return (
    <div className="reactions" role="group" aria-label={t('rooms.reactions.label')}>
      {post.reactions.map((r) => (
        <ToggleButton
          key={r.emoji}
          className="reaction"
          isSelected={r.mine}
          isDisabled={!canReact}
          onChange={(on) => toggle(r.emoji, on)}
          aria-label={t(r.mine ? 'rooms.reactions.countMine' : 'rooms.reactions.count', {
            name: name(r.emoji),
            count: r.count,
          })}
        >
          <span aria-hidden="true">{r.emoji}</span> <span aria-hidden="true">{r.count}</span>
        </ToggleButton>
      ))}
      {canReact && (
        <MenuTrigger>
          <AriaButton className="button button--quiet reaction-add" aria-label={t('rooms.reactions.add')}>
            <span aria-hidden="true">☺+</span>
          </AriaButton>
          <Popover className="popover" placement="bottom start">
            <Menu
              className="menu reaction-menu"
              onAction={(key) => {
                const emoji = String(key);
                const mine = post.reactions.find((r) => r.emoji === emoji)?.mine ?? false;
                toggle(emoji, !mine);
              }}
            >
              {REACTION_EMOJI.map((emoji) => (
                <MenuItem key={emoji} id={emoji} className="menu__item reaction-menu__item" textValue={name(emoji)}>
                  <span aria-hidden="true">{emoji}</span> {name(emoji)}
                </MenuItem>
              ))}
            </Menu>
          </Popover>
        </MenuTrigger>
      )}
    </div>
  );
}
