import { Button as AriaButton, type ButtonProps as AriaButtonProps } from 'react-aria-components';
import { Link as RouterLink, type LinkProps as RouterLinkProps } from 'react-router';

export type Variant = 'primary' | 'secondary' | 'quiet';

export interface ButtonProps extends Omit<AriaButtonProps, 'className'> {
  variant?: Variant;
  className?: string;
}

function classes(variant: Variant, extra?: string): string {
  return ['button', `button--${variant}`, extra].filter(Boolean).join(' ');
}

/** A button (React Aria: press handling, pending state, focus ring via data-focus-visible). */
export function Button({ variant = 'secondary', className, ...props }: ButtonProps) {
  return <AriaButton {...props} className={classes(variant, className)} />;
}

export interface ButtonLinkProps extends RouterLinkProps {
  variant?: Variant;
}

/** A link that looks like a button; for navigation, never for actions. */
export function ButtonLink({ variant = 'primary', className, ...props }: ButtonLinkProps) {
  return <RouterLink {...props} className={classes(variant, typeof className === 'string' ? className : undefined)} />;
}

/** An in-app text link. */
export function TextLink({ className, ...props }: RouterLinkProps) {
  return <RouterLink {...props} className={['link', className].filter(Boolean).join(' ')} />;
}
