// The profile's localStorage, or null where there is none or it refuses access (a sandboxed page, a
// disabled storage): callers then keep their state for the run only.
export function profileLocalStorage(): Storage | null {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null;
  }
}
