import { describe, expect, it } from 'vitest';
import { candidateUfrag, sdpUfrags, toCallSignal, toSimplePeerSignal } from './signal-format';

describe('signal format', () => {
  it('carries offers, answers and candidates both ways', () => {
    const candidate = { type: 'candidate', candidate: { candidate: 'candidate:1 1 udp 1 127.0.0.1 9 typ host', sdpMid: '0', sdpMLineIndex: 0 } };
    expect(toCallSignal(candidate)).toEqual({ type: 'candidate', candidate: 'candidate:1 1 udp 1 127.0.0.1 9 typ host', sdpMid: '0', sdpMLineIndex: 0 });
    expect(toSimplePeerSignal(toCallSignal(candidate)!)).toEqual(candidate);
    expect(toCallSignal({ type: 'offer', sdp: 'v=0' })).toEqual({ type: 'offer', sdp: 'v=0' });
    expect(toSimplePeerSignal({ type: 'answer', sdp: 'v=0' })).toEqual({ type: 'answer', sdp: 'v=0' });
  });

  it('drops simple-peer’s renegotiation signals, which a call never needs', () => {
    expect(toCallSignal({ type: 'renegotiate', renegotiate: true })).toBeNull();
    expect(toCallSignal({ type: 'transceiverRequest', transceiverRequest: { kind: 'video' } })).toBeNull();
  });

  it('reads the ICE username fragments of a description and of a candidate', () => {
    expect([...sdpUfrags('v=0\r\na=ice-ufrag:Ab+1\r\nm=video\r\na=ice-ufrag:Ab+1\r\n')]).toEqual(['Ab+1']);
    expect(candidateUfrag('candidate:842163049 1 udp 1677729535 1.2.3.4 46154 typ srflx raddr 0.0.0.0 rport 0 generation 0 ufrag EEtu network-cost 50')).toBe('EEtu');
    expect(candidateUfrag('candidate:1 1 udp 1 127.0.0.1 9 typ host')).toBeNull();
  });
});
