/** Per-page document title: "<page> – <instance name>". */
import { useEffect } from 'react';
import { useInstance } from './instance.ts';

export function usePageTitle(page: string | null): void {
  const { name } = useInstance();
  useEffect(() => {
    document.title = page ? `${page} – ${name}` : name;
  }, [page, name]);
}
