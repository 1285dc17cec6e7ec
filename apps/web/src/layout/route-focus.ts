import { useEffect, useRef } from 'react';
import { useLocation } from 'react-router';

/**
 * After client-side navigation, moves focus to the new page's main heading (or to <main>) so that
 * screen readers announce the page and keyboard users start at its content. The first page load
 * keeps the browser's default, so that the skip link is the first thing Tab reaches.
 */
export function useRouteFocus(): void {
  const { pathname } = useLocation();
  const first = useRef(true);

  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    let frame = 0;
    let tries = 0;
    const focus = () => {
      const heading = document.querySelector<HTMLElement>('#main [data-page-heading]');
      if (heading) {
        heading.focus({ preventScroll: true });
        window.scrollTo(0, 0);
      } else if (tries++ < 30) {
        frame = requestAnimationFrame(focus);
      } else {
        document.getElementById('main')?.focus();
      }
    };
    frame = requestAnimationFrame(focus);
    return () => cancelAnimationFrame(frame);
  }, [pathname]);
}
