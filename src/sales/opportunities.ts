/** Doubles per opportunity record: four times and amounts, then five 32-bit integers (and one unused) in the last three. */
const REC = 8;
const VALUE = 0;
const CREATED = 1;
const FIRST_WAIT = 2;
const STAGE_SINCE = 3;
/** Int32 slots (the Int32Array view counts 2 * REC per opportunity). */
const AREA = 8;
const ACCOUNT = 9;
const FIRST_ROLE = 10;
const FIRST_PERSON = 11;
const STAGE = 12;

/**
 * The opportunities of the pipeline (M5), by id in the order they were
 * created: each one 64-byte record (a cache line) in one typed array instead
 * of an object whose number fields the engine keeps as boxes of their own. A
 * large company has tens of thousands open at once, each read at its meetings,
 * its stages and its decision weeks apart: as objects they were scattered over
 * the heap (and survived to its old generation, for the collector to trace);
 * as records the open ones are a contiguous stretch of recent ids.
 */
export class Opportunities {
  private rec = new Float64Array(1024 * REC);
  private ints = new Int32Array(this.rec.buffer);
  /** Opportunities ever created (ids 0..length-1). */
  length = 0;

  /** A new opportunity, for the account or (-1) a new logo in the area: not met yet, in no stage. */
  add(value: number, area: number, account: number, created: number): number {
    if ((this.length + 1) * REC > this.rec.length) this.grow();
    const o = this.length++;
    const r = o * REC;
    this.rec[r + VALUE] = value;
    this.rec[r + CREATED] = created;
    this.rec[r + FIRST_WAIT] = -1;
    this.rec[r + STAGE_SINCE] = 0;
    const i = 2 * r;
    this.ints[i + AREA] = area;
    this.ints[i + ACCOUNT] = account;
    this.ints[i + FIRST_ROLE] = -1;
    this.ints[i + FIRST_PERSON] = -1;
    this.ints[i + STAGE] = -1;
    return o;
  }

  value(o: number): number {
    return this.rec[o * REC + VALUE];
  }

  area(o: number): number {
    return this.ints[o * 2 * REC + AREA];
  }

  /** The account it grows, or -1 for a new logo. */
  account(o: number): number {
    return this.ints[o * 2 * REC + ACCOUNT];
  }

  created(o: number): number {
    return this.rec[o * REC + CREATED];
  }

  /** Hours it waited for its first meeting (-1: not met yet). */
  firstWait(o: number): number {
    return this.rec[o * REC + FIRST_WAIT];
  }

  setFirstWait(o: number, hours: number): void {
    this.rec[o * REC + FIRST_WAIT] = hours;
  }

  /** The role and person (Person.index) credited when it is won (credit.ts): the first BD meeting's; with stages, the last stage's. */
  firstRole(o: number): number {
    return this.ints[o * 2 * REC + FIRST_ROLE];
  }

  firstPerson(o: number): number {
    return this.ints[o * 2 * REC + FIRST_PERSON];
  }

  setFirst(o: number, role: number, person: number): void {
    this.ints[o * 2 * REC + FIRST_ROLE] = role;
    this.ints[o * 2 * REC + FIRST_PERSON] = person;
  }

  /** Its stage in a declared pipeline (-1: none). */
  stage(o: number): number {
    return this.ints[o * 2 * REC + STAGE];
  }

  /** Since when it is in its stage. */
  stageSince(o: number): number {
    return this.rec[o * REC + STAGE_SINCE];
  }

  /** Enters stage s at time `since`. */
  enterStage(o: number, s: number, since: number): void {
    this.ints[o * 2 * REC + STAGE] = s;
    this.rec[o * REC + STAGE_SINCE] = since;
  }

  /** Leaves its stage (won, lost or gone cold). */
  leaveStage(o: number): void {
    this.ints[o * 2 * REC + STAGE] = -1;
  }

  private grow(): void {
    const rec = new Float64Array(this.rec.length * 2);
    rec.set(this.rec);
    this.rec = rec;
    this.ints = new Int32Array(rec.buffer);
  }
}
