/**
 * The worker's own JavaScript time, from V8's sampling CPU profiler through wrangler's DevTools
 * inspector (Chrome DevTools Protocol: Profiler.start / Profiler.stop). /proc gives the CPU of
 * the whole workerd process (SQLite for every object, HTTP, the runtime's own threads); this
 * gives what the worker's isolate spent running JavaScript and collecting its garbage, the part
 * of the event path that is the worker's code and what Cloudflare's CPU limit applies to.
 */

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string };
}

interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

export interface JsProfileFigures {
  /** Wall time the profile covered (ms). */
  wallMs: number;
  /** Sampled time in the worker's JavaScript frames (ms). */
  javascriptMs: number;
  garbageCollectorMs: number;
  /** Samples outside JavaScript while the isolate was entered (native runtime work). */
  programMs: number;
  idleMs: number;
  /** Self time by function, the ten largest: `name (file)` -> ms. */
  top: Array<{ function: string; ms: number }>;
}

/** The inspector's WebSocket URL for the worker (wrangler lists one target per worker). */
async function debuggerUrl(inspectorPort: number): Promise<string> {
  const targets = (await (await fetch(`http://127.0.0.1:${inspectorPort}/json`)).json()) as Array<{ webSocketDebuggerUrl?: string }>;
  const url = targets.find((t) => t.webSocketDebuggerUrl)?.webSocketDebuggerUrl;
  if (!url) throw new Error(`no inspector target on port ${inspectorPort}`);
  return url;
}

/** Start profiling the worker's isolate; `stop()` ends it and sums the samples. */
export async function startJsProfile(inspectorPort: number, samplingIntervalUs = 200): Promise<{ stop(): Promise<JsProfileFigures> }> {
  const socket = new WebSocket(await debuggerUrl(inspectorPort));
  await new Promise<void>((resolve, reject) => {
    socket.addEventListener('open', () => resolve(), { once: true });
    socket.addEventListener('error', () => reject(new Error('inspector connection failed')), { once: true });
  });
  let nextId = 0;
  const pending = new Map<number, { resolve: (result: unknown) => void; reject: (error: Error) => void }>();
  socket.addEventListener('message', (message: MessageEvent) => {
    const data = JSON.parse(String(message.data)) as { id?: number; result?: unknown; error?: { message: string } };
    if (data.id === undefined) return;
    const waiter = pending.get(data.id);
    pending.delete(data.id);
    if (data.error) waiter?.reject(new Error(data.error.message));
    else waiter?.resolve(data.result);
  });
  const send = <T>(method: string, params: Record<string, unknown> = {}): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const id = ++nextId;
      pending.set(id, { resolve: resolve as (result: unknown) => void, reject });
      socket.send(JSON.stringify({ id, method, params }));
    });
  await send('Profiler.enable');
  await send('Profiler.setSamplingInterval', { interval: samplingIntervalUs });
  await send('Profiler.start');
  return {
    async stop() {
      const { profile } = await send<{ profile: CpuProfile }>('Profiler.stop');
      socket.close();
      return sumProfile(profile);
    },
  };
}

/** Self time per node: each sample holds until the next one (the last sample's delta is unknown and left out). */
export function sumProfile(profile: CpuProfile): JsProfileFigures {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  for (let i = 0; i < profile.samples.length - 1; i++) {
    const id = profile.samples[i]!;
    self.set(id, (self.get(id) ?? 0) + profile.timeDeltas[i + 1]! / 1000);
  }
  const figures: JsProfileFigures = { wallMs: (profile.endTime - profile.startTime) / 1000, javascriptMs: 0, garbageCollectorMs: 0, programMs: 0, idleMs: 0, top: [] };
  const byFunction = new Map<string, number>();
  for (const [id, ms] of self) {
    const { functionName, url } = byId.get(id)!.callFrame;
    if (functionName === '(idle)') figures.idleMs += ms;
    else if (functionName === '(program)' || functionName === '(root)') figures.programMs += ms;
    else if (functionName === '(garbage collector)') figures.garbageCollectorMs += ms;
    else {
      figures.javascriptMs += ms;
      const key = `${functionName || '(anonymous)'} (${url.split('/').pop() || 'runtime'})`;
      byFunction.set(key, (byFunction.get(key) ?? 0) + ms);
    }
  }
  figures.top = [...byFunction].sort((a, b) => b[1] - a[1]).slice(0, 10).map(([fn, ms]) => ({ function: fn, ms }));
  return figures;
}
