import { configFrom } from '../config';
import { parseS3Url } from './s3-location';

test('a bucket with a prefix, an endpoint, a region and credentials', () => {
  expect(
    parseS3Url('s3://AKID:se%2Fcret@doppel-library/plant/a?endpoint=http://10.0.0.5:8600/doppel/s3/&region=eu-west-1'),
  ).toEqual({
    bucket: 'doppel-library',
    prefix: 'plant/a/',
    endpoint: 'http://10.0.0.5:8600/doppel/s3',
    region: 'eu-west-1',
    credentials: { accessKeyId: 'AKID', secretAccessKey: 'se/cret' },
    display: 's3://AKID:***@doppel-library/plant/a?endpoint=http://10.0.0.5:8600/doppel/s3/&region=eu-west-1',
  });
});

test('a bare bucket leaves endpoint, region and credentials to the AWS SDK', () => {
  expect(parseS3Url('s3://my-twins')).toEqual({ bucket: 'my-twins', prefix: '', display: 's3://my-twins' });
  expect(parseS3Url('s3://my-twins/').prefix).toBe('');
});

test.each([
  ['http://host/bucket', /the scheme must be s3:/],
  ['s3://', /is not a bucket name|not a URL/],
  ['s3://My_Bucket', /"My_Bucket" is not a bucket name/],
  ['s3://bucket/a//b', /the prefix "a\/\/b\/" has an empty segment/],
  ['s3://bucket?endpoint=localhost:9000', /endpoint must be an http/],
  ['s3://bucket?endpoit=http://x', /unknown parameter endpoit/],
  ['s3://AKID@bucket', /both the access key id and the secret/],
])('%s is refused, saying what to write', (text, why) => {
  expect(() => parseS3Url(text)).toThrow(why);
  expect(() => parseS3Url(text)).toThrow(/write s3:\/\/\[ACCESS_KEY:SECRET@\]BUCKET/);
});

test('a refused URL does not print its secret', () => {
  expect(() => parseS3Url('s3://AKID:topsecret@b?x=1')).toThrow(/s3:\/\/AKID:\*\*\*@b\?x=1/);
  expect(() => parseS3Url('s3://AKID:topsecret@b?x=1')).not.toThrow(/topsecret/);
});

test('DOPPEL_RESOURCES_S3_URL configures the library; a resources dir as well is refused', () => {
  expect(configFrom({}, { DOPPEL_RESOURCES_S3_URL: 's3://lib/x' }).resourcesS3).toMatchObject({
    bucket: 'lib',
    prefix: 'x/',
  });
  expect(configFrom({}, {}).resourcesS3).toBeUndefined();
  expect(() => configFrom({}, { DOPPEL_RESOURCES_S3_URL: 's3://lib', DOPPEL_RESOURCES_DIR: '/shared' })).toThrow(
    /either a directory .* or a bucket .*: give one/,
  );
  expect(() => configFrom({}, { DOPPEL_RESOURCES_S3_URL: 'lib' })).toThrow(/DOPPEL_RESOURCES_S3_URL lib: not a URL/);
});
