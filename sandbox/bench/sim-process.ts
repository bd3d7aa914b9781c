/**
 * The Zendesk simulator in a process of its own, so the benchmark can read its memory apart from
 * the load generator's. Options come as JSON in BENCH_SIM_OPTIONS; it prints one line
 * `READY {"url":...,"ids":...}` and runs until SIGTERM/SIGINT.
 */
import { startZendeskSimulator, type SimulatorOptions } from '../zendesk/server.ts';

const options = JSON.parse(process.env.BENCH_SIM_OPTIONS ?? '{}') as SimulatorOptions;
const sim = await startZendeskSimulator({ ...options, port: options.port ?? 0 });
process.stdout.write(`READY ${JSON.stringify({ url: sim.url, ids: sim.ids })}\n`);

let closing = false;
const stop = (): void => {
  if (closing) return;
  closing = true;
  void sim.close().finally(() => process.exit(0));
  setTimeout(() => process.exit(0), 3_000).unref();
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
// The parent's end is ours too: exit when stdin closes (the parent died).
process.stdin.on('end', stop);
process.stdin.resume();
