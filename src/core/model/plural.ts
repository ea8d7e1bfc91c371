/** A count with its noun: "1 annotation", "2,000 documents", "3 translations fail" (plural given). */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString('en')} ${n === 1 ? one : many}`;
}
