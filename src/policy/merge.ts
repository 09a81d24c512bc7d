// Layering settings: a rule's defaults under a policy, a built-in policy under one that extends it.

/** `overrides` over `base`, maps merged key by key; lists and single values are replaced whole. */
export function mergeOptions(base: unknown, overrides: unknown): unknown {
  if (!isPlainMap(base) || !isPlainMap(overrides)) return overrides === undefined ? base : overrides;
  const merged: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(overrides)) {
    // defineProperty, not assignment: a key such as `__proto__` stays data.
    Object.defineProperty(merged, key, { value: mergeOptions(base[key], value), enumerable: true, writable: true, configurable: true });
  }
  return merged;
}

function isPlainMap(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
