// The panel: the alarms of its Get Alarms query (live when the query streams), a filter box,
// sortable columns, and — for keys that may write — Acknowledge / Snooze / Reset with a note
// and threshold editing. What an action answers shows at once, until the data catches up.
import { css } from '@emotion/css';
import { type GrafanaTheme2, LoadingState, type PanelProps } from '@grafana/data';
import { Alert, Input, LoadingPlaceholder, useStyles2 } from '@grafana/ui';
import { useEffect, useMemo, useState } from 'react';

import { type AlarmAction, type AlarmRecord, type AlarmThreshold, alarmKeyOf } from '../../common/alarms';
import { select, useSelection } from '../../common/selection';
import { AlarmActionModal } from './AlarmActionModal';
import { AlarmHistoryModal } from './AlarmHistoryModal';
import { alarmsFromFrames, filterAlarms, pendingAnswers, type Sort, sortAlarms, withAnswers } from './alarmRows';
import { AlarmTable } from './AlarmTable';
import { ThresholdModal } from './ThresholdModal';
import type { AlarmsPanelOptions } from './types';
import { useAlarmService } from './useAlarmService';

type Dialog = { alarm: AlarmRecord; action: AlarmAction | 'threshold' | 'history' };

export function AlarmsPanel({ data, options, replaceVariables, width, height }: PanelProps<AlarmsPanelOptions>) {
  const styles = useStyles2(getStyles);
  const replace = (t: string) => replaceVariables(t);
  const service = useAlarmService(data, replace);
  const selection = useSelection(options.selectedEntityVar, options.selectedComponentVar, replace);
  const [filter, setFilter] = useState('');
  const [sort, setSort] = useState<Sort>();
  const [dialog, setDialog] = useState<Dialog>();
  const [answers, setAnswers] = useState<Map<string, AlarmRecord>>(new Map());

  const { alarms, found } = useMemo(() => alarmsFromFrames(data.series), [data.series]);
  // new data: keep only the answers it has not caught up with
  useEffect(() => setAnswers((old) => (old.size ? pendingAnswers(alarms, old) : old)), [alarms]);
  const shown = sortAlarms(filterAlarms(withAnswers(alarms, answers), filter), sort);
  const writable = options.showActions && service?.writable === true;

  const answer = (record: AlarmRecord) => {
    setAnswers((old) => new Map(old).set(alarmKeyOf(record), record));
    setDialog(undefined);
  };
  const thresholdChanged = (alarm: AlarmRecord, threshold: AlarmThreshold) =>
    answer({ ...alarm, threshold, since: alarm.since });

  if (!found && data.state !== LoadingState.Done) return <LoadingPlaceholder text="Loading alarms…" />;
  if (!found)
    return (
      <div className={styles.message} style={{ width, height }}>
        <Alert severity="info" title="No alarms query">
          This panel lists what a Doppel data source&apos;s Get Alarms query answers: pick that query type below.
        </Alert>
      </div>
    );

  return (
    <div className={styles.panel} style={{ width, height }} data-testid="alarms-panel">
      <div className={styles.toolbar}>
        <Input
          aria-label="Filter alarms"
          placeholder="Filter by entity, alarm, status or message"
          value={filter}
          width={40}
          onChange={(e) => setFilter(e.currentTarget.value)}
        />
        <span className={styles.count} role="status">
          {shown.length === alarms.length
            ? `${alarms.length} ${alarms.length === 1 ? 'alarm' : 'alarms'}`
            : `${shown.length} of ${alarms.length} alarms`}
        </span>
      </div>
      {alarms.length === 0 ? (
        <div className={styles.empty} data-testid="alarms-empty">
          No active alarms
        </div>
      ) : shown.length === 0 ? (
        <div className={styles.empty}>No alarm matches “{filter}”</div>
      ) : (
        <div className={styles.scroll}>
          <AlarmTable
            alarms={shown}
            sort={sort}
            onSort={setSort}
            selection={selection}
            onSelect={(a) =>
              select(options.selectedEntityVar, options.selectedComponentVar, {
                entityId: a.entityId,
                componentName: a.componentName,
              })
            }
            onAction={writable ? (alarm, action) => setDialog({ alarm, action }) : undefined}
            onHistory={(alarm) => setDialog({ alarm, action: 'history' })}
          />
        </div>
      )}
      {service?.error && options.showActions && (
        <div className={styles.note}>Actions hidden: the key&apos;s rights could not be read ({service.error}).</div>
      )}
      {dialog && service && dialog.action === 'history' && (
        <AlarmHistoryModal alarm={dialog.alarm} service={service} onDismiss={() => setDialog(undefined)} />
      )}
      {dialog && service && dialog.action !== 'threshold' && dialog.action !== 'history' && (
        <AlarmActionModal
          alarm={dialog.alarm}
          action={dialog.action}
          service={service}
          snoozeMinutes={options.snoozeMinutes}
          onDone={answer}
          onDismiss={() => setDialog(undefined)}
        />
      )}
      {dialog && service && dialog.action === 'threshold' && dialog.alarm.threshold && (
        <ThresholdModal
          alarm={{ ...dialog.alarm, threshold: dialog.alarm.threshold }}
          service={service}
          onDone={(t) => thresholdChanged(dialog.alarm, t)}
          onDismiss={() => setDialog(undefined)}
        />
      )}
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  panel: css({ display: 'flex', flexDirection: 'column', gap: theme.spacing(1), overflow: 'hidden' }),
  toolbar: css({ display: 'flex', alignItems: 'center', gap: theme.spacing(1) }),
  count: css({ color: theme.colors.text.secondary, fontSize: theme.typography.bodySmall.fontSize }),
  scroll: css({ flex: 1, overflow: 'auto' }),
  empty: css({
    flex: 1,
    display: 'flex',
    alignItems: 'center',
    justifyContent: 'center',
    color: theme.colors.text.secondary,
    fontSize: theme.typography.h5.fontSize,
  }),
  message: css({ padding: theme.spacing(1), overflow: 'auto' }),
  note: css({ color: theme.colors.text.secondary, fontSize: theme.typography.bodySmall.fontSize }),
});
