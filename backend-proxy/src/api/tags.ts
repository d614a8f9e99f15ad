// Wire schemas (TypeBox) of TagResource, UntagResource and ListTagsForResource: the request and
// response shapes on the wire, which validate requests, type the route handlers and feed
// /openapi.json.
import { Type } from '@sinclair/typebox';
import { MaxResults, NextToken, TagKey, Tags, TwinMakerArn } from './common';

/** TagResource / UntagResource / ListTagsForResource: the resource is named by ARN, not by path. */
export const TagResourceBody = Type.Object({ resourceARN: TwinMakerArn, tags: Tags });

/** `DELETE /tags?resourceARN=…&tagKeys=a&tagKeys=b`: one tagKeys is a string, several an array. */
export const UntagResourceQuery = Type.Object({
  resourceARN: TwinMakerArn,
  // required in the model, but the SDK leaves an empty list out of the query string
  tagKeys: Type.Optional(Type.Union([TagKey, Type.Array(TagKey, { maxItems: 50 })])),
});

export const ListTagsForResourceBody = Type.Object({
  resourceARN: TwinMakerArn,
  maxResults: Type.Optional(MaxResults),
  nextToken: Type.Optional(NextToken),
});
export const ListTagsForResourceResponse = Type.Object({
  tags: Type.Record(Type.String(), Type.String()),
  nextToken: Type.Optional(Type.String()),
});

export const EmptyResponse = Type.Object({});
