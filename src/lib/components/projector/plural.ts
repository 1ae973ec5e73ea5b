/** Picks the singular message for exactly one; Dutch and English agree on that rule. */
export const forCount = (count: number, one: () => string, many: () => string): string => (count === 1 ? one() : many());
