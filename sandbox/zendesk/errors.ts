// Zendesk-shaped JSON error responses.
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

export class ApiError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly body: Record<string, unknown>,
    readonly headers: Record<string, string> = {},
  ) {
    super(typeof body.description === 'string' ? body.description : String(body.error));
  }
}

export const notFound = (): ApiError => new ApiError(404, { error: 'RecordNotFound', description: 'Not found' });

export const invalid = (details: Record<string, unknown>): ApiError =>
  new ApiError(422, { error: 'RecordInvalid', description: 'Record validation errors', details });

/** One validation message in Zendesk's details format: {field: [{description, error}]}. */
export function fieldError(field: string, description: string, error = 'InvalidValue'): ApiError {
  return invalid({ [field]: [{ description, error }] });
}

export const badRequest = (description: string): ApiError =>
  new ApiError(400, { error: 'InvalidJSON', description });

export function sendError(c: Context, err: ApiError): Response {
  for (const [k, v] of Object.entries(err.headers)) c.header(k, v);
  return c.json(err.body, err.status);
}
