import {
  ComponentTypeRequest,
  ComponentTypeResponse,
  ComponentTypeSummary,
  ListComponentTypesFilter,
} from '../api/component-types';
import { Page } from './workspaces';

/** Component types of a workspace, with inheritance resolved on every write. */
export interface ComponentTypeStore {
  create(
    workspaceId: string,
    componentTypeId: string,
    request: ComponentTypeRequest,
    tags?: Record<string, string>,
  ): Promise<ComponentTypeResponse>;
  /** undefined when the workspace has no such type */
  get(workspaceId: string, componentTypeId: string): Promise<ComponentTypeResponse | undefined>;
  /** filters combine with AND; `extendsFrom` matches direct children only, as TwinMaker does */
  list(
    workspaceId: string,
    filters: ListComponentTypesFilter[],
    maxResults: number,
    /** the cursor of the previous page (its last componentTypeId) */
    after?: string,
  ): Promise<Page<ComponentTypeSummary>>;
  /** replaces the definition; descendants and the components using them follow */
  update(workspaceId: string, componentTypeId: string, request: ComponentTypeRequest): Promise<ComponentTypeResponse>;
  /** refuses while entities use the type or other types extend it */
  delete(workspaceId: string, componentTypeId: string): Promise<void>;
}
