/** PTI unit names: 1–10 characters with no spaces (PTI answers −3 to anything else). */
export const unitNamePattern = /^\S{1,10}$/;

export function isValidUnitName(name: string): boolean {
  return unitNamePattern.test(name);
}
