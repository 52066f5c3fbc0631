// B7's timeline, only with PARLEY_BENCH_TIMELINE=1: where the time goes between Alice's click
// and the first frame. Each page notes, on the machine's clock (performance.timeOrigin + now,
// so two pages' notes compare), its long tasks, its getUserMedia calls, its peer connections' descriptions,
// first candidates and ICE states, its first decoded remote video frame, and the call
// commands and events crossing its host socket. Off by default: the wrappers would cost the
// measured path a little, and a timed run must measure Parley as users get it.
import type { BrowserContext, Page } from '@playwright/test';

export const TIMELINE = process.env.PARLEY_BENCH_TIMELINE === '1';
export interface Note {
  at: number;
  what: string;
}

/** Installs the notes in every page of `context` opened from now on. */
export async function noteCallSteps(context: BrowserContext, who: string): Promise<void> {
  await context.addInitScript((name: string) => {
    const notes: Array<{ at: number; what: string }> = [];
    (window as unknown as { __callNotes: typeof notes }).__callNotes = notes;
    const note = (what: string) => notes.push({ at: performance.timeOrigin + performance.now(), what: `${name}: ${what}` });
    // Main-thread tasks over 50 ms: while one runs, nothing else on the page (a signal heard, a description set) can.
    new PerformanceObserver((list) => {
      for (const task of list.getEntries()) {
        notes.push({ at: performance.timeOrigin + task.startTime, what: `${name}: long task ${task.duration.toFixed(0)} ms starts` });
      }
    }).observe({ type: 'longtask' });
    // What ran in a frame that took long (Chromium's long animation frames): each script over
    // 5 ms by where it came from, and the frame's rendering, so a long task is named.
    try {
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries() as unknown as Array<{ startTime: number; duration: number; renderStart: number; styleAndLayoutStart: number; scripts: Array<{ startTime: number; duration: number; invoker: string; sourceFunctionName: string; sourceURL: string; forcedStyleAndLayoutDuration: number }> }>) {
          if (entry.duration < 30) continue;
          const scripts = entry.scripts
            .filter((s) => s.duration >= 5)
            .map((s) => `${s.invoker} ${s.sourceFunctionName || '?'}@${s.sourceURL.split('/').pop()} ${s.duration.toFixed(0)} ms${s.forcedStyleAndLayoutDuration >= 1 ? ` (forced layout ${s.forcedStyleAndLayoutDuration.toFixed(0)})` : ''}`);
          const rendering = entry.renderStart > 0 ? entry.startTime + entry.duration - entry.renderStart : 0;
          notes.push({ at: performance.timeOrigin + entry.startTime, what: `${name}: frame ${entry.duration.toFixed(0)} ms: ${scripts.join('; ') || 'no script ≥ 5 ms'}; rendering ${rendering.toFixed(0)} ms` });
        }
      }).observe({ type: 'long-animation-frame' });
    } catch {
      // Not in this browser: the long tasks above still show.
    }
    const devices = navigator.mediaDevices;
    if (devices) {
      const getUserMedia = devices.getUserMedia.bind(devices);
      devices.getUserMedia = async (constraints) => {
        note(`getUserMedia ${constraints?.video ? 'audio+video' : 'audio'} asked`);
        const stream = await getUserMedia(constraints);
        note('getUserMedia answered');
        return stream;
      };
      const enumerate = devices.enumerateDevices.bind(devices);
      devices.enumerateDevices = async () => {
        note('enumerateDevices asked');
        const list = await enumerate();
        note('enumerateDevices answered');
        return list;
      };
    }
    const Native = window.RTCPeerConnection;
    let count = 0;
    window.RTCPeerConnection = class extends Native {
      constructor(config?: RTCConfiguration) {
        const from = performance.now();
        super(config);
        const id = `pc${++count}`;
        note(`${id} created in ${(performance.now() - from).toFixed(1)} ms`);
        let candidates = 0;
        this.addEventListener('icecandidate', (e) => {
          if (e.candidate && ++candidates === 1) note(`${id} first local candidate`);
        });
        this.addEventListener('iceconnectionstatechange', () => note(`${id} ice ${this.iceConnectionState}`));
        this.addEventListener('connectionstatechange', () => note(`${id} connection ${this.connectionState}`));
        this.addEventListener('track', (e) => note(`${id} remote ${e.track.kind} track`));
        for (const method of ['createOffer', 'createAnswer'] as const) {
          const create = (this[method] as (o?: RTCOfferOptions) => Promise<RTCSessionDescriptionInit>).bind(this);
          (this as unknown as Record<string, unknown>)[method] = async (options?: RTCOfferOptions) => {
            note(`${id} ${method} asked`);
            const made = await create(options);
            note(`${id} ${method} answered`);
            return made;
          };
        }
        const setLocal = this.setLocalDescription.bind(this);
        this.setLocalDescription = async (d?: RTCLocalSessionDescriptionInit) => {
          note(`${id} local ${d?.type ?? 'description'} asked`);
          await setLocal(d);
          note(`${id} local ${this.localDescription?.type} set`);
        };
        const setRemote = this.setRemoteDescription.bind(this);
        this.setRemoteDescription = async (d: RTCSessionDescriptionInit) => {
          note(`${id} remote ${d.type} arrived`);
          await setRemote(d);
          note(`${id} remote ${d.type} set`);
        };
      }
    };
    // The host socket: call commands out, call events in (named from the JSON text, cheaply).
    const send = WebSocket.prototype.send;
    WebSocket.prototype.send = function (this: WebSocket, data) {
      if (typeof data === 'string' && data.includes('"calls.')) {
        const command = /"command":"(calls\.[a-zA-Z]+)"/.exec(data)?.[1] ?? 'calls.?';
        const kind = /"signal":\{"type":"([a-z]+)"/.exec(data)?.[1];
        note(`sent ${command}${kind ? ` ${kind}` : ''}`);
      }
      return send.call(this, data);
    };
    const listen = WebSocket.prototype.addEventListener;
    WebSocket.prototype.addEventListener = function (this: WebSocket, type: string, listener: unknown, options?: unknown) {
      if (type === 'message') {
        listen.call(this, 'message', (event: Event) => {
          const data = (event as MessageEvent).data;
          if (typeof data !== 'string' || !data.includes('"call.')) return;
          for (const m of data.matchAll(/"name":"(call\.[a-zA-Z]+)"/g)) {
            const phase = m[1] === 'call.updated' ? /"phase":"([a-z-]+)"/.exec(data.slice(m.index))?.[1] : /"signal":\{"type":"([a-z]+)"/.exec(data.slice(m.index))?.[1];
            note(`heard ${m[1]}${phase ? ` ${phase}` : ''}`);
          }
        });
      }
      return listen.call(this, type, listener as EventListener, options as AddEventListenerOptions);
    } as typeof WebSocket.prototype.addEventListener;
  }, who);
}

/** Both pages' notes since `from` (wall ms), in order, as "+ms who: step" lines; the notes are cleared. */
export async function takeNotes(pages: Page[], from: number): Promise<string> {
  const all: Note[] = [];
  for (const page of pages) {
    all.push(...(await page.evaluate(() => (window as unknown as { __callNotes: Note[] }).__callNotes.splice(0))));
  }
  return all
    .filter((n) => n.at >= from - 5)
    .sort((a, b) => a.at - b.at)
    .map((n) => `  +${(n.at - from).toFixed(1).padStart(7)} ms  ${n.what}`)
    .join('\n');
}
