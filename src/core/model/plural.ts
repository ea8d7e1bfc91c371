/** A count as the app writes it: thousands grouped ("1,234"). */
export function grouped(n: number): string {
  return n.toLocaleString('en');
}

/** A count with its noun: "1 annotation", "2,000 documents", "3 translations fail" (plural given). */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${grouped(n)} ${n === 1 ? one : many}`;
}
