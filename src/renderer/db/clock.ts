// The time and ids the app records with its writes (one place, so tests and writes agree).
export function nowIso(): string {
  return new Date().toISOString();
}

export function newId(): string {
  return crypto.randomUUID();
}
