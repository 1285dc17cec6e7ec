import { useTranslation } from 'react-i18next';
import { Button, Dialog, useToast } from '../../ui/index.ts';
import { useAcceptCodeOfConduct } from './rooms.api.ts';
import type { Room } from './rooms.types.ts';

/** The room's code of conduct, accepted once before the first post. Shown as plain text. */
export function CodeOfConductDialog({
  room,
  isOpen,
  onOpenChange,
  onAccepted,
}: {
  room: Room;
  isOpen: boolean;
  onOpenChange: (open: boolean) => void;
  onAccepted: () => void;
}) {
  const { t } = useTranslation();
  const toast = useToast();
  const accept = useAcceptCodeOfConduct(room.id);
  return (
    <Dialog title={t('rooms.coc.title', { name: room.name })} isOpen={isOpen} onOpenChange={onOpenChange}>
      <p>{t('rooms.coc.lead')}</p>
      <div className="coc-text">{room.codeOfConduct}</div>
      <Button
        variant="primary"
        isPending={accept.isPending}
        onPress={() =>
          accept.mutate(undefined, {
            onSuccess: onAccepted,
            onError: (e) => toast(e.message, 'error'),
          })
        }
      >
        {t('rooms.coc.accept')}
      </Button>
    </Dialog>
  );
}
