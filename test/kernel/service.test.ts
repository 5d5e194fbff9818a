import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { firstOf, IndexedQueue } from '../../src/kernel/resource/indexed-queue.js';
import { JobStore } from '../../src/kernel/resource/job-store.js';
import { ServerPool } from '../../src/kernel/resource/server-pool.js';
import { DROP, FINISH, Service, type ServiceHooks, type ShiftEndRule, SUSPEND } from '../../src/kernel/resource/service.js';
import { Simulation } from '../../src/kernel/simulation.js';

/**
 * The kernel's resource primitives, which every model's queues and servers are
 * made of: the queue with removal (both layouts) against a sorted list, the job
 * store's recycling, the pool's free servers, and service with
 * interrupt-and-resume, shift-end rules and patience.
 */
type Op = { kind: 'push'; key: number } | { kind: 'front' } | { kind: 'pop' } | { kind: 'remove'; pick: number };

const op = (fifo: boolean): fc.Arbitrary<Op> => fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('push' as const), key: fifo ? fc.constant(0) : fc.integer({ min: -2, max: 2 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('front' as const) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('pop' as const) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('remove' as const), pick: fc.nat(1000) }) },
);

describe('IndexedQueue (the queue with removal)', () => {
  for (const fifo of [false, true]) {
    it(`${fifo ? 'FIFO ring' : 'heap'}: serves in order whatever was removed, and every job knows its place (property)`, () => {
      fc.assert(fc.property(fc.array(op(fifo), { maxLength: 300 }), (ops) => {
        const jobs = new JobStore(4); // small: it has to grow
        const q = new IndexedQueue(jobs, fifo);
        let reference: number[] = [];
        let seq = 0;
        // A FIFO queue serves pushFront first; a heap orders by (key, seq), so "front" is a smaller seq.
        let frontSeq = -1;
        const order = (a: number, b: number) => jobs.key[a] - jobs.key[b] || jobs.seq[a] - jobs.seq[b];
        for (const o of ops) {
          if (o.kind === 'push' || o.kind === 'front') {
            const id = jobs.alloc();
            jobs.key[id] = o.kind === 'push' ? o.key : -3;
            jobs.seq[id] = o.kind === 'push' ? seq++ : frontSeq--;
            if (o.kind === 'push') { q.push(id); reference.push(id); } else { q.pushFront(id); reference.unshift(id); }
            if (!fifo) reference.sort(order);
          } else if (o.kind === 'pop') {
            const head = q.pop();
            expect(head).toBe(reference[0] ?? -1);
            if (head >= 0) { reference.shift(); jobs.release(head); }
          } else if (reference.length > 0) {
            const id = reference[o.pick % reference.length];
            jobs.unqueue(id);
            expect(jobs.queue[id]).toBe(-1);
            reference = reference.filter((x) => x !== id);
            jobs.release(id);
          }
          expect(q.length).toBe(reference.length);
          expect(q.peek()).toBe(reference[0] ?? -1);
          const walked = q.toArray();
          expect([...walked].sort((a, b) => a - b)).toEqual([...reference].sort((a, b) => a - b));
          for (let i = 0; i < q.slots; i++) {
            const id = q.at(i);
            if (id >= 0) expect(jobs.queue[id]).toBe(q.id);
          }
        }
      }));
    });
  }

  it('reorder() restores the order after keys change; firstOf() picks the smaller (key, seq)', () => {
    const jobs = new JobStore();
    const q = new IndexedQueue(jobs);
    const ids = [3, 1, 2, 0].map((k, i) => { const id = jobs.alloc(); jobs.key[id] = k; jobs.seq[id] = i; q.push(id); return id; });
    for (const id of ids) jobs.key[id] = -jobs.key[id];
    q.reorder();
    const out: number[] = [];
    for (let id = q.pop(); id >= 0; id = q.pop()) out.push(jobs.key[id]);
    expect(out).toEqual([-3, -2, -1, -0]);
    expect(firstOf(jobs, ids[0], ids[1])).toBe(ids[0]);
    expect(firstOf(jobs, -1, ids[1])).toBe(ids[1]);
    expect(firstOf(jobs, ids[2], -1)).toBe(ids[2]);
  });
});

describe('JobStore', () => {
  it('recycles ids, changes the token and serial of every incarnation, and stops at its limit', () => {
    const jobs = new JobStore(2);
    const a = jobs.alloc();
    const serial = jobs.serial[a];
    const token = jobs.token[a];
    jobs.release(a);
    expect(jobs.alive(a, serial)).toBe(false);
    const b = jobs.alloc();
    expect(b).toBe(a);
    expect(jobs.serial[b]).not.toBe(serial);
    expect(jobs.token[b]).toBeGreaterThan(token);
    jobs.limit = 4;
    jobs.onFull = () => { throw new Error('full'); };
    for (let i = 0; i < 3; i++) jobs.alloc();
    expect(jobs.live).toBe(4);
    expect(() => jobs.alloc()).toThrow('full');
  });
});

describe('ServerPool', () => {
  it('free servers are the present ones with empty hands, walked in index order', () => {
    const pool = new ServerPool(3);
    pool.assign(0, 7);
    pool.setPresent(1, false);
    expect([pool.firstFree(), pool.available, pool.busy]).toEqual([2, 1, 1]);
    const s = pool.add(true);
    expect(pool.nextFree(3)).toBe(s);
    pool.setPresent(1, true);
    expect(pool.firstFree()).toBe(1);
    expect(pool.vacate(0)).toBe(7);
    expect([pool.firstFree(), pool.busy]).toEqual([0, 0]);
    pool.setPresent(0, false);
    pool.assign(0, 9); // a leaver finishing an item
    expect(pool.vacate(0)).toBe(9);
    expect(pool.free.has(0)).toBe(false);
  });

  it('setAllPresent: a shift that ends leaves busy servers their jobs, and one that starts frees only the empty-handed', () => {
    const pool = new ServerPool(40); // two words of the bit sets
    pool.assign(3, 5);
    pool.assign(35, 6);
    pool.setAllPresent(false);
    expect([pool.available, pool.firstFree(), pool.busy, pool.job[35]]).toEqual([0, -1, 2, 6]);
    expect(pool.vacate(3)).toBe(5); // finishing after the shift: the server stays absent
    expect(pool.free.has(3)).toBe(false);
    pool.setAllPresent(true);
    expect([pool.available, pool.present.size, pool.free.has(35), pool.firstFree()]).toEqual([39, 40, false, 0]);
  });
});

/** One pool, jobs of fixed hours, a FIFO queue: enough to watch the mechanism (goOn: the server takes the queue's head as it finishes). */
function rig(servers: number, rule: ShiftEndRule = FINISH, goOn = false) {
  const sim = new Simulation();
  const jobs = new JobStore();
  const queue = new IndexedQueue(jobs, true);
  const hours = new Float64Array(64);
  const finished: Array<[number, number]> = [];
  /** Whether the server was free when finished was called. */
  const freeAtEnd: boolean[] = [];
  const expired: number[] = [];
  const put: Array<[number, ShiftEndRule]> = [];
  const pools = [new ServerPool(servers)];
  const hooks: ServiceHooks = {
    duration: (job) => hours[job],
    finished: (job, pool, server) => {
      finished.push([job, sim.now]);
      freeAtEnd.push(pools[pool].free.has(server));
      service.serveNext(pool, server);
    },
    ...(goOn ? { goOn: () => queue.pop() } : {}),
    pick: () => queue.pop(),
    mayTake: () => true,
    expired: (job) => { jobs.unqueue(job); expired.push(job); },
    atShiftEnd: () => rule,
    putDown: (job, _p, _s, r) => { put.push([job, r]); queue.pushFront(job); },
  };
  const service = new Service(sim, jobs, pools, hooks, 1);
  const submit = (h: number) => {
    const id = jobs.alloc();
    hours[id] = h;
    if (!service.offer(id, 0)) queue.push(id);
    return id;
  };
  return { sim, jobs, queue, service, pools, finished, freeAtEnd, expired, put, submit };
}

describe('Service', () => {
  it('serves in order, a freed server takes the head of the queue, and each end is one event', () => {
    const r = rig(2);
    const ids = [3, 1, 2, 1].map((h) => r.submit(h));
    r.sim.run();
    // Ends due at the same time come in the order they were scheduled.
    expect(r.finished).toEqual([[ids[1], 1], [ids[0], 3], [ids[2], 3], [ids[3], 4]]);
    expect(r.pools[0].busy).toBe(0);
  });

  it('goOn: a server going straight on to the next job serves the same jobs at the same times, never free in between', () => {
    const runs = [false, true].map((goOn) => {
      const r = rig(2, FINISH, goOn);
      [3, 1, 2, 1, 2].forEach((h) => r.submit(h));
      r.sim.run();
      return r;
    });
    expect(runs[1].finished).toEqual(runs[0].finished);
    // Without goOn every server is free when told; with it, only once the queue is empty.
    expect(runs[0].freeAtEnd.every((f) => f)).toBe(true);
    expect(runs[1].freeAtEnd).toEqual([false, false, false, true, true]);
    expect([runs[1].pools[0].busy, runs[1].pools[0].available]).toEqual([0, 2]);
  });

  it('an interrupted job resumes with the hours it still needed', () => {
    const r = rig(1);
    const a = r.submit(4);
    r.sim.run(1.5);
    r.service.interrupt(a);
    expect(r.jobs.remaining[a]).toBeCloseTo(2.5, 12);
    const b = r.submit(1); // the server is free: b goes first
    r.queue.push(a);
    r.sim.run();
    expect(r.finished).toEqual([[b, 2.5], [a, 5]]);
  });

  it('at a shift end, SUSPEND keeps the hours left and DROP starts afresh; FINISH carries on', () => {
    for (const [rule, end] of [[FINISH, 4], [SUSPEND, 4], [DROP, 5.5]] as const) {
      const r = rig(1, rule);
      const a = r.submit(4);
      r.sim.run(1.5);
      r.service.endShift(0);
      expect(r.put).toEqual(rule === FINISH ? [] : [[a, rule]]);
      if (rule !== FINISH) r.service.serveNext(0, 0);
      r.sim.run();
      expect(r.finished).toEqual([[a, end]]);
    }
  });

  it('a job expires only while it waits: served in time, its timer is stale', () => {
    const r = rig(1);
    r.submit(2);
    const late = r.submit(1);
    const served = r.submit(1);
    r.service.expireAt(late, 1, 0);
    r.service.expireAt(served, 5, -1);
    r.sim.run();
    expect(r.expired).toEqual([late]);
    expect(r.finished.map(([j]) => j)).not.toContain(late);
    expect(r.finished.map(([, t]) => t)).toEqual([2, 3]);
  });
});
