import { Page } from './workspaces';

/** Most tags a resource may carry (TwinMaker quota L-6A666826, not adjustable). */
export const MAX_TAGS_PER_RESOURCE = 50;

/**
 * Tags of workspaces, entities, component types and scenes, keyed by resource ARN. Each
 * method first checks that the ARN names an existing resource of this service
 * (ResourceNotFoundException otherwise); the caller has already checked the key's scope.
 */
export interface TagStore {
  /** adds or overwrites; TooManyTagsException when the resource would hold more than 50 */
  tag(resourceArn: string, tags: Record<string, string>): Promise<void>;
  /** removes the keys given; keys the resource does not carry are ignored */
  untag(resourceArn: string, tagKeys: string[]): Promise<void>;
  list(resourceArn: string, maxResults: number, after?: string): Promise<Page<[key: string, value: string]>>;
}
