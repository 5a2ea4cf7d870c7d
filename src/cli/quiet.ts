/** Silences console.log/warn/info while fn runs (tfjs prints banners and hints there). No tfjs import. */
export async function quiet<T>(fn: () => Promise<T> | T): Promise<T> {
  const { log, warn, info } = console;
  console.log = console.warn = console.info = () => {};
  try {
    return await fn();
  } finally {
    Object.assign(console, { log, warn, info });
  }
}
