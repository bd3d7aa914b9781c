/**
 * The outage scenario (sandbox/faults/outage.ts), short: the real worker SIGKILLed for two
 * simulated hours while 30 tickets are filed, changed, solved and deleted and every webhook of
 * that time is lost; then its cron sweep alone, through Zendesk's incremental export, must leave
 * every live ticket right and nothing of the deleted ones.
 */
import { describe, expect, it } from 'vitest';
import { formatReport } from '../../sandbox/faults/fault-run.ts';
import { runOutageRun } from '../../sandbox/faults/outage.ts';

describe('outage run (short)', () => {
  it('recovers every ticket changed during a two-hour outage and leaves nothing of the deleted ones', async () => {
    const report = await runOutageRun({ tickets: 30, settleTimeoutMs: 60_000, log: () => undefined });
    console.log(formatReport(report));
    expect(report.deleted).toBeGreaterThan(0);
    expect(report.leftovers).toEqual([]);
    expect(report.verdicts.filter((v) => v.problems.length > 0)).toEqual([]);
    expect(report.duplicatedSteps).toBe(0);
    expect(report.lost).toBe(0);
  }, 240_000);
});
