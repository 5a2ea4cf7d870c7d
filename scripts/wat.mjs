// WebAssembly text → binary with wabt's JavaScript build (scripts/build-wasm.mjs and the
// drift test in src/quant/sweep/sortKernel.test.ts share this one way of compiling).
import wabtInit from 'wabt';

/** The module's bytes; throws wabt's message when the text is not a valid module. */
export async function compileWat(text, name = 'module.wat') {
  const wabt = await wabtInit();
  const m = wabt.parseWat(name, text, { bulk_memory: true });
  try {
    m.validate();
    return Uint8Array.from(m.toBinary({}).buffer);
  } finally {
    m.destroy();
  }
}
