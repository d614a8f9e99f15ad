import { isTwinMakerError } from '../errors';

/** An S3 error code with its status, e.g. NoSuchKey 404. */
export class S3Error extends Error {
  constructor(
    readonly code: string,
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/**
 * The S3 error an error of the rest of the service becomes: the library and authentication
 * throw TwinMaker errors, which S3 clients would not understand.
 */
export function toS3Error(error: unknown): S3Error | undefined {
  if (error instanceof S3Error) return error;
  if (!isTwinMakerError(error)) return undefined;
  const m = error.message;
  switch (error.type) {
    case 'InvalidSignatureException':
      if (/expired|15 minutes/.test(m)) return new S3Error('RequestTimeTooSkewed', 403, m);
      if (/x-amz-content-sha256/.test(m)) return new S3Error('XAmzContentSHA256Mismatch', 400, m);
      return new S3Error('SignatureDoesNotMatch', 403, m);
    case 'UnrecognizedClientException':
      return new S3Error('InvalidAccessKeyId', 403, m);
    case 'UnauthorizedException':
    case 'AccessDeniedException':
      return new S3Error('AccessDenied', 403, m);
    case 'ResourceNotFoundException':
      return new S3Error('NoSuchKey', 404, m);
    case 'RequestTooLargeException':
      return new S3Error('EntityTooLarge', 400, m);
    case 'RangeNotSatisfiableException':
      return new S3Error('InvalidRange', 416, m);
    case 'ConflictException':
      return new S3Error('InvalidArgument', 409, m);
    default:
      return new S3Error('InvalidArgument', error.statusCode >= 500 ? 500 : 400, m);
  }
}
