// DataOverlay nodes: markdown rows with the bound values filled in, drawn as DOM labels at the
// node (drei's Html). Text annotations always show; overlay panels show when the scene says so
// or when their entity is selected, as TwinMaker opens them on a click.
import { Html } from '@react-three/drei';
import { useEffect, useMemo, useState } from 'react';

import { propertyRefOf, refKey } from '../../common/scene/bindings';
import type { Placed } from '../../common/scene/layout';
import { fillBindings, type OverlayBlock, overlayBlocks } from '../../common/scene/overlayMarkdown';
import type { DataOverlayComponent } from '../../common/scene/types';
import type { SceneValues } from './SceneValues';
import { formatValue } from './TagList';

type Overlay = Placed<DataOverlayComponent> & { position: [number, number, number] };

function Block({ block }: { block: OverlayBlock }) {
  const content = block.spans.map((s, i) => {
    let node: React.ReactNode = s.text;
    if (s.code) node = <code>{node}</code>;
    if (s.italic) node = <em>{node}</em>;
    if (s.bold) node = <strong>{node}</strong>;
    return <span key={i}>{node}</span>;
  });
  if (block.kind === 'heading') return <div style={{ fontWeight: 600 }}>{content}</div>;
  if (block.kind === 'item') return <div>• {content}</div>;
  return <div>{content}</div>;
}

function OverlayLabel({
  overlay,
  vars,
  values,
}: {
  overlay: Overlay;
  vars: Record<string, string>;
  values: SceneValues;
}) {
  const keys = useMemo(
    () =>
      overlay.component.valueDataBindings.map((b) => {
        const ref = propertyRefOf(b.valueDataBinding, vars);
        return { name: b.bindingName, key: ref && refKey(ref) };
      }),
    [overlay, vars],
  );
  const [, setVersion] = useState(0);
  useEffect(
    () =>
      values.subscribe((changed) => {
        if (keys.some((k) => k.key && changed.has(k.key))) setVersion((v) => v + 1);
      }),
    [values, keys],
  );
  const filled = Object.fromEntries(keys.map((k) => [k.name, k.key ? formatValue(values.getByKey(k.key)) : '-']));
  const blocks = overlay.component.dataRows.flatMap((r) => overlayBlocks(fillBindings(r.content, filled)));
  return (
    <Html position={overlay.position} center zIndexRange={[10, 0]} style={{ pointerEvents: 'none' }}>
      <div
        data-testid="scene-overlay"
        style={{
          background: 'rgba(24, 27, 31, 0.85)',
          color: '#fff',
          fontSize: 11,
          padding: '4px 8px',
          borderRadius: 4,
          whiteSpace: 'nowrap',
          transform: 'translateY(-100%)',
        }}
      >
        {blocks.map((b, i) => (
          <Block key={i} block={b} />
        ))}
      </div>
    </Html>
  );
}

interface Props {
  overlays: Overlay[];
  vars: Record<string, string>;
  values: SceneValues;
  panelsVisible: boolean;
  selectedEntity?: string;
}

export function DataOverlays({ overlays, vars, values, panelsVisible, selectedEntity }: Props) {
  const shown = overlays.filter(
    (o) =>
      o.component.subType === 'TextAnnotation' ||
      panelsVisible ||
      o.component.valueDataBindings.some(
        (b) => selectedEntity && propertyRefOf(b.valueDataBinding, vars)?.entityId === selectedEntity,
      ),
  );
  return (
    <>
      {shown.map((o) => (
        <OverlayLabel key={o.nodeIndex} overlay={o} vars={vars} values={values} />
      ))}
    </>
  );
}
