/**
 * TwinMaker's error types with their HTTP status. Every error the service answers with is a
 * TwinMakerError: the name goes into `x-amzn-ErrorType`, the message into `{"message": …}`,
 * which is what `@aws-sdk/client-iottwinmaker` parses into typed exceptions.
 */
export const ErrorTypes = {
  ValidationException: 400,
  QueryTimeoutException: 400,
  TooManyTagsException: 400,
  UnauthorizedException: 401,
  UnrecognizedClientException: 403,
  InvalidSignatureException: 403,
  ServiceQuotaExceededException: 402,
  AccessDeniedException: 403,
  ResourceNotFoundException: 404,
  ConflictException: 409,
  ConnectorFailureException: 424,
  ConnectorTimeoutException: 424,
  ThrottlingException: 429,
  InternalServerException: 500,
} as const;

export type ErrorType = keyof typeof ErrorTypes;

export class TwinMakerError extends Error {
  readonly statusCode: number;
  constructor(
    readonly type: ErrorType,
    message: string,
  ) {
    super(message);
    this.name = type;
    this.statusCode = ErrorTypes[type];
  }
}

export const validation = (message: string) => new TwinMakerError('ValidationException', message);
export const notFound = (message: string) => new TwinMakerError('ResourceNotFoundException', message);
export const conflict = (message: string) => new TwinMakerError('ConflictException', message);
export const accessDenied = (message: string) => new TwinMakerError('AccessDeniedException', message);
export const quotaExceeded = (message: string) => new TwinMakerError('ServiceQuotaExceededException', message);

export function isTwinMakerError(e: unknown): e is TwinMakerError {
  return e instanceof TwinMakerError;
}
