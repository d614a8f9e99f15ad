import type { QueryPlan } from '../graph-query/planner';

/** An entity as a NODE column shows it (TwinMaker's ExecuteQuery node JSON). */
export interface GraphNode {
  arn: string;
  entityId: string;
  entityName: string;
  workspaceId: string;
  description: string;
  /** epoch milliseconds */
  creationDate: number;
  lastUpdateDate: number;
  components: {
    componentName: string;
    componentTypeId: string;
    properties: { propertyName: string; propertyValue: unknown }[];
  }[];
}

/** An edge as an EDGE column shows it; isChildOf edges have no source component. */
export interface GraphEdge {
  relationshipName: string;
  sourceEntityId: string;
  targetEntityId: string;
  sourceComponentName?: string;
  sourceComponentTypeId?: string;
}

export interface GraphComponent {
  componentName: string;
  componentTypeId: string;
}

export interface GraphProperty {
  propertyName: string;
  propertyValue?: unknown;
}

export interface GraphPage {
  /** raw result columns, in the plan's column order */
  rows: unknown[][];
  nextToken?: string;
}

export interface GraphPageRequest {
  maxResults: number;
  nextToken?: string;
  /** what the nextToken is bound to (workspace + query text) */
  scope: string;
  timeoutMs: number;
}

/**
 * Runs knowledge-graph query plans against the store's tables and reads back what their key
 * columns point at. A query that runs past its deadline fails with QueryTimeoutException
 * without holding up other requests.
 */
export interface GraphStore {
  execute(workspaceId: string, plan: QueryPlan, page: GraphPageRequest): Promise<GraphPage>;
  nodes(workspaceId: string, keys: number[]): Promise<Map<number, GraphNode>>;
  edges(workspaceId: string, keys: number[]): Promise<Map<number, GraphEdge>>;
  components(workspaceId: string, keys: number[]): Promise<Map<number, GraphComponent>>;
  properties(workspaceId: string, keys: number[]): Promise<Map<number, GraphProperty>>;
  close(): Promise<void>;
}
