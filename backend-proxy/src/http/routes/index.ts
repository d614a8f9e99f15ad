import { App } from '../app';
import { notOfferedRoutes } from './not-offered';
import { serviceRoutes } from './service';
import { workspaceRoutes } from './workspaces';

/** One plugin per resource; each route declares its schema, operation and access. */
export async function registerRoutes(app: App) {
  await app.register(serviceRoutes);
  await app.register(workspaceRoutes);
  await app.register(notOfferedRoutes);
}
