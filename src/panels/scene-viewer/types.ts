/** The panel's options, named as the issue (and TwinMaker's panel) name them; text options take variables. */
export interface SceneViewerOptions {
  /** uid of a Doppel data source; empty = the first one */
  datasource: string;
  sceneId: string;
  selectedEntityVar: string;
  selectedComponentVar: string;
  activeCameraVar: string;
  zoomToSelection: boolean;
  showStats: boolean;
}

export const DEFAULT_OPTIONS: SceneViewerOptions = {
  datasource: '',
  sceneId: '',
  selectedEntityVar: 'sel_entity',
  selectedComponentVar: 'sel_comp',
  activeCameraVar: '',
  zoomToSelection: true,
  showStats: false,
};
