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
