/**
 * The customer base: accounts by segment, each in a geographic area, with a
 * satisfaction score in [0, 1] that its experiences move (M13), an optional
 * annual contract, and the time it was last in touch with anyone. Accounts are
 * never reused: a churned account stays inactive, a won logo is appended.
 */
export class Accounts {
  segment: Int32Array;
  area: Int32Array;
  satisfaction: Float64Array;
  contractValue: Float64Array;
  lastContact: Float64Array;
  active: Uint8Array;
  size = 0;
  /** Active account ids per segment, for drawing a random account of a segment. */
  readonly members: number[][];
  private readonly memberPos: number[] = [];

  constructor(segments: number, capacity: number) {
    this.segment = new Int32Array(capacity);
    this.area = new Int32Array(capacity);
    this.satisfaction = new Float64Array(capacity);
    this.contractValue = new Float64Array(capacity);
    this.lastContact = new Float64Array(capacity);
    this.active = new Uint8Array(capacity);
    this.members = Array.from({ length: segments }, () => []);
  }

  get activeCount(): number {
    let n = 0;
    for (const m of this.members) n += m.length;
    return n;
  }

  add(segment: number, area: number, satisfaction: number, contractValue: number, now: number): number {
    if (this.size === this.segment.length) this.grow();
    const a = this.size++;
    this.segment[a] = segment;
    this.area[a] = area;
    this.satisfaction[a] = satisfaction;
    this.contractValue[a] = contractValue;
    this.lastContact[a] = now;
    this.active[a] = 1;
    this.memberPos[a] = this.members[segment].length;
    this.members[segment].push(a);
    return a;
  }

  /** The account leaves (churn, lapsed or lost renewal). */
  remove(a: number): void {
    if (!this.active[a]) return;
    this.active[a] = 0;
    const list = this.members[this.segment[a]];
    const i = this.memberPos[a];
    const last = list.pop()!;
    if (last !== a) {
      list[i] = last;
      this.memberPos[last] = i;
    }
  }

  /** Moves satisfaction by `delta`, kept in [0, 1]; any experience is also a contact. */
  experience(a: number, delta: number, now: number): void {
    const s = this.satisfaction[a] + delta;
    this.satisfaction[a] = s < 0 ? 0 : s > 1 ? 1 : s;
    this.lastContact[a] = now;
  }

  private grow(): void {
    const n = this.segment.length * 2;
    const i32 = (a: Int32Array) => { const b = new Int32Array(n); b.set(a); return b; };
    const f64 = (a: Float64Array) => { const b = new Float64Array(n); b.set(a); return b; };
    this.segment = i32(this.segment);
    this.area = i32(this.area);
    this.satisfaction = f64(this.satisfaction);
    this.contractValue = f64(this.contractValue);
    this.lastContact = f64(this.lastContact);
    const act = new Uint8Array(n);
    act.set(this.active);
    this.active = act;
  }
}
