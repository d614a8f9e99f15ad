import { operationNotOffered } from '../../errors';
import { App } from '../app-type';

/**
 * TwinMaker operations this service does not offer yet. They answer a ValidationException
 * that names the operation, so a client learns what is missing instead of a bare 404.
 */
const notOffered: [method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, operation: string][] = [
  ['POST', '/workspaces/:workspaceId/sync-jobs/:syncSource', 'CreateSyncJob'],
  ['GET', '/sync-jobs/:syncSource', 'GetSyncJob'],
  ['DELETE', '/workspaces/:workspaceId/sync-jobs/:syncSource', 'DeleteSyncJob'],
  ['POST', '/workspaces/:workspaceId/sync-jobs-list', 'ListSyncJobs'],
  ['POST', '/workspaces/:workspaceId/sync-jobs/:syncSource/resources-list', 'ListSyncResources'],
  ['POST', '/metadata-transfer-jobs', 'CreateMetadataTransferJob'],
  ['GET', '/metadata-transfer-jobs/:metadataTransferJobId', 'GetMetadataTransferJob'],
  ['PUT', '/metadata-transfer-jobs/:metadataTransferJobId/cancel', 'CancelMetadataTransferJob'],
  ['POST', '/metadata-transfer-jobs-list', 'ListMetadataTransferJobs'],
  ['GET', '/pricingplan', 'GetPricingPlan'],
  ['POST', '/pricingplan', 'UpdatePricingPlan'],
];

export async function notOfferedRoutes(app: App) {
  for (const [method, url, operation] of notOffered) {
    app.route({
      method,
      url,
      config: { operation, access: 'any' },
      schema: { hide: true },
      handler: async () => {
        throw operationNotOffered(operation);
      },
    });
  }
}
