import { Alert, LoadingPlaceholder, Stack, Text } from '@grafana/ui';
import type { ReactNode } from 'react';

import type { DoppelClient } from '../common/client';
import { followPages } from '../common/paginate';
import type { GetComponentTypeResponse } from '../common/twinmaker';
import { useAsync } from '../common/useAsync';
import { dataTypeLabel } from '../datasource/dataValues';

interface Props {
  client: DoppelClient;
  workspaceId: string;
}

/** Component types as an inheritance forest: each type under the types it extends. */
export function ComponentTypesView({ client, workspaceId }: Props) {
  const types = useAsync(async () => {
    const paged = await followPages(
      (t) => client.listComponentTypes(workspaceId, t),
      (p) => p.componentTypeSummaries?.length ?? 0,
      { maxItems: 2000 },
    );
    const ids = paged.pages.flatMap((p) => p.componentTypeSummaries ?? []).map((s) => s.componentTypeId);
    return Promise.all(ids.map((id) => client.getComponentType(workspaceId, id)));
  }, [client, workspaceId]);

  if (types.loading) return <LoadingPlaceholder text="Loading component types…" />;
  if (types.error) return <Alert title="Could not list component types">{types.error}</Alert>;
  const all = types.value ?? [];
  const byId = new Map(all.map((t) => [t.componentTypeId, t]));
  const childrenOf = new Map<string, GetComponentTypeResponse[]>();
  const roots: GetComponentTypeResponse[] = [];
  for (const t of all) {
    const parents = (t.extendsFrom ?? []).filter((p) => byId.has(p));
    if (!parents.length) roots.push(t);
    for (const p of parents) childrenOf.set(p, [...(childrenOf.get(p) ?? []), t]);
  }
  const sort = (list: GetComponentTypeResponse[]) =>
    [...list].sort((a, b) => a.componentTypeId.localeCompare(b.componentTypeId));

  const render = (t: GetComponentTypeResponse, path: string[]): ReactNode => {
    const own = Object.entries(t.propertyDefinitions ?? {}).filter(([, d]) => !d.isInherited);
    const inherited = Object.keys(t.propertyDefinitions ?? {}).length - own.length;
    return (
      <li key={[...path, t.componentTypeId].join('>')} role="treeitem" aria-label={t.componentTypeId}>
        <Stack direction="column" gap={0}>
          <Text weight="medium">
            {t.componentTypeId}
            {t.isAbstract ? ' (abstract)' : ''}
          </Text>
          <Text color="secondary" variant="bodySmall">
            {t.extendsFrom?.length ? `extends ${t.extendsFrom.join(', ')} · ` : ''}
            {own.length
              ? `properties: ${own.map(([n, d]) => `${n} ${dataTypeLabel(d.dataType)}`).join(', ')}`
              : 'no own properties'}
            {inherited ? ` · ${inherited} inherited` : ''}
          </Text>
        </Stack>
        {(childrenOf.get(t.componentTypeId) ?? []).length > 0 && !path.includes(t.componentTypeId) && (
          <ul role="group" style={{ listStyle: 'none', paddingLeft: 20 }}>
            {sort(childrenOf.get(t.componentTypeId)!).map((c) => render(c, [...path, t.componentTypeId]))}
          </ul>
        )}
      </li>
    );
  };
  if (!all.length) return <Text color="secondary">No component types in this workspace.</Text>;
  return (
    <ul role="tree" aria-label="Component types" style={{ listStyle: 'none', paddingLeft: 0, marginTop: 16 }}>
      {sort(roots).map((t) => render(t, []))}
    </ul>
  );
}
