import { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { isMissingReference } from '../store/missing-reference';
import {
  bodyEmpty,
  bodyNotJson,
  bodyRequired,
  bodyTooLarge,
  changedMeanwhile,
  ERROR_CODE_HEADER,
  internalError,
  isTwinMakerError,
  requestInvalid,
  TwinMakerError,
} from '../errors';

/**
 * Writes an error in TwinMaker's wire shape (status, `x-amzn-ErrorType`, `{"message": …}`)
 * plus its stable code in `x-doppel-error-code`.
 */
export function sendError(reply: FastifyReply, error: TwinMakerError): FastifyReply {
  return reply
    .code(error.statusCode)
    .header('x-amzn-ErrorType', error.type)
    .header(ERROR_CODE_HEADER, error.code)
    .header('content-type', 'application/json')
    .send(JSON.stringify({ message: error.message }));
}

interface AjvIssue {
  instancePath?: string;
  message?: string;
  params?: Record<string, unknown>;
  keyword?: string;
}

/** "Value at 'entries.0.entityPropertyReference.propertyName' failed to satisfy constraint: …" */
export function describeValidation(issues: AjvIssue[], context: string | undefined): string {
  const issue = issues[0] ?? {};
  const base = (issue.instancePath ?? '').replace(/^\//, '').split('/').filter(Boolean).join('.');
  const missing = issue.keyword === 'required' ? String(issue.params?.missingProperty ?? '') : '';
  const where = [context === 'body' ? '' : context, base, missing].filter(Boolean).join('.') || 'request';
  const rule = missing ? 'Member must not be null' : constraintText(issue);
  return `${issues.length} validation error${issues.length > 1 ? 's' : ''} detected: Value at '${where}' failed to satisfy constraint: ${rule}`;
}

function constraintText(issue: AjvIssue): string {
  const p = issue.params ?? {};
  switch (issue.keyword) {
    case 'pattern':
      return `Member must satisfy regular expression pattern: ${String(p.pattern)}`;
    case 'maxLength':
      return `Member must have length less than or equal to ${String(p.limit)}`;
    case 'minLength':
      return `Member must have length greater than or equal to ${String(p.limit)}`;
    case 'maximum':
      return `Member must have value less than or equal to ${String(p.limit)}`;
    case 'minimum':
      return `Member must have value greater than or equal to ${String(p.limit)}`;
    case 'maxItems':
    case 'maxProperties':
      return `Member must have at most ${String(p.limit)} elements`;
    case 'minItems':
    case 'minProperties':
      return `Member must have at least ${String(p.limit)} elements`;
    case 'type':
      return `Member must be of type ${String(p.type)}`;
    case 'anyOf':
    case 'const':
    case 'enum':
      return 'Member must satisfy enum value set';
    default:
      return `Member ${issue.message ?? 'is not valid'}`;
  }
}

/** The one place where any error becomes a wire response; nothing leaks as a bare 500. */
export function errorHandler(
  error: FastifyError | TwinMakerError | Error,
  request: FastifyRequest,
  reply: FastifyReply,
) {
  if (isTwinMakerError(error)) return sendError(reply, error);
  const fe = error as FastifyError & { validation?: AjvIssue[]; validationContext?: string };
  // a body-less POST/PUT fails its body schema at the top ("Value at 'request' …"), which does
  // not tell the caller what is wrong: the body is simply missing
  if (fe.validation && fe.validationContext === 'body' && (request.rawBody ?? '').trim() === '') {
    return sendError(reply, bodyRequired());
  }
  if (fe.validation) return sendError(reply, requestInvalid(describeValidation(fe.validation, fe.validationContext)));
  switch (fe.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return sendError(reply, bodyTooLarge(request.routeOptions.bodyLimit ?? 'configured'));
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return sendError(reply, bodyEmpty());
  }
  if (error instanceof SyntaxError || fe.code === 'FST_ERR_CTP_INVALID_JSON_BODY') {
    return sendError(reply, bodyNotJson(error.message));
  }
  if (typeof fe.statusCode === 'number' && fe.statusCode >= 400 && fe.statusCode < 500) {
    return sendError(reply, requestInvalid(error.message));
  }
  if (isMissingReference(error)) {
    request.log.info({ err: error }, 'a write raced a delete of what it refers to');
    return sendError(reply, changedMeanwhile());
  }
  request.log.error({ err: error }, 'unhandled error');
  return sendError(reply, internalError());
}
