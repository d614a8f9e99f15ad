/**
 * The `grafana-public-path` virtual module injected at the top of every module.ts(x): it sets
 * webpack's public path from the AMD `module` dependency's uri, so lazy chunks and assets
 * resolve next to the module.js Grafana (or the test host) loaded, wherever it is served.
 */
export const publicPathModule = `
import amdMetaModule from 'amd-module';

__webpack_public_path__ =
  amdMetaModule && amdMetaModule.uri
    ? amdMetaModule.uri.slice(0, amdMetaModule.uri.lastIndexOf('/') + 1)
    : 'public/plugins/${'${PLUGIN_ID}'}/';
`;
