/** The signed-in member's header items, loaded only once someone is signed in (see index.tsx). */
import { LiveConnection } from '../../live/LiveConnection.tsx';
import { NotificationBell } from './NotificationBell.tsx';

export default function HeaderItems({ memberKey }: { memberKey: number }) {
  return (
    <>
      <LiveConnection memberKey={memberKey} />
      <NotificationBell />
    </>
  );
}
