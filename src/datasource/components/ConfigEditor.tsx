import type { DataSourcePluginOptionsEditorProps, SelectableValue } from '@grafana/data';
import { Alert, Field, FieldSet, Input, SecretInput, Select } from '@grafana/ui';
import { useEffect, useState } from 'react';

import { DoppelClient, SERVICE_ROUTE } from '../../common/client';
import { followPages } from '../../common/paginate';
import { DEFAULT_MAX_RESULTS, type DoppelOptions, type DoppelSecureOptions } from '../types';
import { useOptions, withCurrent } from './useOptions';

type Props = DataSourcePluginOptionsEditorProps<DoppelOptions, DoppelSecureOptions>;

/**
 * Data source settings: service URL, access key (id in jsonData, secret in secureJsonData —
 * Grafana's data proxy adds it server-side, the browser never gets it back), workspace.
 * The workspace list needs the saved secret, so the editor says plainly to Save & test first
 * and still takes a typed workspace id before that.
 */
export function ConfigEditor({ options, onOptionsChange }: Props) {
  const jsonData = options.jsonData ?? {};
  const secretSaved = Boolean(options.secureJsonFields?.secretAccessKey);
  // secureJsonFields come only from the server: the secret is stored (saved here, or provisioned)
  const saved = secretSaved && Boolean(options.uid);

  const setJson = (patch: Partial<DoppelOptions>) =>
    onOptionsChange({ ...options, jsonData: { ...jsonData, ...patch } });

  const workspaces = useOptions(async () => {
    if (!saved) return [];
    const client = new DoppelClient(`/api/datasources/proxy/uid/${options.uid}/${SERVICE_ROUTE}`);
    const paged = await followPages(
      (t) => client.listWorkspaces(t),
      (p) => p.workspaceSummaries?.length ?? 0,
      {
        maxItems: 1000,
      },
    );
    return paged.pages
      .flatMap((p) => p.workspaceSummaries ?? [])
      .map((w) => ({ label: w.workspaceId, value: w.workspaceId, description: w.description }));
  }, [saved, options.uid, options.version]);

  // Forgiving first run: when the key sees exactly one workspace, pick it (Save keeps it).
  const only = workspaces.options.length === 1 ? workspaces.options[0]!.value : undefined;
  const [autoPicked, setAutoPicked] = useState<string>();
  useEffect(() => {
    if (only && !jsonData.workspaceId) {
      setAutoPicked(only);
      setJson({ workspaceId: only });
    }
    // only when the list arrives, not on every settings edit
  }, [only]);

  return (
    <>
      {!saved && (
        <Alert title="First connection" severity="info">
          Enter the service URL and the access key, then click <b>Save &amp; test</b>: it checks the service and the
          key, and lists the workspaces the key can see. Then pick a workspace here and save again. You can also type a
          workspace id right away.
        </Alert>
      )}
      <FieldSet label="Service">
        <Field
          label="Service URL"
          description="Where the Grafana server reaches the Doppel service (backend-proxy), e.g. http://localhost:8600"
          required
        >
          <Input
            id="doppel-service-url"
            width={60}
            placeholder="http://localhost:8600"
            value={jsonData.serviceUrl ?? ''}
            onChange={(e) => setJson({ serviceUrl: e.currentTarget.value.trim() })}
            // trailing slashes only once typing is done: "http://" must survive keystrokes
            onBlur={(e) => setJson({ serviceUrl: e.currentTarget.value.trim().replace(/\/+$/, '') })}
          />
        </Field>
      </FieldSet>
      <FieldSet label="Access key">
        <Field
          label="Access key id"
          description="The id of a Doppel access key (admin, or scoped to workspaces)"
          required
        >
          <Input
            id="doppel-access-key-id"
            width={60}
            value={jsonData.accessKeyId ?? ''}
            onChange={(e) => setJson({ accessKeyId: e.currentTarget.value.trim() })}
          />
        </Field>
        <Field
          label="Secret access key"
          description="Stored encrypted by Grafana; sent to the service only by Grafana's data proxy"
          required
        >
          <SecretInput
            id="doppel-secret"
            width={60}
            isConfigured={secretSaved}
            value={options.secureJsonData?.secretAccessKey ?? ''}
            onChange={(e) =>
              onOptionsChange({
                ...options,
                secureJsonData: { ...options.secureJsonData, secretAccessKey: e.currentTarget.value },
              })
            }
            onReset={() =>
              onOptionsChange({
                ...options,
                secureJsonFields: { ...options.secureJsonFields, secretAccessKey: false },
                secureJsonData: { ...options.secureJsonData, secretAccessKey: '' },
              })
            }
          />
        </Field>
      </FieldSet>
      <FieldSet label="Workspace">
        <Field
          label="Workspace"
          description={
            autoPicked && jsonData.workspaceId === autoPicked
              ? `${autoPicked} is the only workspace this key can see, so it is selected: Save & test to keep it`
              : saved
                ? 'Workspaces the saved key can see; type an id or a $variable to use another'
                : 'Save & test to list the workspaces the key can see; or type the workspace id'
          }
          invalid={Boolean(workspaces.error)}
          error={workspaces.error ? `Could not list workspaces: ${workspaces.error}` : undefined}
        >
          <Select
            inputId="doppel-workspace"
            aria-label="Workspace"
            width={60}
            allowCustomValue
            isClearable
            isLoading={saved && workspaces.loading}
            placeholder={saved ? 'Pick a workspace' : 'Type a workspace id, or Save & test to list them'}
            value={jsonData.workspaceId ?? null}
            options={withCurrent(workspaces.options, jsonData.workspaceId)}
            onChange={(o: SelectableValue<string> | null) => setJson({ workspaceId: o?.value })}
          />
        </Field>
        <Field
          label="Max results"
          description={`Default cap on values a query reads by following nextToken (${DEFAULT_MAX_RESULTS} if empty)`}
        >
          <Input
            id="doppel-max-results"
            type="number"
            min={1}
            width={20}
            value={jsonData.maxResults ?? ''}
            onChange={(e) => {
              const n = Number(e.currentTarget.value);
              setJson({ maxResults: e.currentTarget.value && n > 0 ? Math.floor(n) : undefined });
            }}
          />
        </Field>
      </FieldSet>
    </>
  );
}
