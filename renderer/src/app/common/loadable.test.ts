import { describe, expect, it } from 'vitest';
import { loadable } from './loadable';

describe('loadable', () => {
  it('imports once however often it is asked, and keeps the value once it has arrived', async () => {
    let imports = 0;
    let arrive!: (value: string) => void;
    const screen = loadable(() => {
      imports += 1;
      return new Promise<string>((resolve) => (arrive = resolve));
    });
    expect(screen.loaded).toBeNull();
    expect(imports).toBe(0); // nothing fetched until asked
    const first = screen.load();
    const second = screen.load();
    expect(imports).toBe(1);
    expect(screen.loaded).toBeNull();
    arrive('ChatScreen');
    await expect(first).resolves.toBe('ChatScreen');
    await expect(second).resolves.toBe('ChatScreen');
    expect(screen.loaded).toBe('ChatScreen');
    await screen.load();
    expect(imports).toBe(1);
  });
});
