// Canonical JSON (in the manner of RFC 8785): object keys sorted, no white space, so the same
// receipt always hashes the same way on every machine. The collector makes this text for every
// receipt it stores: objects are written in one loop, without intermediate arrays.
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value != 'object') {
    if (typeof value == 'number' && !Number.isFinite(value))
      throw new TypeError('canonicalJson: numbers must be finite');
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) return '[' + value.map(canonicalJson).join(',') + ']';
  const record = value as Record<string, unknown>;
  let text = '';
  for (const key of Object.keys(record).sort()) {
    const item = record[key];
    if (item !== undefined) text += (text ? ',' : '') + JSON.stringify(key) + ':' + canonicalJson(item);
  }
  return '{' + text + '}';
}
