/** Reading a scenario as written (its resolved fields) by field path, the way `--set` and `ranges` name them. */

export function isPlain(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** The value at a dotted path (list items by index), or undefined. */
export function fieldAt(node: unknown, path: string): unknown {
  for (const part of path.split('.')) {
    if (Array.isArray(node) && /^\d+$/.test(part)) node = node[Number(part)];
    else if (isPlain(node) && part in node) node = node[part];
    else return undefined;
  }
  return node;
}
