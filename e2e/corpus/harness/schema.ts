/** The corpus data files' schema (see ../README.md), and loading them: a broken file fails loudly, naming the file and the field. */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

const statusSchema = z.union([z.number().int().min(100).max(499), z.array(z.number().int().min(100).max(499)).min(1)]);

export const requestSchema = z
  .object({
    method: z.string().regex(/^[A-Z]+$/).optional(),
    path: z.string().startsWith('/').optional(),
    /** Extra or replacement headers; null removes a default (Content-Type, invocation id). An array sends the header twice. */
    headers: z.record(z.string(), z.union([z.string(), z.array(z.string()), z.null()])).optional(),
    /** Exactly one body form, or none for an empty body. Strings get {{placeholders}}. */
    body: z.string().optional(),
    bodyJson: z.unknown().optional(),
    /** prefix + text x times + between + close x times + suffix (for huge or deeply nested bodies). */
    bodyRepeat: z
      .object({ prefix: z.string().default(''), text: z.string().min(1), times: z.number().int().min(1).max(2_000_000), between: z.string().default(''), close: z.string().default(''), suffix: z.string().default('') })
      .strict()
      .optional(),
    bodyBase64: z.string().optional(),
    /** "valid" signs the body; "none" omits the header; other keywords break it; any other string is sent as is. */
    signature: z.string().default('valid'),
    /** Sign this text instead of the body (a body changed after signing). */
    signOver: z.string().optional(),
    /** "now" | "stale" (10 min ago) | "future" (10 min ahead) | "malformed" | "none" | a literal header value. */
    timestamp: z.string().default('now'),
    /** X-Zendesk-Webhook-Invocation-Id; default a fresh UUID; null omits the header. */
    invocationId: z.string().nullable().optional(),
    /** Send the body chunked, without Content-Length. */
    chunked: z.boolean().optional(),
  })
  .strict()
  .refine((r) => [r.body, r.bodyJson, r.bodyRepeat, r.bodyBase64].filter((b) => b !== undefined).length <= 1, 'request: at most one of body, bodyJson, bodyRepeat, bodyBase64');

export const resultSchema = z.enum(['accepted', 'duplicate', 'stale', 'ignored', 'purged']);

export function statuses(status: number | number[]): number[] {
  return Array.isArray(status) ? status : [status];
}

const is2xx = (status: number | number[]): boolean => statuses(status).every((s) => s >= 200 && s < 300);

export const expectSchema = z
  .object({
    status: statusSchema,
    /** error.code of a 4xx. */
    code: z.string().optional(),
    /** error.message must contain this (e.g. the header or field it is about). */
    message: z.string().optional(),
    /** "status" of a 2xx. */
    result: resultSchema.optional(),
    /** The "reason" of an "ignored" answer contains this (the field Tierwise could not read). */
    reason: z.string().optional(),
    /** An "ignored" delivery that names the case's ticket: the worker must re-read and write that ticket. */
    reread: z.boolean().optional(),
    /** "none" (default): no Zendesk write at all; "ticket": the case's own ticket may be written. */
    writes: z.enum(['none', 'ticket']).default('none'),
  })
  .strict()
  .refine((e) => e.result === undefined || is2xx(e.status), 'expect.result only goes with a 2xx status')
  .refine((e) => (e.reason === undefined && e.reread === undefined) || (is2xx(e.status) && e.result === 'ignored'), 'expect.reason and expect.reread only go with result "ignored"')
  .refine((e) => e.reread !== true || e.writes === 'ticket', 'expect.reread needs writes: "ticket" (the re-read ticket gets its tier)')
  .refine((e) => e.code === undefined || statuses(e.status).every((s) => s >= 400), 'expect.code only goes with a 4xx status');

const stepSchema = z.object({ request: z.union([z.literal('replay'), requestSchema]), expect: expectSchema }).strict();

export const webhookCaseSchema = z
  .object({
    name: z.string().min(3),
    why: z.string().min(10),
    category: z.string().min(2),
    /** "fresh": create a ticket first ({{ticketId}} etc.); "none": only the canary ticket exists. */
    ticket: z.enum(['none', 'fresh']).default('none'),
    request: requestSchema,
    expect: expectSchema,
    /** Later requests of the same case (same ticket); "replay" resends the previous bytes exactly. */
    then: z.array(stepSchema).optional(),
  })
  .strict()
  .refine((c) => c.ticket === 'fresh' || ![c.expect, ...(c.then ?? []).map((s) => s.expect)].some((e) => e.writes === 'ticket'), 'writes: "ticket" needs ticket: "fresh"');

export const apiCaseSchema = z
  .object({
    name: z.string().min(3),
    why: z.string().min(10),
    category: z.string().min(2),
    request: z.object({ method: z.string().regex(/^[A-Z]+$/).default('GET'), path: z.string().startsWith('/'), headers: z.record(z.string(), z.string()).default({}) }).strict(),
    expect: z
      .object({
        status: statusSchema,
        code: z.string().optional(),
        message: z.string().optional(),
        /** Response headers: a value (exact, case-insensitive name) or null for "must be absent". */
        headers: z.record(z.string(), z.string().nullable()).optional(),
        /** 200 with {ticketId, audit: []} (AuditResponse, shared/audit.ts) */
        audit: z.boolean().optional(),
      })
      .strict(),
  })
  .strict();

export type RequestSpec = z.infer<typeof requestSchema>;
export type Expect = z.infer<typeof expectSchema>;
export type WebhookCase = z.infer<typeof webhookCaseSchema>;
export type ApiCase = z.infer<typeof apiCaseSchema>;

/** Every `*.json` of `dir` (relative to e2e/corpus), parsed and checked against `schema`. */
export function loadCases<T>(dir: string, schema: z.ZodType<T>): Array<{ file: string; data: T }> {
  const folder = path.join(import.meta.dirname, '..', dir);
  const files = readdirSync(folder).filter((f) => f.endsWith('.json')).sort();
  return files.map((file) => {
    let raw: unknown;
    try {
      raw = JSON.parse(readFileSync(path.join(folder, file), 'utf8'));
    } catch (error) {
      throw new Error(`${dir}/${file}: not valid JSON (${(error as Error).message})`);
    }
    const parsed = schema.safeParse(raw);
    if (!parsed.success) throw new Error(`${dir}/${file}: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ')}`);
    return { file, data: parsed.data };
  });
}
