/** TwinMaker ARNs: arn:aws:iottwinmaker:<region>:<account>:workspace/<ws>[/<kind>/<id>] */
export interface ArnContext {
  region: string;
  accountId: string;
}

export type ResourceKind = 'entity' | 'component-type' | 'scene';

export function workspaceArn(ctx: ArnContext, workspaceId: string): string {
  return `arn:aws:iottwinmaker:${ctx.region}:${ctx.accountId}:workspace/${workspaceId}`;
}

export function resourceArn(ctx: ArnContext, workspaceId: string, kind: ResourceKind, id: string): string {
  return `${workspaceArn(ctx, workspaceId)}/${kind}/${id}`;
}

export interface ParsedArn {
  workspaceId: string;
  kind: 'workspace' | ResourceKind;
  id: string;
}

/** Parses any TwinMaker resource ARN (any region/account); undefined when it is not one. */
export function parseArn(arn: string): ParsedArn | undefined {
  const m =
    /^arn:aws[a-z-]*:iottwinmaker:[a-z0-9-]*:[0-9]*:workspace\/([^/]+)(?:\/(entity|component-type|scene)\/(.+))?$/.exec(
      arn,
    );
  if (!m) return undefined;
  const workspaceId = m[1]!;
  if (!m[2]) return { workspaceId, kind: 'workspace', id: workspaceId };
  return { workspaceId, kind: m[2] as ResourceKind, id: m[3]! };
}
