import { ResourceInfo } from '../resources/resource-store';

const escape = (s: string) =>
  s.replace(/[<>&'"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c]!);

const el = (name: string, value: string | number | boolean) => `<${name}>${escape(String(value))}</${name}>`;
const NS = 'http://s3.amazonaws.com/doc/2006-03-01/';
const HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n';

/** S3's error document: `<Error><Code>NoSuchKey</Code><Message>…</Message>…</Error>`. */
export function errorXml(code: string, message: string, resource: string, requestId: string): string {
  return `${HEAD}<Error>${el('Code', code)}${el('Message', message)}${el('Resource', resource)}${el('RequestId', requestId)}</Error>`;
}

const iso = (seconds: number) => new Date(Math.floor(seconds * 1000)).toISOString();

export function listBucketsXml(buckets: { name: string; created: number }[], ownerId: string): string {
  const items = buckets.map((b) => `<Bucket>${el('Name', b.name)}${el('CreationDate', iso(b.created))}</Bucket>`);
  return `${HEAD}<ListAllMyBucketsResult xmlns="${NS}"><Owner>${el('ID', ownerId)}${el('DisplayName', ownerId)}</Owner><Buckets>${items.join('')}</Buckets></ListAllMyBucketsResult>`;
}

export interface ListObjectsV2 {
  bucket: string;
  prefix: string;
  delimiter?: string;
  maxKeys: number;
  startAfter?: string;
  continuationToken?: string;
  nextContinuationToken?: string;
  resources: ResourceInfo[];
  commonPrefixes: string[];
}

export function listObjectsV2Xml(l: ListObjectsV2): string {
  const contents = l.resources.map(
    (r) =>
      `<Contents>${el('Key', r.path)}${el('LastModified', iso(r.lastModified))}${el('ETag', r.etag)}${el('Size', r.size)}${el('StorageClass', 'STANDARD')}</Contents>`,
  );
  const prefixes = l.commonPrefixes.map((p) => `<CommonPrefixes>${el('Prefix', p)}</CommonPrefixes>`);
  return (
    `${HEAD}<ListBucketResult xmlns="${NS}">${el('Name', l.bucket)}${el('Prefix', l.prefix)}` +
    (l.delimiter ? el('Delimiter', l.delimiter) : '') +
    el('MaxKeys', l.maxKeys) +
    el('KeyCount', l.resources.length + l.commonPrefixes.length) +
    el('IsTruncated', l.nextContinuationToken !== undefined) +
    (l.continuationToken ? el('ContinuationToken', l.continuationToken) : '') +
    (l.nextContinuationToken ? el('NextContinuationToken', l.nextContinuationToken) : '') +
    (l.startAfter ? el('StartAfter', l.startAfter) : '') +
    contents.join('') +
    prefixes.join('') +
    '</ListBucketResult>'
  );
}
