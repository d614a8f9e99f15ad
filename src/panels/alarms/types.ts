/** The alarms panel's options; the variable names are those the scene viewer sets too. */
export interface AlarmsPanelOptions {
  /** dashboard variable set to the entity of the clicked alarm */
  selectedEntityVar: string;
  /** dashboard variable set to the alarm's component */
  selectedComponentVar: string;
  /** Acknowledge / Snooze / Reset and threshold editing (shown to keys that may write only) */
  showActions: boolean;
  /** the snooze duration the dialog proposes */
  snoozeMinutes: number;
}

export const DEFAULT_OPTIONS: AlarmsPanelOptions = {
  selectedEntityVar: 'sel_entity',
  selectedComponentVar: 'sel_comp',
  showActions: true,
  snoozeMinutes: 60,
};
