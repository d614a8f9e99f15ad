import { PanelPlugin } from '@grafana/data';

import { AlarmsPanel } from './AlarmsPanel';
import { type AlarmsPanelOptions, DEFAULT_OPTIONS } from './types';

export const plugin = new PanelPlugin<AlarmsPanelOptions>(AlarmsPanel).setPanelOptions((builder) =>
  builder
    .addTextInput({
      path: 'selectedEntityVar',
      name: 'Selected entity variable',
      description: 'Dashboard variable set to the entity of the clicked alarm (the scene viewer uses the same)',
      defaultValue: DEFAULT_OPTIONS.selectedEntityVar,
    })
    .addTextInput({
      path: 'selectedComponentVar',
      name: 'Selected component variable',
      description: "Dashboard variable set to the clicked alarm's component",
      defaultValue: DEFAULT_OPTIONS.selectedComponentVar,
    })
    .addBooleanSwitch({
      path: 'showActions',
      name: 'Acknowledge, snooze, reset and threshold editing',
      description: "Shown only when the data source's key may write the workspace",
      defaultValue: DEFAULT_OPTIONS.showActions,
    })
    .addNumberInput({
      path: 'snoozeMinutes',
      name: 'Snooze duration (minutes)',
      description: 'What the snooze dialog proposes',
      defaultValue: DEFAULT_OPTIONS.snoozeMinutes,
      settings: { min: 1, max: 10080, integer: true },
    }),
);
