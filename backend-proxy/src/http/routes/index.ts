import { App } from '../app-type';
import { alarmRoutes } from './alarms';
import { bulkValueRoutes } from './bulk-values';
import { componentTypeRoutes } from './component-types';
import { connectorRoutes } from './connectors';
import { entityRoutes } from './entities';
import { keyRoutes } from './keys';
import { notOfferedRoutes } from './not-offered';
import { propertySetValueRoutes } from './property-set-values';
import { queryRoutes } from './queries';
import { resourceRoutes } from './resources';
import { s3Routes } from './s3';
import { sceneDocumentRoutes } from './scene-documents';
import { sceneRoutes } from './scenes';
import { serviceRoutes } from './service';
import { tagRoutes } from './tags';
import { valueStreamRoutes } from './value-stream';
import { valueRoutes } from './values';
import { whoAmIRoutes } from './whoami';
import { workspaceRoutes } from './workspaces';

/** One plugin per resource; each route declares its schema, operation and access. */
export async function registerRoutes(app: App) {
  await app.register(serviceRoutes);
  await app.register(workspaceRoutes);
  await app.register(componentTypeRoutes);
  await app.register(entityRoutes);
  await app.register(sceneRoutes);
  await app.register(sceneDocumentRoutes);
  await app.register(tagRoutes);
  await app.register(keyRoutes);
  await app.register(connectorRoutes);
  await app.register(valueRoutes);
  await app.register(bulkValueRoutes);
  await app.register(valueStreamRoutes);
  await app.register(propertySetValueRoutes);
  await app.register(queryRoutes);
  await app.register(resourceRoutes);
  await app.register(alarmRoutes);
  await app.register(whoAmIRoutes);
  await app.register(s3Routes);
  await app.register(notOfferedRoutes);
}
