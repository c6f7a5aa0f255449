import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { Request, Response } from 'express';

import { DomainError, ErrorCode, httpStatusForErrorCode } from '@drs/domain';

import { ApiErrorCode, ErrorBody } from './error-body';
import type { ErrorLocals } from './request-context';

/**
 * An error that express's body parser raised (http-errors): it carries its own status, usually a
 * `type` such as `entity.too.large` (not for a body that fails to decompress), and its message is
 * safe to show because `expose` is true.
 */
interface BodyParserError {
  status: number;
  type?: string;
  message: string;
  expose: boolean;
}

function isBodyParserError(error: unknown): error is BodyParserError {
  const candidate = error as Partial<BodyParserError> | null;

  return (
    typeof candidate === 'object' &&
    candidate !== null &&
    typeof candidate.status === 'number' &&
    candidate.expose === true
  );
}

function codeForClientStatus(status: number): ApiErrorCode {
  switch (status) {
    case HttpStatus.NOT_FOUND:
      return ErrorCode.NotFound;
    case HttpStatus.UNAUTHORIZED:
      return ErrorCode.Unauthenticated;
    case HttpStatus.FORBIDDEN:
      return ErrorCode.Forbidden;
    case HttpStatus.TOO_MANY_REQUESTS:
      return ErrorCode.RateLimited;
    case HttpStatus.PAYLOAD_TOO_LARGE:
      return ErrorCode.PayloadTooLarge;
    case HttpStatus.SERVICE_UNAVAILABLE:
      return ErrorCode.ServiceUnavailable;
    default:
      // Malformed JSON, a bad charset or encoding: the request could not be read as valid input.
      return ErrorCode.ValidationFailed;
  }
}

/** Message and details of an HttpException, whether it was built from a string or an object. */
function readHttpException(exception: HttpException): { message: string; details: Record<string, unknown> } {
  const response = exception.getResponse();
  if (typeof response === 'string') {
    return { message: response, details: {} };
  }
  const body = response as { message?: unknown; details?: unknown };
  const message = Array.isArray(body.message)
    ? body.message.join('; ')
    : String(body.message ?? exception.message);
  const details =
    typeof body.details === 'object' && body.details !== null
      ? (body.details as Record<string, unknown>)
      : {};

  return { message, details };
}

/** Returns the path without its query string, which may contain anything a caller typed, secrets included. */
function pathOf(request: Request): string {
  return request.originalUrl.split('?')[0];
}

/**
 * The one error boundary of the API: every failure leaves as `{statusCode, code, message, details}`.
 * An unexpected error becomes a 500 with an `errorId`, which the log line with its stack also shows.
 * The client never sees the stack or the SQL.
 */
@Catch()
export class HttpExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger(HttpExceptionFilter.name);

  catch(exception: unknown, host: ArgumentsHost): void {
    const context = host.switchToHttp();
    const request = context.getRequest<Request>();
    const response = context.getResponse<Response>();
    const body = this.toErrorBody(exception, request);
    if (body.code !== ErrorCode.Internal) {
      this.logger.debug(
        `${request.method} ${pathOf(request)} returned ${body.statusCode} ${body.code}: ${body.message}`,
      );
    }
    const locals = response.locals as ErrorLocals;
    locals.errorCode = body.code;
    locals.errorMessage = body.message;

    response.status(body.statusCode).json(body);
  }

  private toErrorBody(exception: unknown, request: Request): ErrorBody {
    if (exception instanceof DomainError) {
      return {
        statusCode: httpStatusForErrorCode(exception.code),
        code: exception.code,
        message: exception.message,
        details: exception.details,
      };
    }

    // A 503 is raised on purpose (the health check) and names what is down; other 5xx are internal.
    if (
      exception instanceof HttpException &&
      (exception.getStatus() < 500 || exception.getStatus() === 503)
    ) {
      const { message, details } = readHttpException(exception);
      const statusCode = exception.getStatus();
      // Nest turns the body parser's SyntaxError into a plain BadRequestException with the parser's text.
      const readableMessage =
        statusCode === HttpStatus.BAD_REQUEST && /JSON/.test(message)
          ? `Request body is not a valid JSON object: ${message}`
          : message;

      return { statusCode, code: codeForClientStatus(statusCode), message: readableMessage, details };
    }

    if (isBodyParserError(exception) && exception.status < 500) {
      return {
        statusCode: exception.status,
        code: codeForClientStatus(exception.status),
        message: `Request body rejected: ${exception.message}`,
        details: { reason: exception.type ?? 'body.unreadable' },
      };
    }

    return this.internalError(exception, request);
  }

  private internalError(exception: unknown, request: Request): ErrorBody {
    const errorId = randomUUID();
    const description = exception instanceof Error ? exception.message : String(exception);
    const stack = exception instanceof Error ? exception.stack : undefined;
    this.logger.error(`${request.method} ${pathOf(request)} failed, error ${errorId}: ${description}`, stack);

    return {
      statusCode: HttpStatus.INTERNAL_SERVER_ERROR,
      code: ErrorCode.Internal,
      message: `Internal error ${errorId}; the server log has its cause under this id`,
      details: { errorId },
    };
  }
}
