import type { GrafanaTheme2 } from '@grafana/data';
import { Icon, LoadingPlaceholder, Text, useStyles2 } from '@grafana/ui';
import { css, cx } from '@emotion/css';
import { useState } from 'react';

import type { DoppelClient } from '../common/client';
import { followPages } from '../common/paginate';
import type { EntitySummary } from '../common/twinmaker';
import { useAsync } from '../common/useAsync';

interface Props {
  client: DoppelClient;
  workspaceId: string;
  selected?: string;
  onSelect: (entityId: string) => void;
}

/** The entity hierarchy from $ROOT; children are listed only when a node is opened. */
export function EntityTree(props: Props) {
  return (
    <ul role="tree" aria-label="Entities" style={{ listStyle: 'none', paddingLeft: 0 }}>
      <Children {...props} parentEntityId="$ROOT" />
    </ul>
  );
}

function Children({ client, workspaceId, parentEntityId, selected, onSelect }: Props & { parentEntityId: string }) {
  const children = useAsync(async () => {
    const paged = await followPages(
      (t) => client.listEntities(workspaceId, [{ parentEntityId }], t),
      (p) => p.entitySummaries?.length ?? 0,
      { maxItems: 5000 },
    );
    return paged.pages.flatMap((p) => p.entitySummaries ?? []).sort((a, b) => a.entityName.localeCompare(b.entityName));
  }, [client, workspaceId, parentEntityId]);
  if (children.loading) return <LoadingPlaceholder text="Loading entities…" />;
  if (children.error) return <Text color="error">{children.error}</Text>;
  if (!children.value?.length) return parentEntityId === '$ROOT' ? <Text color="secondary">No entities</Text> : null;
  return (
    <>
      {children.value.map((entity) => (
        <Node
          key={entity.entityId}
          entity={entity}
          client={client}
          workspaceId={workspaceId}
          selected={selected}
          onSelect={onSelect}
        />
      ))}
    </>
  );
}

function Node({ entity, ...props }: Props & { entity: EntitySummary }) {
  const styles = useStyles2(getStyles);
  const [open, setOpen] = useState(false);
  const isSelected = props.selected === entity.entityId;
  return (
    <li role="treeitem" aria-expanded={entity.hasChildEntities ? open : undefined} aria-selected={isSelected}>
      <div className={cx(styles.row, isSelected && styles.selected)}>
        {entity.hasChildEntities ? (
          <button
            className={styles.toggle}
            aria-label={`${open ? 'Collapse' : 'Expand'} ${entity.entityName}`}
            onClick={() => setOpen(!open)}
          >
            <Icon name={open ? 'angle-down' : 'angle-right'} />
          </button>
        ) : (
          <span className={styles.toggle} />
        )}
        <button
          className={styles.name}
          title={entity.entityId}
          onClick={() => {
            props.onSelect(entity.entityId);
            // picking a closed parent also shows what is under it: the usual next step
            if (entity.hasChildEntities) setOpen(true);
          }}
        >
          {entity.entityName}
        </button>
      </div>
      {open && (
        <ul role="group" className={styles.group}>
          <Children {...props} parentEntityId={entity.entityId} />
        </ul>
      )}
    </li>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  row: css({ display: 'flex', alignItems: 'center', borderRadius: theme.shape.radius.default }),
  selected: css({ background: theme.colors.action.selected }),
  toggle: css({ width: 24, background: 'none', border: 'none', color: theme.colors.text.secondary, cursor: 'pointer' }),
  name: css({
    background: 'none',
    border: 'none',
    color: theme.colors.text.primary,
    cursor: 'pointer',
    padding: theme.spacing(0.25, 0.5),
    textAlign: 'left',
  }),
  group: css({ listStyle: 'none', paddingLeft: theme.spacing(2) }),
});
