/** Orders strings by code unit, the same on every machine and locale (unlike localeCompare). */
export const compareStrings = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
