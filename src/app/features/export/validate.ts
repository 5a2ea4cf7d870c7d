/**
 * Schema check of a config before it is downloaded or imported. Until the shared schema
 * (src/model/configSchema.ts) lands, a structural check stands in for it.
 * Returns null when valid, else a short description of the first problem.
 */
export async function validateConfig(value: unknown): Promise<string | null> {
  const c = value as Record<string, unknown>;
  if (!c || typeof c !== 'object') return 'not an object';
  if (c.format !== 'quantization-studio/config') return 'format must be "quantization-studio/config"';
  if (c.version !== 1) return 'version must be 1';
  if (!Array.isArray(c.layers)) return 'layers must be an array';
  for (const l of c.layers as Record<string, unknown>[]) {
    const w = l?.weights as Record<string, unknown> | undefined;
    if (typeof l?.name !== 'string') return 'every layer needs a name';
    if (!w || typeof w.scheme !== 'string') return `layer ${l.name}: weights.scheme missing`;
    if (!(typeof w.bits === 'number' || Array.isArray(w.bits))) return `layer ${l.name}: weights.bits missing`;
  }
  return null;
}
