/** `npm start` refuses bad configuration with a message naming the variable, and exit code 2. */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '..');
const tsx = path.join(root, 'node_modules', '.bin', 'tsx');

function start(env: Record<string, string>) {
  return spawnSync(tsx, ['sandbox/start.ts'], { cwd: root, env: { ...process.env, ...env }, encoding: 'utf8', timeout: 30_000 });
}

describe('npm start configuration', () => {
  it.each([
    ['WORKER_PORT', 'abc', 'WORKER_PORT must be a port number from 1 to 65535 (got "abc")'],
    ['SANDBOX_ZENDESK_PORT', '70000', 'SANDBOX_ZENDESK_PORT must be a port number from 1 to 65535 (got "70000")'],
    ['SANDBOX_PACE', 'fast', 'SANDBOX_PACE must be "demo" or "real" (got "fast")'],
    ['SANDBOX_HISTORY', 'yes', 'SANDBOX_HISTORY must be 1 (fill a past) or 0 (skip it) (got "yes")'],
    ['SANDBOX_HISTORY_TICKETS', '1e3', 'SANDBOX_HISTORY_TICKETS must be a whole number from 1 to 20000 (got "1e3")'],
  ])('%s=%s is refused', (name, value, message) => {
    const result = start({ [name]: value });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(message);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});
