/**
 * Errors as the user reads them: one plain sentence saying what failed and what to do,
 * never a raw tfjs message or a stack. The studio's own errors (a file named, a limit
 * stated) are already written that way and pass through; messages from tfjs, the browser
 * or a JavaScript fault are recognised and rewritten. The raw text stays available as the
 * error's detail (shown folded under the sentence, for a bug report).
 */

interface PlainError {
  /** One sentence (or two short ones) for the message line. */
  text: string;
  /** The original message when it was rewritten, else null. */
  detail: string | null;
}

interface Rule {
  test: RegExp;
  say: (label: string, m: RegExpMatchArray) => string;
}

const SWITCH = 'switch the backend in the header (WASM or CPU) and run it again';

const RULES: Rule[] = [
  {
    test: /shape of dict\['?([^'\]]*)'?\] provided in model\.execute(?:Async)?\(dict\) must be \[([^\]]*)\], but was \[([^\]]*)\]/,
    say: (label, m) => `${label} failed: the model takes inputs of shape [${m[2]}] but was given [${m[3]}]; ` +
      'drop images that fit that shape, or a model exported with a free batch size.',
  },
  {
    test: /Error when checking[^:]*: expected \S+ to have shape \[([^\]]*)\] but got array with shape \[([^\]]*)\]/,
    say: (label, m) => `${label} failed: the model takes inputs of shape [${m[1]}] but was given [${m[2]}]; drop images that fit that shape.`,
  },
  {
    test: /out of memory|\bOOM\b|failed to allocate|allocation failed|Array buffer allocation|memory access out of bounds/i,
    say: (label) => `${label} ran out of memory; ${SWITCH}, or try a smaller model.`,
  },
  {
    test: /kernel '?(\w+)'? (?:not registered|is not implemented)|(?:op|operation) '?(\w+)'? is not (?:yet )?(?:supported|implemented)|Unsupported op/i,
    say: (label, m) => `${label} failed: the model uses an operation this backend cannot run${m[1] || m[2] ? ` (${m[1] || m[2]})` : ''}; ${SWITCH}.`,
  },
  {
    test: /WebGPU|GPUDevice|GPUBuffer|mapAsync|WebGL/i,
    say: (label) => `${label} failed on the GPU; ${SWITCH}.`,
  },
];

/** Error names a JavaScript fault carries: never meant for a user's eyes as they are. */
const FAULTS = /^(TypeError|RangeError|ReferenceError|SyntaxError|InternalError|EvalError)$/;

/** Looks like code talking: a stack frame, a tfjs function call, a tensor dump. */
const RAW = /\n\s+at |\bat \S+ \(\S+:\d+|model\.execute|tf\.\w+\(|Tensor\w*\[|is not a function|Cannot read propert/;

function firstLine(message: string): string {
  return message.split('\n')[0].replace(/\s+/g, ' ').trim();
}

/** `label`: the job that failed, as the job bar names it (e.g. "Evaluating accuracy"). */
export function plainError(label: string, e: unknown): PlainError {
  const name = e instanceof Error ? e.name : '';
  const message = e instanceof Error ? e.message : String(e);
  for (const rule of RULES) {
    const m = message.match(rule.test);
    if (m) return { text: rule.say(label, m), detail: message };
  }
  if (FAULTS.test(name) || RAW.test(message) || message.length > 300 || message.trim() === '') {
    return {
      text: `${label} failed because of an internal error; run it again, and if it fails again, ${SWITCH.replace(' and run it again', '')}.`,
      detail: message || name,
    };
  }
  return { text: firstLine(message), detail: message.includes('\n') ? message : null };
}
