// Time, as the server sees it. Injectable so that tests can move it (session expiry)
// instead of sleeping.

/** Milliseconds since the epoch. */
export type Clock = () => number;

export const systemClock: Clock = () => Date.now();
