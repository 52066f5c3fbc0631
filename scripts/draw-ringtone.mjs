// Draws the ringtone from its notes (assets/sounds/ringtone.json) as a 16-bit mono WAV, at
// build time (scripts/build.mjs → dist/renderer/sounds/ringtone.wav, served with the
// renderer), so no generated sound is committed. By hand, to listen to it:
// `node scripts/draw-ringtone.mjs <dir>`. Each note: a few harmonics, a 5 ms attack and an
// exponential decay, so it chimes rather than beeps.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** The score's samples, -1..1. */
export function renderScore(score) {
  const rate = score.sampleRate;
  const samples = new Float64Array(Math.round(score.seconds * rate));
  for (const note of score.notes) {
    const start = Math.round(note.at * rate);
    const length = Math.min(Math.round(note.for * rate), samples.length - start);
    for (let i = 0; i < length; i++) {
      const time = i / rate;
      const attack = Math.min(1, time / 0.005);
      // Fades to nothing by the note's end, so no click where it stops.
      const envelope = attack * Math.exp(-score.decay * time) * (1 - i / length);
      let value = 0;
      score.harmonics.forEach((weight, h) => {
        value += weight * Math.sin(2 * Math.PI * note.hz * (h + 1) * time);
      });
      samples[start + i] += value * envelope;
    }
  }
  const peak = samples.reduce((max, v) => Math.max(max, Math.abs(v)), 0) || 1;
  return samples.map((v) => (v / peak) * score.volume);
}

/** A PCM WAV file (RIFF, 16-bit, mono). */
export function encodeWav(samples, rate) {
  const data = Buffer.alloc(samples.length * 2);
  samples.forEach((v, i) => data.writeInt16LE(Math.round(Math.max(-1, Math.min(1, v)) * 32767), i * 2));
  const header = Buffer.alloc(44);
  header.write('RIFF', 0, 'ascii');
  header.writeUInt32LE(36 + data.length, 4);
  header.write('WAVE', 8, 'ascii');
  header.write('fmt ', 12, 'ascii');
  header.writeUInt32LE(16, 16); // fmt chunk size
  header.writeUInt16LE(1, 20); // PCM
  header.writeUInt16LE(1, 22); // mono
  header.writeUInt32LE(rate, 24);
  header.writeUInt32LE(rate * 2, 28); // bytes per second
  header.writeUInt16LE(2, 32); // bytes per frame
  header.writeUInt16LE(16, 34); // bits per sample
  header.write('data', 36, 'ascii');
  header.writeUInt32LE(data.length, 40);
  return Buffer.concat([header, data]);
}

/** Writes `ringtone.wav` into `dir` (created if missing). */
export function drawRingtone(dir) {
  const score = JSON.parse(readFileSync(join(root, 'assets/sounds/ringtone.json'), 'utf8'));
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'ringtone.wav'), encodeWav(renderScore(score), score.sampleRate));
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const dir = process.argv[2] ?? join(root, 'dist/renderer/sounds');
  drawRingtone(dir);
  console.log(`[parley] ringtone drawn into ${dir}`);
}
