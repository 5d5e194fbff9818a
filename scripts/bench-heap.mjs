// The `heap` benchmark case, run in its own process by scripts/bench.mjs: the
// yardstick the simulator's own figures are quoted beside. A plain hand-written
// M/M/5 (the mmc case: lambda 4.5/h, mu 1/h, 2M customers, then drained) with a
// binary heap of events in typed arrays, a FIFO ring buffer of waiting
// customers and a sum of waits: what a programmer would write for this one
// model, with none of the simulator's generality (no scenario, no routing, no
// statistics beyond the mean wait). Same Alea generator as salesim's streams.
//
//   node scripts/bench-heap.mjs [CUSTOMERS]
//
// Prints one JSON line on stdout, with the keys of bench-case.mjs. Measured on the
// same machine in the same run as mmc, the ratio mmc / heap says what the
// simulator's generality costs, whatever the machine's speed that day.
import { performance } from 'node:perf_hooks';
import seedrandom from 'seedrandom';

const CUSTOMERS = Number(process.argv[2] ?? 2_000_000);
const LAMBDA = 4.5;
const MU = 1;
const SERVERS = 5;
const ARRIVAL = 0;
const DEPARTURE = 1;

function run(customers) {
  const arrivalRng = seedrandom.alea('heap:arrivals');
  const serviceRng = seedrandom.alea('heap:service');
  let cap = 1024;
  let time = new Float64Array(cap);
  let seq = new Float64Array(cap);
  let kind = new Int32Array(cap);
  let n = 0;
  let nextSeq = 0;
  const push = (t, k) => {
    if (n === cap) {
      cap *= 2;
      const t2 = new Float64Array(cap); t2.set(time); time = t2;
      const s2 = new Float64Array(cap); s2.set(seq); seq = s2;
      const k2 = new Int32Array(cap); k2.set(kind); kind = k2;
    }
    let i = n++;
    const s = nextSeq++;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (time[p] < t || (time[p] === t && seq[p] < s)) break;
      time[i] = time[p]; seq[i] = seq[p]; kind[i] = kind[p];
      i = p;
    }
    time[i] = t; seq[i] = s; kind[i] = k;
  };
  let poppedTime = 0;
  let poppedKind = 0;
  const pop = () => {
    poppedTime = time[0];
    poppedKind = kind[0];
    const last = --n;
    if (last === 0) return;
    const t = time[last], s = seq[last], k = kind[last];
    let i = 0;
    const half = last >> 1;
    while (i < half) {
      let c = 2 * i + 1;
      if (c + 1 < last && (time[c + 1] < time[c] || (time[c + 1] === time[c] && seq[c + 1] < seq[c]))) c++;
      if (t < time[c] || (t === time[c] && s < seq[c])) break;
      time[i] = time[c]; seq[i] = seq[c]; kind[i] = kind[c];
      i = c;
    }
    time[i] = t; seq[i] = s; kind[i] = k;
  };
  // Waiting customers: their arrival times, in a ring buffer.
  let ring = new Float64Array(1024);
  let head = 0;
  let size = 0;
  let busy = 0;
  let arrived = 0;
  let served = 0;
  let waitSum = 0;
  let events = 0;
  push(-Math.log(1 - arrivalRng()) / LAMBDA, ARRIVAL);
  while (n > 0) {
    pop();
    events++;
    const now = poppedTime;
    if (poppedKind === ARRIVAL) {
      arrived++;
      if (arrived < customers) push(now - Math.log(1 - arrivalRng()) / LAMBDA, ARRIVAL);
      if (busy < SERVERS) {
        busy++;
        push(now - Math.log(1 - serviceRng()) / MU, DEPARTURE);
      } else {
        if (size === ring.length) {
          const r2 = new Float64Array(ring.length * 2);
          for (let j = 0; j < size; j++) r2[j] = ring[(head + j) % ring.length];
          ring = r2; head = 0;
        }
        ring[(head + size) % ring.length] = now;
        size++;
      }
    } else {
      served++;
      if (size > 0) {
        waitSum += now - ring[head];
        head = (head + 1) % ring.length;
        size--;
        push(now - Math.log(1 - serviceRng()) / MU, DEPARTURE);
      } else busy--;
    }
  }
  return { served, events, waitSum, end: poppedTime };
}

// A short warm-up so that V8 has optimised the loop, as it has the simulator's
// (whose bench case runs long enough for that to happen in the first tenth).
run(100_000);
const t0 = performance.now();
const r = run(CUSTOMERS);
const wall = (performance.now() - t0) / 1000;
process.stdout.write(`${JSON.stringify({
  name: 'heap',
  customers: r.served,
  events: r.events,
  wall_s: wall,
  load_s: 0,
  sim_hours: r.end,
  mean_wait_h: r.waitSum / r.served,
  peak_rss_mb: process.resourceUsage().maxRSS / 1024,
})}\n`);
