// simple-peer's signal data ↔ the contract's CallMediaSignal (what main relays as
// ice_sdp / ice_candidate). Every peer has its audio and video tracks from the start and
// tracks are only ever replaced, so simple-peer's renegotiation signals ('renegotiate',
// 'transceiverRequest') never carry anything we need: they are dropped.

import type { CallMediaSignal } from '../contract';

/** The shapes simple-peer emits and accepts (its SignalData, without its Node typings). */
export type SimplePeerSignal =
  | { type: 'offer' | 'answer'; sdp: string }
  | { type: 'candidate'; candidate: { candidate: string; sdpMid?: string | null; sdpMLineIndex?: number | null } }
  | { type: string; [field: string]: unknown };

export function toCallSignal(data: SimplePeerSignal): CallMediaSignal | null {
  if ((data.type === 'offer' || data.type === 'answer') && typeof data.sdp === 'string') return { type: data.type, sdp: data.sdp };
  if (data.type === 'candidate' && typeof data.candidate === 'object' && data.candidate !== null) {
    const c = data.candidate as { candidate?: unknown; sdpMid?: unknown; sdpMLineIndex?: unknown };
    if (typeof c.candidate !== 'string') return null;
    return {
      type: 'candidate',
      candidate: c.candidate,
      sdpMid: typeof c.sdpMid === 'string' ? c.sdpMid : null,
      sdpMLineIndex: typeof c.sdpMLineIndex === 'number' ? c.sdpMLineIndex : null,
    };
  }
  return null;
}

export function toSimplePeerSignal(signal: CallMediaSignal): SimplePeerSignal {
  if (signal.type === 'candidate') {
    return { type: 'candidate', candidate: { candidate: signal.candidate, sdpMid: signal.sdpMid, sdpMLineIndex: signal.sdpMLineIndex } };
  }
  return { type: signal.type, sdp: signal.sdp };
}

/** The ICE username fragment an SDP (a=ice-ufrag) or a candidate line (`ufrag x`) belongs to. */
export function sdpUfrags(sdp: string): Set<string> {
  return new Set([...sdp.matchAll(/^a=ice-ufrag:(\S+)/gm)].map((m) => m[1]!));
}

export function candidateUfrag(candidate: string): string | null {
  return /\sufrag\s(\S+)/.exec(candidate)?.[1] ?? null;
}
