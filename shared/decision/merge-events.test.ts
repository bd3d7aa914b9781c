/**
 * Queued events merged into one decide exactly what the events would one by one: the ticket's
 * inbox merges what arrives while a run waits, so the stored inbox stays small.
 */
import { describe, expect, it } from 'vitest';
import type { TicketStatus } from '../domain.ts';
import { DEFAULT_SETTINGS } from '../settings.ts';
import { mergeEventFacts, startRun, type EventFacts } from './inputs.ts';
import { EMPTY_RECORD, sawTicket, type TicketRecord } from './record.ts';
import type { TicketSnapshot } from './ticket.ts';

const H = 3_600_000;
const T0 = Date.UTC(2026, 10, 28, 9, 0, 0);
const STATUSES: TicketStatus[] = ['new', 'open', 'pending', 'hold', 'solved'];

function snapshot(at: number, status: TicketStatus): TicketSnapshot {
  return { id: 7, status, priority: null, tags: ['scene_presale'], requesterId: 100, organizationId: 200, groupId: null, assigneeId: null, createdAt: T0, updatedAt: new Date(at).toISOString(), customFields: [] };
}

/** A small deterministic generator, so a failure names its seed. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state / 2_147_483_648;
  };
}

/** Events as Zendesk and the worker send them: snapshots out of order, replies, triggers, customer changes. */
function events(seed: number, count: number): EventFacts[] {
  const next = random(seed);
  return Array.from({ length: count }, () => {
    const roll = next();
    const at = T0 + Math.floor(next() * 20) * 1000;
    const status = STATUSES[Math.floor(next() * STATUSES.length)]!;
    if (roll < 0.15) return { snapshot: null, agentReplied: false };
    if (roll < 0.25) return { snapshot: null, agentReplied: false, refreshCustomer: true };
    return { snapshot: snapshot(at, status), agentReplied: roll > 0.8 };
  });
}

function merged(list: readonly EventFacts[]): EventFacts[] {
  return list.length === 0 ? [] : [list.reduce(mergeEventFacts)];
}

describe('merging queued events', () => {
  const followed: TicketRecord = sawTicket(EMPTY_RECORD, snapshot(T0, 'new'), T0);
  const records: Array<[string, TicketRecord]> = [['a ticket never seen', EMPTY_RECORD], ['a ticket already followed', followed]];

  it.each(records)('gives the run the same start as the events one by one (%s)', (_name, record) => {
    for (let seed = 1; seed <= 300; seed++) {
      const list = events(seed, 1 + (seed % 12));
      for (const now of [T0 + 30_000, T0 + 2 * H]) {
        expect(startRun(record, merged(list), DEFAULT_SETTINGS, now), `seed ${seed}`).toEqual(startRun(record, list, DEFAULT_SETTINGS, now));
      }
    }
  });

  it('merges in any grouping: what a run took, then what arrived during it', () => {
    for (let seed = 1; seed <= 100; seed++) {
      const list = events(seed, 10);
      const split = 1 + (seed % 9);
      const inTwo = mergeEventFacts(list.slice(0, split).reduce(mergeEventFacts), list.slice(split).reduce(mergeEventFacts));
      expect(inTwo, `seed ${seed}`).toEqual(list.reduce(mergeEventFacts));
    }
  });

  it('keeps the newest snapshot and that one event carried none', () => {
    const older = snapshot(T0 + 5_000, 'open');
    const newer = snapshot(T0 + 9_000, 'pending');
    const facts = [newer, null, older].map((s) => ({ snapshot: s, agentReplied: false })).reduce(mergeEventFacts);
    expect(facts).toEqual({ snapshot: newer, agentReplied: false, missedSnapshot: true });
    expect(startRun(EMPTY_RECORD, [facts], DEFAULT_SETTINGS, T0 + 10_000).readTicket).toBe('no-snapshot');
  });
});
