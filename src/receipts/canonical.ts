// Canonical JSON (in the manner of RFC 8785): object keys sorted, no white space, so the same
// receipt always hashes the same way on every machine.
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value != 'object') {
    if (typeof value == 'number' && !Number.isFinite(value))
      throw new TypeError('canonicalJson: numbers must be finite');
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) return '[' + value.map(canonicalJson).join(',') + ']';
  const record = value as Record<string, unknown>;
  return (
    '{' +
    Object.keys(record)
      .filter((k) => record[k] !== undefined)
      .sort()
      .map((k) => JSON.stringify(k) + ':' + canonicalJson(record[k]))
      .join(',') +
    '}'
  );
}
