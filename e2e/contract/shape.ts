/**
 * "Same keys and types": how a payload differs in shape from its contract fixture. null is
 * compatible with any type (Zendesk documents these fields as nullable); an array's elements are
 * compared with the fixture's first element; objects must have exactly the fixture's keys,
 * except the account-defined maps named in `openKeys` (custom fields, app settings, error details),
 * whose keys are the account's own.
 */
export const OPEN_KEYS = ['user_fields', 'organization_fields', 'settings', 'details', 'source', 'from', 'to'];

function kind(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

export function shapeDifferences(fixture: unknown, actual: unknown, path = '$', openKeys: readonly string[] = OPEN_KEYS): string[] {
  const [want, got] = [kind(fixture), kind(actual)];
  if (want === 'null' || got === 'null') return [];
  if (want !== got) return [`${path}: ${got} where the contract has ${want}`];
  if (want === 'array') {
    const [first] = fixture as unknown[];
    if (first === undefined) return [];
    return (actual as unknown[]).flatMap((item, i) => shapeDifferences(first, item, `${path}[${i}]`, openKeys));
  }
  if (want !== 'object') return [];
  const [expected, received] = [fixture as Record<string, unknown>, actual as Record<string, unknown>];
  const name = path.split('.').at(-1) ?? '';
  if (openKeys.includes(name)) return [];
  const differences: string[] = [];
  for (const key of Object.keys(expected)) {
    if (!Object.hasOwn(received, key)) differences.push(`${path}.${key}: missing`);
    else differences.push(...shapeDifferences(expected[key], received[key], `${path}.${key}`, openKeys));
  }
  for (const key of Object.keys(received)) if (!Object.hasOwn(expected, key)) differences.push(`${path}.${key}: not in the contract`);
  return differences;
}
