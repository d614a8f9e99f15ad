import {
  AlarmActionBody,
  AlarmActionParams,
  AlarmEventsQuery,
  AlarmEventsResponse,
  AlarmParams,
  AlarmRecord,
  ListAlarmsQuery,
  ListAlarmsResponse,
} from '../../api/alarms';
import { WorkspaceParams } from '../../api/common';
import { alarmActionInvalid, alarmQueryInvalid } from '../../errors';
import { ALARM_STATUSES, AlarmStatus, isAlarmStatus } from '../../model/alarms/alarm-state';
import { MAX_SNOOZE_SECONDS } from '../../model/alarms/actions';
import { AlarmActionRequest, AlarmCursor, AlarmEventCursor } from '../../store/alarms';
import { App } from '../app-type';
import { listPage } from '../list-page';
import { callerOf } from '../route-config';

const tags = ['alarms'];
const ACTIONS = { acknowledge: 'ACKNOWLEDGE', snooze: 'SNOOZE', reset: 'RESET' } as const;

/**
 * Alarms in one call, and their actions: every component of a type extending alarm.basic, its
 * status kept by the service as values arrive (see store/sqlite/alarms/alarm-writer.ts).
 */
export async function alarmRoutes(app: App) {
  app.get(
    '/doppel/workspaces/:workspaceId/alarms',
    {
      config: { operation: 'ListAlarms', access: 'read' },
      schema: {
        tags,
        description:
          'Every alarm of the workspace (or under entityId: it and its descendants), by severity, then newest transition. status may repeat or be comma-separated.',
        params: WorkspaceParams,
        querystring: ListAlarmsQuery,
        response: { 200: ListAlarmsResponse },
      },
    },
    async (request, reply) => {
      const { workspaceId } = request.params;
      const { entityId, nextToken } = request.query;
      const statuses = statusesOf(request.query.status);
      const limit = maxResultsOf(request.query.maxResults);
      const scope = `ListAlarms:${workspaceId}:${JSON.stringify([statuses, entityId ?? null])}`;
      const { items, ...next } = await listPage(app.store.tokens, scope, nextToken, (after?: AlarmCursor) =>
        app.store.alarms.list(workspaceId, { statuses, ...(entityId !== undefined && { entityId }) }, { after, limit }),
      );
      // records are built to the schema by the store; JSON.stringify of a page of a thousand is
      // several times faster than the schema serializer, which tries each nullable member's branches
      return reply.type('application/json; charset=utf-8').send(JSON.stringify({ alarms: items, ...next }) as never);
    },
  );

  app.post(
    '/doppel/workspaces/:workspaceId/alarms/:entityId/:componentName',
    {
      config: { operation: 'AlarmAction', access: 'write' },
      schema: {
        tags,
        description:
          'The last path segment ({componentName}) is <componentName>:acknowledge, :snooze (durationSeconds required) or :reset; answers the alarm with its new status. Audited with the key id and the note.',
        params: AlarmActionParams,
        body: AlarmActionBody,
        response: { 200: AlarmRecord },
      },
    },
    async (request) => {
      const { workspaceId, entityId } = request.params;
      const [componentName, action] = actionOf(request.params.componentName, request.body);
      return app.store.alarms.act(workspaceId, entityId, componentName, action, callerOf(request).accessKeyId);
    },
  );

  app.get(
    '/doppel/workspaces/:workspaceId/alarms/:entityId/:componentName/events',
    {
      config: { operation: 'ListAlarmEvents', access: 'read' },
      schema: {
        tags,
        description: "The alarm's transitions and actions, newest first",
        params: AlarmParams,
        querystring: AlarmEventsQuery,
        response: { 200: AlarmEventsResponse },
      },
    },
    async (request) => {
      const { workspaceId, entityId, componentName } = request.params;
      const limit = maxResultsOf(request.query.maxResults);
      const scope = `ListAlarmEvents:${workspaceId}:${entityId}:${componentName}`;
      const { items, ...next } = await listPage(
        app.store.tokens,
        scope,
        request.query.nextToken,
        (after?: AlarmEventCursor) => app.store.alarms.events(workspaceId, entityId, componentName, { after, limit }),
      );
      return { events: items, ...next };
    },
  );
}

/** `status` as given (repeated and/or comma-separated), each one checked; every status when absent. */
function statusesOf(status: string | string[] | undefined): AlarmStatus[] {
  const given = (Array.isArray(status) ? status : status === undefined ? [] : [status])
    .flatMap((s) => s.split(','))
    .map((s) => s.trim())
    .filter((s) => s !== '');
  for (const s of given) {
    if (!isAlarmStatus(s)) throw alarmQueryInvalid(`status ${s} is not one of ${ALARM_STATUSES.join(', ')}`);
  }
  return given.length === 0 ? [...ALARM_STATUSES] : [...new Set(given as AlarmStatus[])];
}

function maxResultsOf(maxResults: string | undefined): number {
  if (maxResults === undefined || maxResults === '') return 100;
  const n = /^[0-9]{1,4}$/.test(maxResults) ? Number(maxResults) : NaN;
  if (!(n >= 1 && n <= 1000))
    throw alarmQueryInvalid(`maxResults must be a whole number from 1 to 1000, not ${maxResults}`);
  return n;
}

/** `<componentName>:<action>` and the body as an action request. */
function actionOf(componentAction: string, body: AlarmActionBody): [string, AlarmActionRequest] {
  const colon = componentAction.lastIndexOf(':');
  const name = componentAction.slice(0, colon);
  const verb = componentAction.slice(colon + 1) as keyof typeof ACTIONS;
  if (colon <= 0 || !Object.hasOwn(ACTIONS, verb)) {
    throw alarmActionInvalid(
      `${componentAction} names no alarm action: end the path with <componentName>:acknowledge, :snooze or :reset`,
    );
  }
  const note = body.note === undefined ? {} : { note: body.note };
  if (ACTIONS[verb] === 'SNOOZE') {
    if (body.durationSeconds === undefined) {
      throw alarmActionInvalid(
        `:snooze needs durationSeconds, a whole number of seconds from 1 to ${MAX_SNOOZE_SECONDS}`,
      );
    }
    return [name, { action: 'SNOOZE', durationSeconds: body.durationSeconds, ...note }];
  }
  if (body.durationSeconds !== undefined) throw alarmActionInvalid(`durationSeconds belongs to :snooze, not :${verb}`);
  return [name, { action: ACTIONS[verb], ...note }];
}
