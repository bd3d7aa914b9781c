import { describe, expect, it } from 'vitest';
import { TtlCache } from '../src/zendesk/cache.ts';

describe('TtlCache', () => {
  it('a burst of misses makes one load, and every caller gets its value', async () => {
    const cache = new TtlCache<number>(60_000);
    let loads = 0;
    const load = async () => {
      loads++;
      await new Promise((r) => setTimeout(r, 20));
      return 42;
    };
    const values = await Promise.all(Array.from({ length: 50 }, () => cache.get('settings', load)));
    expect(values).toEqual(Array(50).fill(42));
    expect(loads).toBe(1);
  });

  it('expires entries, and does not keep a failed load', async () => {
    const cache = new TtlCache<string>(1_000);
    await expect(cache.get('k', async () => { throw new Error('Zendesk down'); }, 0)).rejects.toThrow('Zendesk down');
    await new Promise((r) => setTimeout(r, 0));
    expect(await cache.get('k', async () => 'fresh', 0)).toBe('fresh');
    expect(await cache.get('k', async () => 'newer', 500)).toBe('fresh');
    expect(await cache.get('k', async () => 'newer', 1_500)).toBe('newer');
  });
});
