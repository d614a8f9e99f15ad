/** The panel's options, as TwinMaker's video player names them; text options take variables. */
export interface VideoPlayerOptions {
  /** uid of a Doppel data source; empty = the first one */
  datasource: string;
  entityId: string;
  /** the camera component; empty = the entity's first video component */
  componentName: string;
}

export const DEFAULT_OPTIONS: VideoPlayerOptions = { datasource: '', entityId: '', componentName: '' };
