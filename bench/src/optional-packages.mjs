// The facade and the simulators are separate packages that may not be built yet (or may fail to
// build); the benchmarks that need them are then reported as skipped instead of failing the run.

async function importBuilt(name) {
  try {
    return await import(name);
  } catch (error) {
    if (error?.code === 'ERR_MODULE_NOT_FOUND' || error?.code === 'ERR_PACKAGE_PATH_NOT_EXPORTED') {
      return undefined;
    }
    throw error;
  }
}

/** `@switchboard/core`, or undefined when its dist/ is missing. */
export function importFacade() {
  return importBuilt('@switchboard/core');
}

/** `@switchboard/testing`, or undefined when its dist/ is missing. */
export function importTesting() {
  return importBuilt('@switchboard/testing');
}

/**
 * The opt-in transports the facade can be measured on besides the global fetch: today the Node one on
 * undici (`@switchboard/runtime/undici`), present when undici is installed. Keyed by a short name.
 */
export async function alternativeTransports() {
  const undiciEntry = await importBuilt('@switchboard/runtime/undici');
  if (undiciEntry === undefined) return {};
  try {
    return {
      undici: {
        fetch: undiciEntry.createUndiciFetch(),
        label: 'createUndiciFetch() from @switchboard/runtime/undici (undici Pool.request)',
      },
    };
  } catch (error) {
    // undici itself is an optional peer dependency: without it the row is left out, not failed.
    if (error?.code === 'ERR_MODULE_NOT_FOUND') return {};
    throw error;
  }
}
