// The host pages worth opening on a service with the live demo workspace, printed by npm start
// and npm run host so a newcomer knows where to go.

/** The bundled overview dashboard on the demo, on the oven of line 1. */
export function demoDashboardUrl(hostUrl) {
  const file = encodeURIComponent('dist/dashboards/doppel-overview.json');
  return `${hostUrl}/d?file=${file}&var-sel_entity=Oven_1&var-sel_comp=Oven`;
}

/** The bundled overview dashboard on the data source's workspace, no entity chosen yet (a site of your own). */
export function siteDashboardUrl(hostUrl) {
  return `${hostUrl}/d?file=${encodeURIComponent('dist/dashboards/doppel-overview.json')}`;
}

/** The app plugin's pages (workspaces, then scenes). */
export function appPagesUrl(hostUrl) {
  return `${hostUrl}/a/doppel-twin-app/workspaces`;
}
