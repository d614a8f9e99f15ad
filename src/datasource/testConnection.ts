import type { TestDataSourceResponse } from '@grafana/data';

import { DoppelApiError, type DoppelClient } from '../common/client';
import { followPages } from '../common/paginate';
import type { DoppelOptions } from './types';

const failure = (message: string, details?: string): TestDataSourceResponse => ({
  status: 'error',
  message,
  ...(details ? { details: { message: details } } : {}),
});

const credentialRefused = (e: DoppelApiError) =>
  e.status === 401 ||
  e.errorType === 'UnrecognizedClientException' ||
  e.errorType === 'UnauthorizedException' ||
  e.errorType === 'InvalidSignatureException';

/**
 * Save & test: checks, in order, that the settings are filled in, that the service answers,
 * that it accepts the credential, and that the workspace exists for this key — and reports
 * the first that fails in words that say what to fix.
 */
export async function checkConnection(
  client: DoppelClient,
  settings: DoppelOptions,
  workspaceId: string,
): Promise<TestDataSourceResponse> {
  if (!settings.serviceUrl) return failure('Enter the service URL (e.g. http://localhost:8600), then Save & test.');
  if (!settings.accessKeyId) return failure('Enter the access key id and secret of a Doppel key, then Save & test.');

  try {
    await client.health();
  } catch (e) {
    const err = e instanceof DoppelApiError ? e : undefined;
    if (!err || err.unreachable || !err.errorType) {
      return failure(
        `Cannot reach the Doppel service at ${settings.serviceUrl}. Check the URL and that the service is running and reachable from the Grafana server.`,
        err?.message,
      );
    }
  }

  let version: string;
  try {
    version = (await client.version()).version;
  } catch (e) {
    if (e instanceof DoppelApiError && credentialRefused(e)) {
      return failure(
        `The service refused the access key "${settings.accessKeyId}": the key id or secret is wrong, or the key was revoked. Re-enter the secret and save.`,
        e.message,
      );
    }
    return failure(`The service answered with an error: ${e instanceof Error ? e.message : String(e)}`);
  }

  let visible: string[] = [];
  try {
    const paged = await followPages(
      (t) => client.listWorkspaces(t),
      (p) => p.workspaceSummaries?.length ?? 0,
      {
        maxItems: 50,
      },
    );
    visible = paged.pages.flatMap((p) => p.workspaceSummaries ?? []).map((w) => w.workspaceId);
  } catch {
    // Listing is a convenience for the message; GetWorkspace below is the real check.
  }
  const listed = visible.length
    ? ` Workspaces this key can see: ${visible.join(', ')}.`
    : ' This key sees no workspace.';

  if (!workspaceId) {
    return failure(`Connected to Doppel ${version}, but no workspace is selected. Pick one below and save.${listed}`);
  }
  try {
    await client.getWorkspace(workspaceId);
  } catch (e) {
    if (e instanceof DoppelApiError && (e.status === 404 || e.status === 403)) {
      return failure(`Workspace "${workspaceId}" does not exist or this key cannot see it.${listed}`, e.message);
    }
    return failure(`Checking workspace "${workspaceId}" failed: ${e instanceof Error ? e.message : String(e)}`);
  }
  return { status: 'success', message: `Connected to Doppel ${version}: workspace "${workspaceId}" is ready.` };
}
