/**
 * `npm run alerts:test -- --destination NAME` against the local chat sink: a test message that
 * each platform accepts (signed where it signs), a refusal read the platform's way, and precise
 * errors for a wrong destination, a bad URL and bad flags, never printing a URL or a secret.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PLATFORMS } from '../../shared/alerts/destinations.ts';
import { SANDBOX_DESTINATION_NAMES, sinkDestinations } from '../../sandbox/chat/robots.ts';
import { startChatSink, type RunningChatSink } from '../../sandbox/chat/server.ts';
import { runCli } from './helpers.ts';

const SCRIPT = 'scripts/alerts-test.ts';
let sink: RunningChatSink;
let env: Record<string, string>;

beforeAll(async () => {
  sink = await startChatSink({ port: 0 });
  env = { ALERT_DESTINATIONS: JSON.stringify(sinkDestinations(sink.url)), ALERT_ALLOW_LOOPBACK: 'true', ZENDESK_BASE_URL: 'https://acme.zendesk.com' };
});

afterAll(async () => {
  await sink?.close();
});

describe('npm run alerts:test', () => {
  it('sends a test message each platform accepts, and says so', async () => {
    const results = await Promise.all(PLATFORMS.map((p) => runCli(SCRIPT, ['--destination', SANDBOX_DESTINATION_NAMES[p], '--locale', 'zh-CN', '--no-env-file'], env)));
    expect(results.map((r) => r.code)).toEqual(PLATFORMS.map(() => 0));
    expect(results[0]!.stdout).toContain('the platform accepted it');
    const arrived = sink.messages().filter((m) => m.accepted && m.text.includes('Tierwise 测试消息'));
    expect(arrived.map((m) => m.platform).sort()).toEqual([...PLATFORMS].sort());
    for (const r of results) expect(r.stdout + r.stderr).not.toMatch(/sandbox-wecom-key|sandboxSlackSecret|sandbox-feishu-secret|sig=/);
  });

  it('reports a refusal with the platform\'s own error, exit 1', async () => {
    await fetch(`${sink.url}/__admin/fail`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ platform: 'dingtalk', answer: 'refuse', times: 1 }) });
    const result = await runCli(SCRIPT, ['--destination', SANDBOX_DESTINATION_NAMES.dingtalk, '--no-env-file'], env);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('DingTalk errcode 310000');
  });

  it('a platform that is down is exit 6, to try again', async () => {
    await fetch(`${sink.url}/__admin/fail`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ platform: 'slack', answer: 'server_error', times: 1 }) });
    const result = await runCli(SCRIPT, ['--destination', SANDBOX_DESTINATION_NAMES.slack, '--no-env-file'], env);
    expect(result.code).toBe(6);
    expect(result.stderr).toContain('platform answered 500');
  });

  it('refuses an unknown destination, a URL off the platform host or loopback without the sandbox flag, and bad flags, exit 2', async () => {
    const unknown = await runCli(SCRIPT, ['--destination', 'nope', '--no-env-file'], env);
    expect([unknown.code, unknown.stderr]).toEqual([2, expect.stringContaining('no destination "nope" in ALERT_DESTINATIONS (it has: sandbox-wecom,')]);
    const offHost = await runCli(SCRIPT, ['--destination', 'x', '--no-env-file'], { ALERT_DESTINATIONS: JSON.stringify({ x: { platform: 'slack', url: 'https://hooks.example.com/services/T/B/secret' } }) });
    expect([offHost.code, offHost.stderr]).toEqual([2, expect.stringContaining('x: a slack url must be on hooks.slack.com (got hooks.example.com)')]);
    expect(offHost.stderr).not.toContain('secret');
    const loopback = await runCli(SCRIPT, ['--destination', SANDBOX_DESTINATION_NAMES.slack, '--no-env-file'], { ALERT_DESTINATIONS: env.ALERT_DESTINATIONS! });
    expect([loopback.code, loopback.stderr]).toEqual([2, expect.stringContaining('only the sandbox may do that (ALERT_ALLOW_LOOPBACK=true)')]);
    const badFlag = await runCli(SCRIPT, ['--destinaton', 'x'], env);
    expect([badFlag.code, badFlag.stderr]).toEqual([2, expect.stringContaining("Unknown option '--destinaton'")]);
    const noDestination = await runCli(SCRIPT, ['--no-env-file'], env);
    expect([noDestination.code, noDestination.stderr]).toEqual([2, expect.stringContaining('--destination is required')]);
  });
});
