import { useId, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { Unit } from '@rotes-netz/shared';
import { childrenQuery } from '../lib/units.ts';
import { Button, Spinner, TextLink } from '../ui/index.ts';
import { ErrorNotice } from './ErrorNotice.tsx';

/** One unit as a line: link to its page, its type and how many units stand below it. */
export function UnitLine({ unit }: { unit: Unit }) {
  const { t } = useTranslation();
  return (
    <span className="unit-line">
      <TextLink to={`/struktur/${unit.id}`} className="unit-line__name">
        {unit.name}
      </TextLink>
      <span className="unit-line__meta">
        {t(`unitTypes.${unit.type}`)}
        {unit.childCount > 0 && <> · {t('structure.children', { count: unit.childCount })}</>}
      </span>
    </span>
  );
}

/**
 * A disclosure list of the tree: each unit with children has a button (aria-expanded,
 * aria-controls) that loads and shows the next level beneath it.
 */
export function UnitTree({ units, level = 1 }: { units: Unit[]; level?: number }) {
  return (
    <ul className={level === 1 ? 'unit-tree' : 'unit-tree unit-tree--nested'}>
      {units.map((unit) => (
        <UnitNode key={unit.id} unit={unit} level={level} />
      ))}
    </ul>
  );
}

function UnitNode({ unit, level }: { unit: Unit; level: number }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const panelId = useId();
  const children = useQuery({ ...childrenQuery(unit.id), enabled: open && unit.childCount > 0 });

  return (
    <li className="unit-node">
      <div className="unit-node__row">
        {unit.childCount > 0 ? (
          <Button
            variant="quiet"
            className="unit-node__toggle"
            aria-expanded={open}
            aria-controls={panelId}
            aria-label={t('structure.toggle', { name: unit.name })}
            onPress={() => setOpen((o) => !o)}
          >
            <span aria-hidden="true" className="unit-node__chevron" data-open={open}>
              ▸
            </span>
          </Button>
        ) : (
          <span className="unit-node__spacer" aria-hidden="true" />
        )}
        <UnitLine unit={unit} />
      </div>
      {unit.childCount > 0 && (
        <div id={panelId} hidden={!open}>
          {open && children.isPending && <Spinner label={t('common.loading')} />}
          {open && children.isError && <ErrorNotice error={children.error} onRetry={() => void children.refetch()} />}
          {open && children.data && <UnitTree units={children.data.items} level={level + 1} />}
        </div>
      )}
    </li>
  );
}
