import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { Me, Role, Unit, UnitType } from '@rotes-netz/shared';
import { usePageTitle } from '../lib/page.ts';
import { ancestryQuery } from '../lib/units.ts';
import { EmptyState, PageHeader, TextLink } from '../ui/index.ts';

/** The order in which a member sees their units: closest first. */
const GROUPS: UnitType[] = [
  'ortsverein',
  'kreisverband',
  'regionalzentrum',
  'landesverband',
  'arbeitsgemeinschaft',
  'gremium',
];

interface Entry {
  unit: Unit;
  roles: Role[];
  /** True when the member belongs through their Ortsverein rather than directly. */
  derived: boolean;
}

/** The member's units, direct memberships first, completed by the Ortsverein's ancestry. */
function entries(me: Me, ancestry: Unit[]): Entry[] {
  const byId = new Map<number, Entry>();
  for (const m of me.memberships) byId.set(m.unit.id, { unit: m.unit, roles: m.roles, derived: false });
  for (const unit of ancestry) {
    if (!byId.has(unit.id)) byId.set(unit.id, { unit, roles: [], derived: true });
  }
  return [...byId.values()];
}

/** "Meine Partei": where the signed-in member belongs and what roles they hold. */
export function MyParty({ me }: { me: Me }) {
  const { t } = useTranslation();
  usePageTitle(t('myParty.title'));
  const ortsverein = me.memberships.find((m) => m.unit.type === 'ortsverein')?.unit;
  const ancestry = useQuery({ ...ancestryQuery(ortsverein?.id ?? 0), enabled: ortsverein !== undefined });
  const all = entries(me, ancestry.data?.items ?? []);

  return (
    <>
      <PageHeader title={t('myParty.title')} lead={t('myParty.greeting', { name: me.displayName })} />
      {all.length === 0 ? (
        <EmptyState title={t('myParty.empty')} />
      ) : (
        <div className="party-groups">
          {GROUPS.map((type) => {
            const group = all.filter((e) => e.unit.type === type);
            if (group.length === 0) return null;
            return (
              <section key={type} className="card party-group" aria-labelledby={`group-${type}`}>
                <h2 id={`group-${type}`} className="card__title">
                  {t(`myParty.groups.${type}`, { count: group.length })}
                </h2>
                <ul className="plain-list">
                  {group.map((entry) => (
                    <li key={entry.unit.id} className="party-unit">
                      <TextLink to={`/struktur/${entry.unit.id}`} className="party-unit__name">
                        {entry.unit.name}
                      </TextLink>
                      <p className="party-unit__roles">
                        {entry.roles.length > 0
                          ? entry.roles.map((r) => t(`roles.${r}`)).join(', ')
                          : t(entry.derived ? 'myParty.viaOrtsverein' : 'myParty.member')}
                      </p>
                    </li>
                  ))}
                </ul>
              </section>
            );
          })}
        </div>
      )}
    </>
  );
}
