/**
 * `tsx sandbox/faults/run.ts [--long] [--tickets N] [--seed N] [--budget N]`
 * The fault-injection run (see fault-run.ts). Exits 1 when a ticket is lost or a step duplicated.
 * `--scenario outage [--tickets N]`: the worker down for two simulated hours (outage.ts; 300 tickets by default).
 */
import { formatReport, runFaultRun, type FaultRunReport } from './fault-run.ts';
import { runOutageRun } from './outage.ts';
import path from 'node:path';
import { REPO_ROOT } from '../lib/dev-vars.ts';
import { parseArgs } from './stack.ts';

// Ctrl-C / SIGTERM: exit through 'exit', whose handler (stack.ts) SIGKILLs the worker's process group.
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => process.exit(130));

const args = parseArgs(process.argv.slice(2));
const long = args.get('long') === true;
const num = (name: string, fallback: number): number => {
  const raw = args.get(name);
  return typeof raw === 'string' && Number.isInteger(Number(raw)) && Number(raw) > 0 ? Number(raw) : fallback;
};
const scenario = args.get('scenario');
if (scenario !== undefined && scenario !== 'outage') {
  console.error(`--scenario: unknown scenario ${String(scenario)} (known: outage)`);
  process.exit(2);
}
const report: FaultRunReport = scenario === 'outage'
  ? await runOutageRun({ tickets: num('tickets', 300), seed: num('seed', 20261129), settleTimeoutMs: 300_000, workerLogDir: path.join(REPO_ROOT, 'bench-results', 'faults-outage') })
  : await runFaultRun({
    tickets: num('tickets', long ? 600 : 60),
    long,
    seed: num('seed', 20261128),
    workerBudgetPerMinute: num('budget', 400),
    settleTimeoutMs: long ? 600_000 : 90_000,
    workerLogDir: path.join(REPO_ROOT, 'bench-results', long ? 'faults-long' : 'faults-short'),
  });
console.log(formatReport(report, true));
const failed = report.lost > 0 || report.duplicatedSteps > 0;
console.log(failed ? 'FAILED: tickets lost or steps duplicated' : 'OK: nothing lost, every step once');
process.exit(failed ? 1 : 0);
