// Holds Parley's client code (its `start` chunk) back in a browser context, so a spec sees
// for sure what the page shows before the client runs: the rows painted before React
// (app/sidebar/early-rows.ts). Once released, later loads in the context are not held.
import type { BrowserContext, Route } from '@playwright/test';

export const START_CHUNK = /\/assets\/start-[^/]*\.js$/;

export async function holdClientCode(context: BrowserContext): Promise<{ release: () => Promise<void> }> {
  const held: Route[] = [];
  let released = false;
  await context.route(START_CHUNK, (route) => (released ? route.continue() : void held.push(route)));
  return {
    release: async () => {
      released = true;
      await Promise.all(held.map((route) => route.continue()));
    },
  };
}
