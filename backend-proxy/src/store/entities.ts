import {
  ComponentSummary,
  CreateEntityBody,
  EntityResponse,
  EntitySummary,
  ListEntitiesFilter,
  PropertySummary,
  UpdateEntityBody,
} from '../api/entities';
import { Page } from './workspaces';

export interface CreatedEntity {
  entityId: string;
  arn: string;
  creationDateTime: number;
}

/** Entities with their components and properties: the nodes of the knowledge graph. */
export interface EntityStore {
  create(workspaceId: string, input: CreateEntityBody): Promise<CreatedEntity>;
  /** undefined when the workspace has no such entity */
  get(workspaceId: string, entityId: string): Promise<EntityResponse | undefined>;
  /** at most one filter, as TwinMaker accepts */
  list(
    workspaceId: string,
    filters: ListEntitiesFilter[],
    maxResults: number,
    /** the cursor of the previous page */
    after?: number,
  ): Promise<Page<EntitySummary, number>>;
  update(workspaceId: string, entityId: string, input: UpdateEntityBody): Promise<{ updateDateTime: number }>;
  /** refuses an entity with children unless `isRecursive` */
  delete(workspaceId: string, entityId: string, isRecursive: boolean): Promise<void>;
  listComponents(
    workspaceId: string,
    entityId: string,
    maxResults: number,
    after?: string,
  ): Promise<Page<ComponentSummary>>;
  listProperties(
    workspaceId: string,
    entityId: string,
    componentName: string | undefined,
    maxResults: number,
    after?: string,
  ): Promise<Page<PropertySummary>>;
}
