import type { Key, ReactNode } from 'react';
import {
  Button as AriaButton,
  Menu as AriaMenu,
  MenuItem as AriaMenuItem,
  MenuTrigger,
  Popover,
} from 'react-aria-components';

export interface MenuItemSpec {
  id: string;
  label: string;
  /** Language of the label, when it differs from the page (e.g. "English" on a German page). */
  lang?: string;
}

export interface MenuButtonProps {
  /** Visible content of the trigger button. */
  label: ReactNode;
  /** Accessible name of the trigger when its visible content is not enough. */
  ariaLabel?: string;
  items: MenuItemSpec[];
  onAction: (id: string) => void;
  /** For a choice (like the language), the chosen item gets a check mark. */
  selectedId?: string;
  placement?: 'bottom start' | 'bottom end' | 'top start' | 'top end';
}

/** A button that opens a menu of actions (arrow keys move, Enter chooses, Escape closes). */
export function MenuButton({
  label,
  ariaLabel,
  items,
  onAction,
  selectedId,
  placement = 'bottom end',
}: MenuButtonProps) {
  const selection = selectedId === undefined ? {} : { selectionMode: 'single' as const, selectedKeys: [selectedId] };
  return (
    <MenuTrigger>
      <AriaButton className="button button--quiet menu-button" {...(ariaLabel ? { 'aria-label': ariaLabel } : {})}>
        {label}
        <span aria-hidden="true" className="menu-button__caret">
          ▾
        </span>
      </AriaButton>
      <Popover className="popover" placement={placement}>
        <AriaMenu className="menu" onAction={(key: Key) => onAction(String(key))} {...selection}>
          {items.map((item) => (
            <AriaMenuItem key={item.id} id={item.id} className="menu__item" textValue={item.label}>
              {({ isSelected }) => (
                <>
                  <span lang={item.lang}>{item.label}</span>
                  {isSelected && (
                    <span aria-hidden="true" className="menu__check">
                      ✓
                    </span>
                  )}
                </>
              )}
            </AriaMenuItem>
          ))}
        </AriaMenu>
      </Popover>
    </MenuTrigger>
  );
}
