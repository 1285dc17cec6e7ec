import { Button as AriaButton, type ButtonProps as AriaButtonProps } from 'react-aria-components';
import { Link as RouterLink, type LinkProps as RouterLinkProps } from 'react-router';

export type Variant = 'primary' | 'secondary' | 'quiet';

export interface ButtonProps extends Omit<AriaButtonProps, 'className' | 'isPending'> {
  variant?: Variant;
  className?: string;
  /** While true, presses are ignored and the button says so (aria-busy); it keeps its focus. */
  isPending?: boolean;
}

function classes(variant: Variant, extra?: string): string {
  return ['button', `button--${variant}`, extra].filter(Boolean).join(' ');
}

/**
 * A button (React Aria: press handling, focus ring via data-focus-visible). The pending state is
 * our own: React Aria's announces through a global live region that keeps pointing at the button
 * after it is gone, which axe rightly reports.
 */
export function Button({
  variant = 'secondary',
  className,
  isPending = false,
  onPress,
  children,
  ...props
}: ButtonProps) {
  return (
    <AriaButton
      {...props}
      onPress={isPending ? undefined : onPress}
      aria-busy={isPending || undefined}
      data-pending={isPending || undefined}
      className={classes(variant, className)}
    >
      {(renderProps) => (
        <>
          {isPending && <span className="button__spinner" aria-hidden="true" />}
          {typeof children === 'function' ? children({ ...renderProps, isPending }) : children}
        </>
      )}
    </AriaButton>
  );
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
