/** App plugin settings (jsonData of doppel-twin-app). */
export interface AppSettings {
  /** uid of the Doppel data source the app pages browse; the first one when unset */
  datasourceUid?: string;
}
