/** Doubles per account record: satisfaction, last contact, contract value, then segment and area as two 32-bit integers. */
const REC = 4;
const SATISFACTION = 0;
const LAST_CONTACT = 1;
const CONTRACT = 2;
/** Int32 slots of the record's fourth double (the Int32Array view counts 2 * REC per account). */
const SEGMENT = 6;
const AREA = 7;

/**
 * The customer base: accounts by segment, each in a geographic area, with a
 * satisfaction score in [0, 1] that its experiences move (M13), an optional
 * annual contract, and the time it was last in touch with anyone. Accounts are
 * never reused: a churned account stays inactive, a won logo is appended.
 *
 * An account's fields are one 32-byte record (two to a cache line) rather than
 * a column each: demand picks accounts at random, and what follows reads most
 * of the account (its segment, area, satisfaction, contract; the contact it
 * had). In a large base (90,000 accounts at 64 times the default company) a
 * column each was a cache miss per field read; a record is one. Only `active`,
 * tested first and a byte per account, stays a column of its own.
 */
export class Accounts {
  private rec: Float64Array;
  /** The same records as 32-bit integers (segment and area). */
  private ints: Int32Array;
  active: Uint8Array;
  size = 0;
  /** Active account ids per segment, for drawing a random account of a segment. */
  readonly members: number[][];
  private readonly memberPos: number[] = [];

  constructor(segments: number, capacity: number) {
    this.rec = new Float64Array(capacity * REC);
    this.ints = new Int32Array(this.rec.buffer);
    this.active = new Uint8Array(capacity);
    this.members = Array.from({ length: segments }, () => []);
  }

  get activeCount(): number {
    let n = 0;
    for (const m of this.members) n += m.length;
    return n;
  }

  segmentOf(a: number): number {
    return this.ints[a * 2 * REC + SEGMENT];
  }

  areaOf(a: number): number {
    return this.ints[a * 2 * REC + AREA];
  }

  satisfactionOf(a: number): number {
    return this.rec[a * REC + SATISFACTION];
  }

  setSatisfaction(a: number, s: number): void {
    this.rec[a * REC + SATISFACTION] = s;
  }

  /** Annual contract value (0: none). */
  contractOf(a: number): number {
    return this.rec[a * REC + CONTRACT];
  }

  setContract(a: number, value: number): void {
    this.rec[a * REC + CONTRACT] = value;
  }

  lastContactOf(a: number): number {
    return this.rec[a * REC + LAST_CONTACT];
  }

  /** The account was in touch with someone now (without an experience that moves satisfaction). */
  contacted(a: number, now: number): void {
    this.rec[a * REC + LAST_CONTACT] = now;
  }

  add(segment: number, area: number, satisfaction: number, contractValue: number, now: number): number {
    if (this.size === this.active.length) this.grow();
    const a = this.size++;
    const r = a * REC;
    this.rec[r + SATISFACTION] = satisfaction;
    this.rec[r + LAST_CONTACT] = now;
    this.rec[r + CONTRACT] = contractValue;
    this.ints[2 * r + SEGMENT] = segment;
    this.ints[2 * r + AREA] = area;
    this.active[a] = 1;
    this.memberPos[a] = this.members[segment].length;
    this.members[segment].push(a);
    return a;
  }

  /** The account leaves (churn, lapsed or lost renewal). */
  remove(a: number): void {
    if (!this.active[a]) return;
    this.active[a] = 0;
    const list = this.members[this.segmentOf(a)];
    const i = this.memberPos[a];
    const last = list.pop()!;
    if (last !== a) {
      list[i] = last;
      this.memberPos[last] = i;
    }
  }

  /** Moves satisfaction by `delta`, kept in [0, 1]; any experience is also a contact. */
  experience(a: number, delta: number, now: number): void {
    const r = a * REC;
    const s = this.rec[r + SATISFACTION] + delta;
    this.rec[r + SATISFACTION] = s < 0 ? 0 : s > 1 ? 1 : s;
    this.rec[r + LAST_CONTACT] = now;
  }

  private grow(): void {
    const n = this.active.length * 2;
    const rec = new Float64Array(n * REC);
    rec.set(this.rec);
    this.rec = rec;
    this.ints = new Int32Array(rec.buffer);
    const act = new Uint8Array(n);
    act.set(this.active);
    this.active = act;
  }
}
