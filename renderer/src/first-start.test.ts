// A first start asks for its rows' answer and code before the shell's frame, and begins after it.
import { describe, expect, it } from 'vitest';
import { firstStart } from './first-start';

describe('firstStart', () => {
  it('sends both requests before the shell has painted, and begins with them once it has', () => {
    const order: string[] = [];
    const frames: Array<() => void> = [];
    firstStart(
      {
        pages: () => (order.push('pages asked'), 'pages'),
        rowsCode: () => (order.push('rows code asked'), 'code'),
      },
      (pages, code) => order.push(`begin with ${pages} and ${code}`),
      (run) => frames.push(run),
    );
    expect(order).toEqual(['pages asked', 'rows code asked']);
    frames.splice(0).forEach((run) => run());
    expect(order).toEqual(['pages asked', 'rows code asked', 'begin with pages and code']);
  });
});
