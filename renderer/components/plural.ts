/** Counted noun in the person's locale: "1 file", "3 files", "2,000 files". */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString()} ${n === 1 ? one : many}`;
}
