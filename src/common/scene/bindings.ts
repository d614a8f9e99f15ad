// Data bindings of a scene: `${sel_entity}`-style templates resolved against the selection
// variables, and the set of property references a scene needs, so the panel asks the service
// for all of them in one request (and one stream), never one per tag.
import type { DataBindingContext, SceneModel, ValueDataBinding } from './types';

export interface PropertyRef {
  entityId: string;
  componentName: string;
  propertyName: string;
}

/** A stable map key of a property reference. */
export const refKey = (r: PropertyRef) => `${r.entityId}\u0000${r.componentName}\u0000${r.propertyName}`;

/** `${name}` and `$name` replaced from vars; unknown names are left as written. */
export function resolveTemplate(text: string, vars: Record<string, string>): string {
  return text.replace(/\$\{(\w+)\}|\$(\w+)/g, (whole, braced: string | undefined, bare: string | undefined) => {
    const value = vars[(braced ?? bare)!];
    return value === undefined ? whole : value;
  });
}

/** The binding context with its templates resolved; undefined when it binds nothing. */
export function resolveBinding(
  binding: ValueDataBinding | undefined,
  vars: Record<string, string>,
): DataBindingContext | undefined {
  const ctx = binding?.dataBindingContext;
  if (!ctx) return undefined;
  const entityId = resolveTemplate(ctx.entityId, vars);
  if (!entityId || /\$\{?\w+\}?/.test(entityId)) return undefined; // an unset variable binds nothing
  return {
    entityId,
    componentName: ctx.componentName === undefined ? undefined : resolveTemplate(ctx.componentName, vars),
    propertyName: ctx.propertyName === undefined ? undefined : resolveTemplate(ctx.propertyName, vars),
  };
}

/** The property a binding reads, when it names entity, component and property. */
export function propertyRefOf(binding: ValueDataBinding | undefined, vars: Record<string, string>) {
  const ctx = resolveBinding(binding, vars);
  if (!ctx?.componentName || !ctx.propertyName) return undefined;
  return { entityId: ctx.entityId, componentName: ctx.componentName, propertyName: ctx.propertyName };
}

/**
 * The template values bindings see: the scene's `dataBindingConfig.template` defaults, with
 * `sel_entity`/`sel_comp` taken from the dashboard's selection variables when those are set.
 */
export function bindingVariables(
  model: SceneModel,
  selection: { entityId?: string; componentName?: string },
): Record<string, string> {
  const vars = { ...model.settings.bindingTemplate };
  if (selection.entityId) vars.sel_entity = selection.entityId;
  if (selection.componentName) vars.sel_comp = selection.componentName;
  return vars;
}

/** Every distinct property the scene's tags, shaders, motion indicators and overlays read. */
export function collectPropertyRefs(model: SceneModel, vars: Record<string, string>): PropertyRef[] {
  const found = new Map<string, PropertyRef>();
  const add = (binding: ValueDataBinding | undefined) => {
    const ref = propertyRefOf(binding, vars);
    if (ref) found.set(refKey(ref), ref);
  };
  for (const node of model.nodes)
    for (const c of node.components) {
      if (c.type === 'Tag' || c.type === 'ModelShader') add(c.valueDataBinding);
      else if (c.type === 'MotionIndicator') {
        const b = c.valueDataBindings;
        add(b.speed?.valueDataBinding);
        add(b.foregroundColor?.valueDataBinding);
        add(b.backgroundColor?.valueDataBinding);
      } else if (c.type === 'DataOverlay') c.valueDataBindings.forEach((b) => add(b.valueDataBinding));
    }
  return [...found.values()];
}
