/**
 * How ZAF hands a `client.request` result back to the app: the SDK resolves with
 * `responseArgs[0]` of `zaf.request:<n>.done` and rejects with `responseArgs[0]` of `.fail`,
 * jQuery.ajax style: done -> [data, 'success', xhr], fail -> [xhr, 'error', statusText].
 * With `httpCompleteResponse: true` the first argument is `{status, headers, responseText,
 * responseJSON}` in both cases. Pure; no DOM.
 */

export interface ProxyEnvelope {
  status: number;
  statusText: string;
  headers: Record<string, string>;
  body: string;
}

export interface RequestShape {
  dataType?: string;
  httpCompleteResponse?: boolean;
}

export interface RequestOutcome {
  ok: boolean;
  responseArgs: unknown[];
}

export function requestOutcome(envelope: ProxyEnvelope, options: RequestShape): RequestOutcome {
  const ok = (envelope.status >= 200 && envelope.status < 300) || envelope.status === 304;
  const contentType = Object.entries(envelope.headers).find(([name]) => name.toLowerCase() === 'content-type')?.[1] ?? '';
  const wantsJson = options.dataType === 'json' || (options.dataType === undefined && /json/i.test(contentType));
  let json: unknown = undefined;
  let parseFailed = false;
  if (wantsJson || /json/i.test(contentType)) {
    try {
      json = envelope.body === '' ? null : JSON.parse(envelope.body);
    } catch {
      parseFailed = wantsJson;
    }
  }
  const xhr: Record<string, unknown> = {
    readyState: 4,
    status: envelope.status,
    statusText: envelope.statusText,
    responseText: envelope.body,
    headers: envelope.headers,
  };
  if (json !== undefined) xhr['responseJSON'] = json;
  if (options.httpCompleteResponse) {
    const complete: Record<string, unknown> = { status: envelope.status, headers: envelope.headers, responseText: envelope.body };
    if (json !== undefined) complete['responseJSON'] = json;
    return { ok: ok && !parseFailed, responseArgs: [complete] };
  }
  if (ok && !parseFailed) return { ok: true, responseArgs: [wantsJson ? json : envelope.body, 'success', xhr] };
  return { ok: false, responseArgs: [xhr, parseFailed ? 'parsererror' : 'error', envelope.statusText || 'error'] };
}
