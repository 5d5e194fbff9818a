import { quantileSorted } from 'simple-statistics';
import { growF64 } from '../kernel/resource/job-store.js';
import { HOURS_PER_YEAR } from '../kernel/time.js';
import type { Layout } from './counters.js';
import { everySpec, type SalesSpec } from './spec.js';
import type { WorkStore } from './work.js';

/**
 * Sales credit: what each person's work brought in, as a compensation plan
 * credits it.
 * - Bookings: the value of an opportunity won, credited to whoever held its
 *   first BD meeting (the person who opened it: win rates are theirs, M5).
 * - Revenue: each amount the ledger books as revenue, credited once, to
 *   whoever did the work that booked it: the first order of a deal they won,
 *   a renewal they negotiated, an order they keyed (less what an upsell on its
 *   call added) and the upsell itself, to whoever sold it on the call, when the
 *   order is booked. The roles' revenue credited so adds up to the company's.
 * Per role in the ledger (the window's totals, per person-week), and per person
 * in flat arrays by Person.index: indices are never reused, so a leaver's
 * results stay theirs, and a deal they opened that closes after they left is
 * still credited to them. Crediting draws no random numbers: a run with a
 * quota is the run without, to the bit.
 */
export class Credit {
  /** Per role, by Person.index: bookings and revenue credited since the start of the run. */
  readonly bookings: Float64Array[];
  readonly revenue: Float64Array[];

  constructor(spec: SalesSpec, private readonly store: WorkStore, private readonly counters: Float64Array, private readonly L: Layout) {
    this.bookings = spec.roles.map((r) => new Float64Array(Math.max(4, r.headcount)));
    this.revenue = spec.roles.map((r) => new Float64Array(Math.max(4, r.headcount)));
  }

  /** An opportunity is won: its value booked, and its first order's revenue, to the person who held its first meeting. */
  won(role: number, person: number, value: number, firstOrder: number): void {
    this.counters[this.L.bookings(role)] += value;
    this.add(this.bookings, role, person, value);
    this.revenueTo(role, person, firstOrder);
  }

  /** Item w's revenue is booked (a renewal negotiated, an order keyed): to whoever did it; an upsell's share to whoever sold it. */
  booked(w: number, value: number): void {
    const st = this.store;
    const upsold = st.upsold[w];
    this.revenueTo(st.pool[w], st.by[w], value - upsold);
    if (upsold > 0) this.revenueTo(st.upsoldRole[w], st.upsoldBy[w], upsold);
  }

  /** An upsell on the call item w adds `extra` to its order, sold by the person: theirs once the order is booked. */
  upsell(w: number, role: number, person: number, extra: number): void {
    const st = this.store;
    st.upsold[w] += extra;
    st.upsoldRole[w] = role;
    st.upsoldBy[w] = person;
  }

  /** Each role's people's bookings and revenue so far, by Person.index (a copy: a window is the difference of two). */
  snapshot(): PersonBooks {
    return { bookings: this.bookings.map((a) => a.slice()), revenue: this.revenue.map((a) => a.slice()) };
  }

  private revenueTo(role: number, person: number, value: number): void {
    this.counters[this.L.credited(role)] += value;
    this.add(this.revenue, role, person, value);
  }

  private add(books: Float64Array[], role: number, person: number, value: number): void {
    if (person >= books[role].length) books[role] = growF64(books[role], Math.max(2 * books[role].length, person + 1));
    books[role][person] += value;
  }
}

/** Bookings and revenue per role, by Person.index (an index past an array's end has none). */
export interface PersonBooks {
  bookings: Float64Array[];
  revenue: Float64Array[];
}

/** One person's time on the books (joined: -Infinity for the starting roster; left: Infinity while still there). */
export interface Tenure {
  joined: number;
  left: number;
}

export const ATTAINMENT = ['attainment_p10', 'attainment_p50', 'attainment_p90', 'at_quota_share'] as const;

/** Roles with a quota in some phase: they get attainment metrics. */
export function quotaRoles(spec: SalesSpec): number[] {
  return spec.roles.flatMap((_, r) => (everySpec(spec).some((s) => s.roles[r].quota !== null) ? [r] : []));
}

/**
 * The quota a person on the books from `from` to `to` carries: each phase's
 * yearly quota for the hours it was in force (a phase without one: none for
 * those hours), as a plan pro-rates a quota changed mid-year.
 */
export function quotaOver(spec: SalesSpec, r: number, from: number, to: number): number {
  const starts = [0, ...spec.phases.map((p) => p.at)];
  const specs = everySpec(spec);
  let total = 0;
  specs.forEach((s, k) => {
    const a = Math.max(from, starts[k]);
    const b = Math.min(to, k + 1 < starts.length ? starts[k + 1] : Infinity);
    if (b > a) total += ((s.roles[r].quota ?? 0) * (b - a)) / HOURS_PER_YEAR;
  });
  return total;
}

/**
 * Attainment across a role's people over the measured window [from, to]:
 * each person's bookings (or revenue, as the role's quota_on says) in the
 * window over the quota they carried in it; its P10, P50 and P90 (linear
 * interpolation, simple-statistics' quantile) and the share at or above 1.
 *
 * Only people on the books for the whole window count. A capacity plan asks
 * what a seat yields once it is filled: a hire's first months are ramp-up and
 * pipeline building (deals close a sales cycle after the first meeting), and a
 * leaver's last deals close after they left, so pro-rating part-period people
 * by their time on the books would spread the distribution with artefacts of
 * tenure instead of performance. Quota-attainment benchmarks count
 * full-period reps for the same reason. Part-period people's results still
 * count in the role's per-person-week rates (bookings_per_person_week).
 * NaN when nobody was there throughout.
 */
export function attainment(values: readonly number[], quota: number): number[] {
  if (values.length === 0 || !(quota > 0)) return ATTAINMENT.map(() => NaN);
  const a = values.map((v) => v / quota).sort((x, y) => x - y);
  return [quantileSorted(a, 0.1), quantileSorted(a, 0.5), quantileSorted(a, 0.9), a.filter((x) => x >= 1).length / a.length];
}

/** The attainment metrics of every role with a quota, from the books at the start and end of the window and each person's tenure. */
export function attainmentMetrics(
  spec: SalesSpec, start: PersonBooks, end: PersonBooks, staff: readonly (readonly Tenure[])[], from: number, to: number,
): { names: string[]; values: number[] } {
  const names: string[] = [];
  const values: number[] = [];
  for (const r of quotaRoles(spec)) {
    const on = spec.roles[r].quotaOn;
    const books = (b: PersonBooks, i: number) => (on === 'bookings' ? b.bookings : b.revenue)[r]?.[i] ?? 0;
    const full: number[] = [];
    staff[r].forEach((p, i) => {
      if (p.joined <= from && p.left >= to) full.push(books(end, i) - books(start, i));
    });
    const id = spec.roles[r].id;
    names.push(...ATTAINMENT.map((m) => `role.${id}.${m}`));
    values.push(...attainment(full, quotaOver(spec, r, from, to)));
  }
  return { names, values };
}
