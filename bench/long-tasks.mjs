// Reads a trace written with PARLEY_BENCH_TRACE (bench/support/trace.ts) and lists Parley's
// long tasks: for each task over the threshold on the renderer main thread that ran Parley's
// code, the browser's events in it (script, layout, paint, GC) and its most sampled functions,
// mapped through the source maps of the build that ran (dist/renderer/assets/*.map).
//
//   node bench/long-tasks.mjs TRACE.json [threshold ms, default 50]
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const { SourceMapConsumer } = require('source-map-js');
const assets = join(dirname(fileURLToPath(import.meta.url)), '../dist/renderer/assets');

const [file, thresholdArg] = process.argv.slice(2);
if (!file) {
  console.error('usage: node bench/long-tasks.mjs TRACE.json [threshold ms]');
  process.exit(2);
}
const threshold = Number(thresholdArg ?? 50) * 1000; // trace times are µs
const events = JSON.parse(readFileSync(file, 'utf8')).traceEvents;

// Parley's renderer: the main thread whose script calls include Parley's start chunk.
const byThread = new Map();
const threadNames = new Map();
for (const e of events) {
  const thread = `${e.pid}:${e.tid}`;
  if (e.ph === 'M' && e.name === 'thread_name') threadNames.set(thread, e.args.name);
  if (!byThread.has(thread)) byThread.set(thread, []);
  byThread.get(thread).push(e);
}
const isParley = (list) => list.some((e) => e.name === 'FunctionCall' && /\/assets\/start-/.test(e.args?.data?.url ?? ''));
const main = [...byThread].find(([thread, list]) => threadNames.get(thread) === 'CrRendererMain' && isParley(list));
if (!main) {
  console.error("no renderer main thread ran Parley's code in this trace");
  process.exit(1);
}
const [thread, threadEvents] = main;
const pid = Number(thread.split(':')[0]);
const complete = threadEvents.filter((e) => e.ph === 'X').sort((a, b) => a.ts - b.ts);
const tasks = complete.filter((e) => e.name === 'RunTask' && e.dur >= threshold);

// Sampled stacks of that process (V8's profiler writes them as ProfileChunk events).
const nodes = new Map();
const samples = [];
let clock = 0;
for (const e of events) {
  if (e.pid !== pid) continue;
  if (e.name === 'Profile') clock = e.args.data.startTime;
  if (e.name !== 'ProfileChunk') continue;
  const profile = e.args.data.cpuProfile ?? {};
  for (const node of profile.nodes ?? []) nodes.set(node.id, node);
  const deltas = e.args.data.timeDeltas ?? [];
  (profile.samples ?? []).forEach((id, i) => samples.push([(clock += deltas[i] ?? 0), id]));
}

const maps = new Map();
function where(frame) {
  const name = frame.functionName || '(anonymous)';
  const script = (frame.url ?? '').split('/').pop();
  const mapFile = join(assets, `${script}.map`);
  if (!script.endsWith('.js') || !existsSync(mapFile)) return script ? `${name} (${script})` : name;
  if (!maps.has(mapFile)) maps.set(mapFile, new SourceMapConsumer(JSON.parse(readFileSync(mapFile, 'utf8'))));
  const at = maps.get(mapFile).originalPositionFor({ line: frame.lineNumber + 1, column: frame.columnNumber });
  return `${at.name ?? name} ${(at.source ?? script).replace(/^(\.\.\/)+/, '')}:${at.line}`;
}

const EVENTS = new Set(['FunctionCall', 'EventDispatch', 'TimerFire', 'FireAnimationFrame', 'RunMicrotasks', 'Layout', 'UpdateLayoutTree', 'PrePaint', 'Paint', 'Commit', 'MinorGC', 'MajorGC']);
const top = (counts, n) => [...counts].sort((a, b) => b[1] - a[1]).slice(0, n);
console.log(`${tasks.length} tasks over ${threshold / 1000} ms on Parley's main thread (${thread})`);
for (const task of tasks) {
  const end = task.ts + task.dur;
  const inside = new Map();
  for (const e of complete) {
    if (e === task || e.ts < task.ts || e.ts >= end || !EVENTS.has(e.name)) continue;
    const data = e.args?.data ?? {};
    const label = e.name === 'FunctionCall' ? `script ${where({ ...data, lineNumber: data.lineNumber ?? 0, columnNumber: data.columnNumber ?? 0 })}` : e.name === 'EventDispatch' ? `event ${data.type}` : e.name;
    inside.set(label, (inside.get(label) ?? 0) + e.dur);
  }
  const sampled = new Map();
  for (const [at, id] of samples) {
    if (at < task.ts || at >= end || !nodes.has(id)) continue;
    const label = where(nodes.get(id).callFrame);
    sampled.set(label, (sampled.get(label) ?? 0) + 1);
  }
  console.log(`\n${(task.dur / 1000).toFixed(1)} ms at +${((task.ts - tasks[0].ts) / 1000).toFixed(0)} ms`);
  for (const [label, us] of top(inside, 6)) console.log(`  ${(us / 1000).toFixed(1).padStart(6)} ms  ${label}`);
  console.log('  most sampled:');
  for (const [label, n] of top(sampled, 6)) console.log(`  ${String(n).padStart(6)}     ${label}`);
}
