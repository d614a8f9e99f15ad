/** Where DOPPEL_RESOURCES_S3_URL puts the resource library. */
export interface S3Location {
  bucket: string;
  /** key prefix every library key goes under: '' or ending with '/' */
  prefix: string;
  /** an S3-compatible endpoint (MinIO, another Doppel's /doppel/s3); absent for AWS S3 */
  endpoint?: string;
  region?: string;
  /** from the URL; absent: the AWS SDK's own chain (AWS_ACCESS_KEY_ID…, AWS_PROFILE, roles) */
  credentials?: { accessKeyId: string; secretAccessKey: string };
  /** the URL with its secret masked, for messages and logs */
  display: string;
}

const FORM = 's3://[ACCESS_KEY:SECRET@]BUCKET[/PREFIX][?endpoint=http://host:port&region=REGION]';
const PARAMETERS = ['endpoint', 'region'];

/**
 * Reads `s3://[KEY:SECRET@]BUCKET[/PREFIX][?endpoint=URL&region=R]`. An endpoint selects
 * path-style addressing, which S3-compatible servers expect; credentials in the URL win over
 * the AWS environment (handy for a second service, but they show in process lists: prefer
 * the AWS_* variables where you can).
 */
export function parseS3Url(text: string): S3Location {
  const fail = (why: string): never => {
    throw new Error(`DOPPEL_RESOURCES_S3_URL ${mask(text)}: ${why}; write ${FORM}`);
  };
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return fail('not a URL');
  }
  if (url.protocol !== 's3:') fail(`the scheme must be s3:, not ${url.protocol}`);
  const bucket = url.hostname;
  if (!/^[a-z0-9][a-z0-9._-]{1,61}[a-z0-9]$/.test(bucket))
    fail(`"${bucket}" is not a bucket name (3 to 63 lower-case letters, digits, dots, hyphens and underscores)`);
  let prefix = decodeURIComponent(url.pathname.replace(/^\/+/, ''));
  if (prefix && !prefix.endsWith('/')) prefix += '/';
  // (the URL parser has already resolved any "." and ".." segments)
  if (prefix.split('/').slice(0, -1).includes('')) fail(`the prefix "${prefix}" has an empty segment`);
  for (const key of url.searchParams.keys())
    if (!PARAMETERS.includes(key)) fail(`unknown parameter ${key} (known: ${PARAMETERS.join(', ')})`);
  const endpoint = url.searchParams.get('endpoint') ?? undefined;
  if (endpoint !== undefined && !/^https?:\/\/[^/]/.test(endpoint))
    fail(`endpoint must be an http:// or https:// URL, got "${endpoint}"`);
  const region = url.searchParams.get('region') ?? undefined;
  if (url.username || url.password) {
    if (!url.username || !url.password) fail('give both the access key id and the secret (KEY:SECRET@) or neither');
  }
  return {
    bucket,
    prefix,
    ...(endpoint && { endpoint: endpoint.replace(/\/+$/, '') }),
    ...(region && { region }),
    ...(url.username && {
      credentials: {
        accessKeyId: decodeURIComponent(url.username),
        secretAccessKey: decodeURIComponent(url.password),
      },
    }),
    display: mask(text),
  };
}

/** The URL with the secret of its user info replaced, so it can be printed. */
function mask(text: string): string {
  return text.replace(/^(s3:\/\/[^:/@]*:)[^@/]*@/i, '$1***@');
}
