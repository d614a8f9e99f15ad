import { FastifyReply } from 'fastify';
import { ExecuteQueryBody, ExecuteQueryResponse } from '../../api/queries';
import { limitsFromEnv } from '../../graph-query/limits';
import { App } from '../app-type';
import { executeQuery } from '../execute-query';

const tags = ['queries'];

/** ExecuteQuery: the knowledge-graph query language over the caller's workspace. */
export async function queryRoutes(app: App) {
  const limits = limitsFromEnv();
  app.post(
    '/queries/execution',
    {
      // the workspace is a body member; the auth hook reads it from there
      config: { operation: 'ExecuteQuery', access: 'read' },
      schema: { tags, body: ExecuteQueryBody, response: { 200: ExecuteQueryResponse } },
    },
    async (request, reply) => {
      const body = request.body;
      const json = await executeQuery(app.store, body, limits);
      // already JSON in the response schema's shape: fastify sends a Buffer as it is
      return (reply as FastifyReply).type('application/json; charset=utf-8').send(json);
    },
  );
}
