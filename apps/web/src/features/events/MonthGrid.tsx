import { useEffect, useRef, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import {
  berlinDay,
  formatDay,
  formatMonth,
  monthOf,
  monthWeeks,
  shiftDay,
  shiftMonth,
  todayBerlin,
  weekdayNames,
  type DayKey,
} from './time.ts';

export interface GridEvent {
  id: number;
  title: string;
  startsAt: string;
  cancelled?: boolean;
}

/** How many titles a day cell shows before "+ n more". */
const SHOWN_PER_DAY = 3;

/**
 * A month as a real table (caption, column headers with the full weekday names), keyboard-operable
 * like a date grid: one day button is in the tab order; arrow keys move a day or a week, Home/End
 * to the week's ends, Page Up/Down a month. Tab moves on to the day's event links.
 */
export function MonthGrid({
  month,
  events,
  selected,
  onSelect,
}: {
  month: string;
  events: GridEvent[];
  selected: DayKey;
  /** A day was chosen (it may lie in another month). */
  onSelect: (day: DayKey, focus: boolean) => void;
}) {
  const { t, i18n } = useTranslation();
  const lng = i18n.resolvedLanguage ?? 'de';
  const today = todayBerlin();
  const weekdays = weekdayNames(lng);
  const byDay = new Map<DayKey, GridEvent[]>();
  for (const event of events) {
    const day = berlinDay(event.startsAt);
    byDay.set(day, [...(byDay.get(day) ?? []), event]);
  }
  const focusNext = useRef(false);
  // The day the keys last moved to: keys pressed faster than the page renders build on it.
  const target = useRef<DayKey | null>(null);
  const tableRef = useRef<HTMLTableElement>(null);

  useEffect(() => {
    if (target.current === selected) target.current = null;
    if (!focusNext.current) return;
    focusNext.current = false;
    tableRef.current?.querySelector<HTMLButtonElement>(`[data-day="${selected}"]`)?.focus();
  }, [selected, month]);

  const move = (event: KeyboardEvent<HTMLButtonElement>, focused: DayKey) => {
    const day = target.current ?? focused;
    const weekday = (new Date(`${day}T12:00:00Z`).getUTCDay() + 6) % 7;
    const moves: Record<string, () => DayKey> = {
      ArrowLeft: () => shiftDay(day, -1),
      ArrowRight: () => shiftDay(day, 1),
      ArrowUp: () => shiftDay(day, -7),
      ArrowDown: () => shiftDay(day, 7),
      Home: () => shiftDay(day, -weekday),
      End: () => shiftDay(day, 6 - weekday),
      PageUp: () => sameDayIn(shiftMonth(monthOf(day), -1), day),
      PageDown: () => sameDayIn(shiftMonth(monthOf(day), 1), day),
    };
    const next = moves[event.key];
    if (!next) return;
    event.preventDefault();
    focusNext.current = true;
    target.current = next();
    onSelect(target.current, true);
  };

  return (
    <table className="month-grid" ref={tableRef}>
      <caption className="month-grid__caption">{formatMonth(month, lng)}</caption>
      <thead>
        <tr>
          {weekdays.map((w) => (
            <th key={w.long} scope="col" abbr={w.long}>
              <span aria-hidden="true">{w.short}</span>
              <span className="visually-hidden">{w.long}</span>
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {monthWeeks(month).map((week) => (
          <tr key={week.find(Boolean) ?? 'empty'}>
            {week.map((day, i) => {
              if (!day) return <td key={`pad-${i}`} className="month-grid__pad" />;
              const list = byDay.get(day) ?? [];
              const isSelected = day === selected;
              return (
                <td
                  key={day}
                  className="month-grid__day"
                  data-today={day === today || undefined}
                  data-selected={isSelected || undefined}
                >
                  <button
                    type="button"
                    className="month-grid__number"
                    data-day={day}
                    tabIndex={isSelected ? 0 : -1}
                    aria-pressed={isSelected}
                    aria-current={day === today ? 'date' : undefined}
                    aria-label={`${formatDay(day, lng)}${day === today ? `, ${t('events.calendar.today')}` : ''}, ${t('events.calendar.eventCount', { count: list.length })}`}
                    onClick={() => {
                      target.current = null;
                      onSelect(day, false);
                    }}
                    onKeyDown={(e) => move(e, day)}
                  >
                    {Number(day.slice(8))}
                  </button>
                  {list.length > 0 && (
                    <ul className="month-grid__events">
                      {list.slice(0, SHOWN_PER_DAY).map((event) => (
                        <li key={event.id} data-cancelled={event.cancelled || undefined}>
                          <Link className="month-grid__event" to={`/termine/${event.id}`}>
                            {event.title}
                          </Link>
                        </li>
                      ))}
                      {list.length > SHOWN_PER_DAY && (
                        <li className="month-grid__more">
                          {t('events.calendar.more', { count: list.length - SHOWN_PER_DAY })}
                        </li>
                      )}
                    </ul>
                  )}
                  {list.length > 0 && (
                    <span className="month-grid__dots" aria-hidden="true">
                      {'•'.repeat(Math.min(list.length, 3))}
                    </span>
                  )}
                </td>
              );
            })}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The same day of the month in another month, or its last day. */
function sameDayIn(month: string, day: DayKey): DayKey {
  const last = monthWeeks(month)
    .flat()
    .filter((d): d is DayKey => d !== null)
    .at(-1)!;
  const wanted = `${month}-${day.slice(8)}`;
  return wanted > last ? last : wanted;
}
