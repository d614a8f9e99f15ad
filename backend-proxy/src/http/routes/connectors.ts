import { ConnectorEntry, ConnectorParams, ConnectorResponse, ListConnectorsResponse } from '../../api/connectors';
import { connectorResponse } from '../../connectors/connector-registry';
import { connectorNotFound } from '../../errors';
import { App } from '../app-type';

const tags = ['doppel: connectors'];

/**
 * The connector registry (Doppel's own API, admin keys only): which HTTP endpoint serves a
 * Lambda ARN, which Prometheus server or MQTT broker a name stands for. Header values are
 * returned as written (`${NAME}` templates), never with the environment's values filled in.
 */
export async function connectorRoutes(app: App) {
  app.get(
    '/doppel/connectors',
    {
      config: { operation: 'ListConnectors', access: 'admin' },
      schema: { tags, response: { 200: ListConnectorsResponse } },
    },
    async () => ({ connectors: app.connectors.list().map(connectorResponse) }),
  );

  app.get(
    '/doppel/connectors/:name',
    {
      config: { operation: 'GetConnector', access: 'admin' },
      schema: { tags, params: ConnectorParams, response: { 200: ConnectorResponse } },
    },
    async (request) => {
      const found = app.connectors.get(request.params.name);
      if (!found) throw connectorNotFound(request.params.name);
      return connectorResponse(found);
    },
  );

  app.put(
    '/doppel/connectors/:name',
    {
      config: { operation: 'PutConnector', access: 'admin' },
      schema: {
        tags,
        description:
          'Creates or replaces a connector in the data dir’s connectors.yaml. Connectors from the provisioning folder are changed in their file.',
        params: ConnectorParams,
        body: ConnectorEntry,
        response: { 200: ConnectorResponse },
      },
    },
    async (request) => connectorResponse(app.connectors.put(request.params.name, request.body)),
  );

  app.delete(
    '/doppel/connectors/:name',
    {
      config: { operation: 'DeleteConnector', access: 'admin' },
      schema: { tags, params: ConnectorParams },
    },
    async (request) => {
      app.connectors.delete(request.params.name);
      return {};
    },
  );
}
