// A loaded scene in the panel: binds it to the selection variables and to the values as of the
// dashboard time, keeps each tag's state (re-evaluating only the tags whose values changed),
// and wires the canvas, the accessible tag list, the tooltip, the messages and the keys.
import type { PanelProps } from '@grafana/data';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';

import {
  bindingVariables,
  collectPropertyRefs,
  propertyRefOf,
  refKey,
  resolveBinding,
} from '../../common/scene/bindings';
import type { PlacedModel } from '../../common/scene/layout';
import type { SceneApi } from '../../common/scene/sceneApi';
import type { ModelShaderComponent } from '../../common/scene/types';
import { sceneTime } from '../../common/scene/values';
import type { CameraCommands } from './CameraRig';
import type { ModelLook } from './ModelNodes';
import { publishStats } from './renderStats';
import { shaderLook } from './ruleLooks';
import { SceneCanvas } from './SceneCanvas';
import { select, useSelection, variableValue } from '../../common/selection';
import { TagList } from './TagList';
import type { TagSpritesHandle } from './TagSprites';
import { tagState } from './tagStates';
import type { SceneViewerOptions } from './types';
import type { LoadedScene } from './useSceneDocument';
import { useSceneValues } from './useSceneValues';
import { type Hovered, ViewerOverlay } from './ViewerOverlay';

/** The accessible list is redrawn at most this often; the canvas follows every value at once. */
const LIST_REFRESH_MS = 200;

/** Failed models in one line per reason: "Drawn as placeholders (404: Not Found): a.glb, b.glb". */
function modelMessages(errors: Record<string, string>): string[] {
  const byReason = new Map<string, string[]>();
  for (const [uri, message] of Object.entries(errors)) {
    const reason = /responded with (\d+[^.]*)/.exec(message)?.[1] ?? message;
    byReason.set(reason, [...(byReason.get(reason) ?? []), uri]);
  }
  return [...byReason].map(([reason, uris]) => `Drawn as placeholder boxes (${reason}): ${uris.join(', ')}`);
}

type Props = PanelProps<SceneViewerOptions> & { api: SceneApi; scene: LoadedScene };

export function SceneViewer({ api, scene, options, timeRange, replaceVariables, width, height, id }: Props) {
  const { model, layout } = scene;
  const selection = useSelection(options.selectedEntityVar, options.selectedComponentVar, replaceVariables);
  const vars = useMemo(() => bindingVariables(model, selection), [model, selection]);
  const refs = useMemo(() => collectPropertyRefs(model, vars), [model, vars]);
  const time = sceneTime({ to: timeRange.to.valueOf(), rawTo: timeRange.raw.to });
  const { values, status } = useSceneValues(api, refs, time.live, time.at);

  const [{ stats, unpublish }] = useState(() => publishStats(String(id ?? 'default')));
  useEffect(() => unpublish, [unpublish]);
  const tagsReady = useRef(layout.tags.length === 0);
  const spritesRef = useRef<TagSpritesHandle | null>(null);
  const cameraRef = useRef<CameraCommands | null>(null);
  stats.tagScreenPosition = (tagId) => {
    const index = layout.tags.findIndex((t) => t.id === tagId);
    return index < 0 ? undefined : spritesRef.current?.screenPosition(index);
  };

  // tag states: rebuilt when the bindings change, patched in place when values arrive
  const states = useMemo(
    () => layout.tags.map((t) => tagState(t, vars, model.rules, (k) => values.getByKey(k))),
    [layout, vars, model, values],
  );
  const tagsByRef = useMemo(() => {
    const index = new Map<string, number[]>();
    states.forEach((s, i) => s.refKey && index.set(s.refKey, [...(index.get(s.refKey) ?? []), i]));
    return index;
  }, [states]);

  // model shaders (whole models and named parts), by node index, and the references they read
  const shaders = useMemo(() => {
    const byNode = new Map<number, ModelShaderComponent>();
    for (const m of layout.models) {
      if (m.shader) byNode.set(m.nodeIndex, m.shader);
      for (const p of m.parts) if (p.shader) byNode.set(p.nodeIndex, p.shader);
    }
    return byNode;
  }, [layout]);
  const shaderRefs = useMemo(() => {
    const keys = new Set<string>();
    for (const s of shaders.values()) {
      const ref = propertyRefOf(s.valueDataBinding, vars);
      if (ref) keys.add(refKey(ref));
    }
    return keys;
  }, [shaders, vars]);

  const [listVersion, setListVersion] = useState(0);
  const [lookVersion, setLookVersion] = useState(0);
  const listTimer = useRef<ReturnType<typeof setTimeout>>(undefined);
  const refreshList = useCallback(() => {
    if (listTimer.current) return;
    listTimer.current = setTimeout(() => {
      listTimer.current = undefined;
      setListVersion((v) => v + 1);
    }, LIST_REFRESH_MS);
  }, []);
  useEffect(() => () => clearTimeout(listTimer.current), []);

  useEffect(() => {
    spritesRef.current?.update(states.keys());
    setLookVersion((v) => v + 1);
    setListVersion((v) => v + 1);
    return values.subscribe((changed) => {
      const touched: number[] = [];
      let shaded = false;
      for (const key of changed) {
        for (const i of tagsByRef.get(key) ?? []) {
          states[i] = tagState(layout.tags[i]!, vars, model.rules, (k) => values.getByKey(k));
          touched.push(i);
        }
        if (shaderRefs.has(key)) shaded = true;
      }
      if (touched.length > 0) {
        spritesRef.current?.update(touched);
        refreshList();
      }
      if (shaded) setLookVersion((v) => v + 1);
    });
  }, [values, states, tagsByRef, shaderRefs, layout, vars, model, refreshList]);

  // selection: tags and models bound to the selected entity (and component, when one is set)
  const selectedTags = useMemo(() => {
    const set = new Set<number>();
    if (!selection.entityId) return set;
    states.forEach((s, i) => {
      if (!s.ref || s.ref.entityId !== selection.entityId) return;
      if (selection.componentName && s.ref.componentName !== selection.componentName) return;
      set.add(i);
    });
    return set;
  }, [states, selection]);
  const [hovered, setHovered] = useState<Hovered>();
  useEffect(() => {
    spritesRef.current?.setHighlight(hovered?.kind === 'tag' ? hovered.index : undefined, selectedTags);
  }, [hovered, selectedTags, listVersion]);

  const look = useMemo<ModelLook>(() => {
    const shadeOf = (nodeIndex: number) =>
      shaderLook(shaders.get(nodeIndex), model.rules, vars, (k) => values.getByKey(k));
    const bound = (m: PlacedModel, nodeIndex: number) => {
      const binding = nodeIndex === m.nodeIndex ? m.binding : m.parts.find((p) => p.nodeIndex === nodeIndex)?.binding;
      return resolveBinding(binding, vars);
    };
    const byNode = new Map<number, PlacedModel>();
    for (const m of layout.models) {
      byNode.set(m.nodeIndex, m);
      for (const p of m.parts) byNode.set(p.nodeIndex, m);
    }
    const highlighted = (nodeIndex: number) => {
      if (hovered?.kind === 'model' && hovered.nodeIndex === nodeIndex) return true;
      const m = byNode.get(nodeIndex);
      const ctx = m && bound(m, nodeIndex);
      return Boolean(selection.entityId && ctx?.entityId === selection.entityId);
    };
    return { shadeOf, highlighted };
  }, [shaders, vars, model, values, layout, hovered, selection]);

  const selectTag = useCallback(
    (index: number) => {
      const s = states[index];
      if (!s?.ref) return;
      select(
        options.selectedEntityVar,
        options.selectedComponentVar,
        { entityId: s.ref.entityId, componentName: s.ref.componentName },
        // as TwinMaker's panel: a tag's navLink params become dashboard variables too
        layout.tags[index]!.tag.navLink?.params,
      );
      if (options.zoomToSelection) cameraRef.current?.focus(layout.tags[index]!.position);
    },
    [states, options, layout],
  );
  const selectModel = useCallback(
    (m: PlacedModel, part?: number) => {
      const binding = part !== undefined ? m.parts.find((p) => p.nodeIndex === part)?.binding : m.binding;
      const ctx = resolveBinding(binding ?? m.binding, vars);
      if (!ctx) return;
      select(options.selectedEntityVar, options.selectedComponentVar, ctx);
      if (options.zoomToSelection) {
        const p = m.matrix.elements;
        cameraRef.current?.focus([p[12]!, p[13]!, p[14]!]);
      }
    },
    [vars, options],
  );

  const resourceUrl = useCallback((p: string) => api.resourceUrl(p), [api]);
  const onTagHover = useCallback(
    (index: number | undefined) =>
      setHovered((old) => {
        if (index === undefined) return old?.kind === 'tag' ? undefined : old;
        return old?.kind === 'tag' && old.index === index ? old : { kind: 'tag', index };
      }),
    [],
  );
  const onModelHover = useCallback(
    (m: PlacedModel | undefined, part?: number) =>
      setHovered((old) => {
        if (!m) return old?.kind === 'model' ? undefined : old;
        const nodeIndex = part ?? m.nodeIndex;
        return old?.kind === 'model' && old.nodeIndex === nodeIndex ? old : { kind: 'model', model: m, nodeIndex };
      }),
    [],
  );
  const [modelErrors, setModelErrors] = useState<Record<string, string>>({});
  const onModelError = useCallback((uri: string, message: string) => {
    setModelErrors((old) => (old[uri] === message ? old : { ...old, [uri]: message }));
  }, []);
  const activeCamera = variableValue(options.activeCameraVar, replaceVariables);
  const ruleErrors = useMemo(
    () => [...new Set(states.map((s) => s.ruleError).filter((e): e is string => Boolean(e)))],
    // listVersion: states are patched in place
    // deps: listVersion stands for the in-place patches
    [states, listVersion],
  );

  return (
    <div
      style={{ position: 'relative', width, height, outline: 'none' }}
      tabIndex={0}
      aria-label={`Scene ${model.nodes[model.rootNodeIndexes[0] ?? 0]?.name ?? ''}: R resets the view, C cycles the cameras`}
      data-testid="scene-viewer"
      data-live={time.live}
      // a click on the canvas focuses the viewer, so R and C work right after it
      onPointerDown={(e) => e.currentTarget.focus({ preventScroll: true })}
      onKeyDown={(e) => {
        if (e.target !== e.currentTarget && !(e.target instanceof HTMLCanvasElement)) return;
        if (e.key === 'r' || e.key === 'R') cameraRef.current?.reset();
        else if (e.key === 'c' || e.key === 'C') cameraRef.current?.cycle();
      }}
    >
      <SceneCanvas
        scene={scene}
        resourceUrl={resourceUrl}
        states={states}
        vars={vars}
        values={values}
        stats={stats}
        tagsReady={tagsReady}
        spritesRef={spritesRef}
        cameraRef={cameraRef}
        activeCamera={activeCamera}
        selectedEntity={selection.entityId}
        look={look}
        lookVersion={lookVersion}
        onModelError={onModelError}
        onTagHover={onTagHover}
        onTagSelect={selectTag}
        onModelHover={onModelHover}
        onModelSelect={selectModel}
      />
      <TagList
        states={states}
        selected={selectedTags}
        onSelect={selectTag}
        onFocusTag={(index) => setHovered(index === undefined ? undefined : { kind: 'tag', index })}
      />
      <ViewerOverlay
        hovered={hovered}
        states={states}
        vars={vars}
        values={values}
        spritesRef={spritesRef}
        messages={[
          ...model.warnings,
          ...modelMessages(modelErrors),
          ...ruleErrors,
          ...(status.error ? [status.error] : []),
          ...(status.unbound ? [status.unbound] : []),
        ]}
        stats={options.showStats ? stats : undefined}
        live={time.live}
        at={time.at}
      />
    </div>
  );
}
