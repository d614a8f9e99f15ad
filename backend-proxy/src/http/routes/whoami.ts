import { WhoAmIResponse } from '../../api/alarms';
import { App } from '../app-type';
import { callerOf } from '../route-config';

/** Who the key is and what it may do, so a UI hides the actions the key may not take. */
export async function whoAmIRoutes(app: App) {
  app.get(
    '/doppel/whoami',
    {
      config: { operation: 'WhoAmI', access: 'any' },
      schema: {
        tags: ['access keys'],
        description: 'The calling key: admin (every workspace), or its workspaces with role read or write',
        response: { 200: WhoAmIResponse },
      },
    },
    async (request) => {
      const caller = callerOf(request);
      return {
        accessKeyId: caller.accessKeyId,
        isAdmin: caller.isAdmin,
        workspaces: caller.isAdmin
          ? []
          : [...caller.workspaces]
              .map(([workspaceId, role]) => ({ workspaceId, role }))
              .sort((a, b) => (a.workspaceId < b.workspaceId ? -1 : 1)),
      };
    },
  );
}
