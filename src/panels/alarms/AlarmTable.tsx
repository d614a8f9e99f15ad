// The list: one row per alarm with its status in TwinMaker's colours, sortable by its column
// headers, a row click (or Enter) selecting the alarm's entity and component; the actions sit
// in the last column for keys that may write.
import { css } from '@emotion/css';
import { dateTimeFormat, dateTimeFormatTimeAgo, type GrafanaTheme2 } from '@grafana/data';
import { Button, useStyles2, useTheme2 } from '@grafana/ui';

import { ALARM_STATUS_COLOURS, type AlarmAction, type AlarmRecord, alarmKeyOf } from '../../common/alarms';
import type { Selection } from '../../common/selection';
import { toJsValue } from '../../datasource/dataValues';
import { actionsFor, type Sort, type SortColumn } from './alarmRows';
import { ACTION_LABELS } from './AlarmActionModal';

const COLUMNS: Array<{ column: SortColumn; label: string }> = [
  { column: 'status', label: 'Status' },
  { column: 'severity', label: 'Severity' },
  { column: 'entity', label: 'Entity' },
  { column: 'alarm', label: 'Alarm' },
  { column: 'since', label: 'Since' },
];

interface Props {
  alarms: AlarmRecord[];
  sort: Sort | undefined;
  onSort(sort: Sort): void;
  selection: Selection;
  onSelect(alarm: AlarmRecord): void;
  /** undefined: no actions (read-only key or turned off) */
  onAction?: (alarm: AlarmRecord, action: AlarmAction | 'threshold') => void;
  onHistory(alarm: AlarmRecord): void;
}

/** The source value that caused the last transition, as a person reads it. */
export function sourceText(a: Pick<AlarmRecord, 'sourceValue'>): string {
  const s = a.sourceValue;
  if (!s) return '';
  const v = toJsValue(s.value);
  const shown = typeof v === 'number' ? String(Math.round(v * 100) / 100) : JSON.stringify(v);
  return `${s.propertyName} = ${shown}`;
}

function ruleText(a: AlarmRecord): string {
  const t = a.threshold;
  return t ? `${t.sourceProperty} ${t.operator} ${t.threshold}` : '';
}

export function AlarmTable({ alarms, sort, onSort, selection, onSelect, onAction, onHistory }: Props) {
  const styles = useStyles2(getStyles);
  const theme = useTheme2();
  return (
    <table className={styles.table} aria-label="Alarms">
      <thead>
        <tr>
          {COLUMNS.map(({ column, label }) => {
            const active = sort?.column === column;
            return (
              <th
                key={column}
                scope="col"
                aria-sort={active ? (sort!.descending ? 'descending' : 'ascending') : 'none'}
              >
                <button
                  type="button"
                  className={styles.sortButton}
                  onClick={() =>
                    onSort({
                      column,
                      descending: active ? !sort!.descending : column !== 'entity' && column !== 'alarm',
                    })
                  }
                >
                  {label}
                  {active ? (sort!.descending ? ' ▼' : ' ▲') : ''}
                </button>
              </th>
            );
          })}
          <th scope="col">Detail</th>
          <th scope="col">Actions</th>
        </tr>
      </thead>
      <tbody>
        {alarms.map((a) => {
          const colour = theme.visualization.getColorByName(ALARM_STATUS_COLOURS[a.status]);
          const selected = selection.entityId === a.entityId && selection.componentName === a.componentName;
          const can = actionsFor(a);
          const name = `${a.alarmName} on ${a.entityName || a.entityId}`;
          return (
            <tr
              key={alarmKeyOf(a)}
              tabIndex={0}
              aria-selected={selected}
              data-entity-id={a.entityId}
              data-component-name={a.componentName}
              data-status={a.status}
              className={selected ? styles.selected : styles.row}
              onClick={() => onSelect(a)}
              onKeyDown={(e) => {
                if (e.key === 'Enter' && e.target === e.currentTarget) {
                  e.preventDefault();
                  onSelect(a);
                }
              }}
            >
              <td>
                <span className={styles.status} style={{ color: colour, borderColor: colour }}>
                  {a.status}
                </span>
              </td>
              <td>{a.severity ?? '–'}</td>
              <td title={a.entityId}>{a.entityName || a.entityId}</td>
              <td title={a.alarmKey}>{a.alarmName}</td>
              <td title={a.since ? dateTimeFormat(a.since) : undefined}>
                {a.since ? dateTimeFormatTimeAgo(a.since) : '–'}
                {a.status === 'SNOOZE_DISABLED' && a.snoozedUntil ? ` (until ${dateTimeFormat(a.snoozedUntil)})` : ''}
              </td>
              <td className={styles.detail}>
                {[a.message, sourceText(a), ruleText(a) && `rule ${ruleText(a)}`].filter(Boolean).join(' · ')}
              </td>
              <td onClick={(e) => e.stopPropagation()}>
                <div className={styles.actions}>
                  {onAction &&
                    (['acknowledge', 'snooze', 'reset'] as const).map((action) =>
                      can[action] ? (
                        <Button
                          key={action}
                          size="sm"
                          variant={action === 'acknowledge' ? 'primary' : 'secondary'}
                          fill={action === 'acknowledge' ? 'solid' : 'outline'}
                          aria-label={`${ACTION_LABELS[action]} ${name}`}
                          onClick={() => onAction(a, action)}
                        >
                          {ACTION_LABELS[action]}
                        </Button>
                      ) : null,
                    )}
                  {onAction && a.threshold && (
                    <Button
                      size="sm"
                      variant="secondary"
                      fill="text"
                      icon="pen"
                      aria-label={`Edit threshold of ${name}`}
                      onClick={() => onAction(a, 'threshold')}
                    />
                  )}
                  <Button
                    size="sm"
                    variant="secondary"
                    fill="text"
                    icon="history"
                    aria-label={`History of ${name}`}
                    onClick={() => onHistory(a)}
                  />
                </div>
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  table: css({
    width: '100%',
    borderCollapse: 'collapse',
    fontSize: theme.typography.bodySmall.fontSize,
    'th, td': { padding: theme.spacing(0.5, 1), textAlign: 'left', whiteSpace: 'nowrap', verticalAlign: 'middle' },
    th: { position: 'sticky', top: 0, background: theme.colors.background.primary, zIndex: 1 },
    'tbody tr': { borderTop: `1px solid ${theme.colors.border.weak}` },
  }),
  sortButton: css({
    all: 'unset',
    cursor: 'pointer',
    fontWeight: theme.typography.fontWeightMedium,
    '&:focus-visible': { outline: `2px solid ${theme.colors.primary.main}` },
  }),
  row: css({ cursor: 'pointer', '&:hover': { background: theme.colors.action.hover } }),
  selected: css({ cursor: 'pointer', background: theme.colors.action.selected }),
  status: css({
    border: '1px solid',
    borderRadius: theme.shape.radius.default,
    padding: theme.spacing(0, 0.5),
    fontWeight: theme.typography.fontWeightMedium,
  }),
  detail: css({ whiteSpace: 'normal !important' as 'normal', minWidth: 200, color: theme.colors.text.secondary }),
  actions: css({ display: 'flex', gap: theme.spacing(0.5), cursor: 'default' }),
});
