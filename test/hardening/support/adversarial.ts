// Inventories built to make the exact risk-group computation explode: every copy of a store fails
// with many independent events, so the data set's AND gate multiplies their counts.

/**
 * A store with `copies.length - 1` backups; input k (0: the primary, then each backup's target)
 * depends on `copies[k]` services of its own, each an independent event. At order n the data set
 * has about Π copies[k] minimal groups when n >= number of inputs. `stores` repeats the store
 * (sharing the targets), multiplying the total.
 */
export function explodingInventory(copies: readonly number[], stores = 1): string {
  const lines = ['version: 1', `name: exploding ${copies.join('x')} x ${stores}`, 'providers:'];
  copies.forEach((_, c) => lines.push(`  p${c}: { kind: cloud }`));
  lines.push('identities:');
  copies.forEach((_, c) => lines.push(`  i${c}a: { kind: person }`, `  i${c}b: { kind: person }`));
  lines.push('accounts:');
  copies.forEach((_, c) => lines.push(`  a${c}: { provider: p${c}, admins: [i${c}a, i${c}b] }`));
  lines.push('services:');
  copies.forEach((m, c) => {
    for (let i = 0; i < m; i++) lines.push(`  s${c}-${i}: { kind: vendor }`);
  });
  const deps = (c: number) => Array.from({ length: copies[c]! }, (_, i) => `s${c}-${i}`).join(', ');
  lines.push('stores:');
  for (let k = 0; k < stores; k++) lines.push(`  db${k}: { kind: database, account: a0, criticality: critical, depends_on: [${deps(0)}] }`);
  lines.push('targets:');
  for (let c = 1; c < copies.length; c++) lines.push(`  t${c}: { kind: object-storage, account: a${c}, immutable: compliance, depends_on: [${deps(c)}] }`);
  lines.push('backups:');
  for (let k = 0; k < stores; k++) for (let c = 1; c < copies.length; c++) lines.push(`  b${k}-${c}: { of: db${k}, to: t${c}, every: 24h, keep: 30d }`);
  return `${lines.join('\n')}\n`;
}
