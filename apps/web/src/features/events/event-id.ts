import { useParams } from 'react-router';

/** The event id of the path (`/termine/:id/…`), or 0 when it is not one. */
export function useEventId(): number {
  const raw = useParams().id ?? '';
  return /^[1-9]\d{0,15}$/.test(raw) ? Number(raw) : 0;
}
