/** WebAssembly text → binary (scripts/wat.mjs). */
export function compileWat(text: string, name?: string): Promise<Uint8Array>;
