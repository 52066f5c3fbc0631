/**
 * The first of several answers to the same question that is not null (a rejection counts as
 * null); null once every one of them came back without one.
 */
export function firstNonNull<T>(candidates: ReadonlyArray<Promise<T | null>>): Promise<T | null> {
  return new Promise((resolve) => {
    let left = candidates.length;
    if (left === 0) return resolve(null);
    const settle = (value: T | null) => {
      if (value !== null) return resolve(value);
      if (--left === 0) resolve(null);
    };
    for (const candidate of candidates) candidate.then(settle, () => settle(null));
  });
}
