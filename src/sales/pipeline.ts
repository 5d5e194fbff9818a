import { C, STAGE_BINS_AT, STAGE_COLD, STAGE_CONVERTED, STAGE_ENTERED, STAGE_EXITS, STAGE_HOURS, STAGE_LOST, stageBin } from './counters.js';
import { ModelCore } from './model-core.js';

/**
 * A declared pipeline (`company.opportunities.stages`): an opportunity goes
 * through the stages in order, each worked by its task. When the task is done
 * the opportunity converts with the stage's probability and, after the stage's
 * cycle (the customer's time), enters the next stage; past the last one the
 * deal is won. Otherwise it is lost, or goes cold when nobody works it within
 * the task's patience. Each stage's entries, exits and time are counted
 * (metrics stage.<name>.*); time in a stage runs from entering it to entering
 * the next one (or to the loss), so the stages' times add up to the sales cycle.
 */
export abstract class PipelineModel extends ModelCore {
  private readonly evStage = this.sim.register({ handle: (opp) => this.stageCycleDone(opp) });

  protected enterStage(opp: number, s: number): void {
    const o = this.opps;
    o.enterStage(opp, s, this.sim.now);
    this.counters[this.layout.stage(s, STAGE_ENTERED)]++;
    const task = this.spec.company.opportunities.stages[s].task;
    const w = this.work(task, o.account(opp), o.value(opp));
    this.store.area[w] = o.area(opp);
    this.store.opportunity[w] = opp;
    // Nobody works the stage (a phase took its routing away): the opportunity is lost there.
    if (!this.submit(w)) this.leaveStage(opp, STAGE_LOST);
  }

  /** The stage's task is done (the `advance` step): on after the cycle, or lost. */
  protected advanced(w: number): boolean {
    const opp = this.store.opportunity[w];
    const at = this.opps.stage(opp);
    if (at < 0) return false;
    const stage = this.spec.company.opportunities.stages[at];
    if (this.rng.stages() >= stage.conversion) {
      this.leaveStage(opp, STAGE_LOST);
      return false;
    }
    const cycle = stage.cycle.sample(this.rng.stages);
    if (cycle > 0) this.sim.after(cycle, this.evStage, opp);
    else this.stageCycleDone(opp);
    return false;
  }

  /** The stage's cycle is over: the next stage starts, or the deal is won. */
  private stageCycleDone(opp: number): void {
    const o = this.opps;
    const next = o.stage(opp) + 1;
    this.exitStage(o.stage(opp), this.sim.now - o.stageSince(opp), STAGE_CONVERTED);
    if (next < this.spec.company.opportunities.stages.length) {
      this.enterStage(opp, next);
      return;
    }
    o.leaveStage(opp);
    this.closeOpportunity(opp, true);
    this.wonDeal(opp);
  }

  /** Nobody worked the stage in time (the `go_cold` step on a stage's task). */
  protected stageCold(opp: number): void {
    this.leaveStage(opp, STAGE_COLD);
  }

  private leaveStage(opp: number, how: number): void {
    const o = this.opps;
    if (o.stage(opp) < 0) return;
    this.exitStage(o.stage(opp), this.sim.now - o.stageSince(opp), how);
    o.leaveStage(opp);
    if (how === STAGE_COLD) this.counters[C.opportunities_cold]++;
    this.closeOpportunity(opp, false);
  }

  private exitStage(s: number, hours: number, how: number): void {
    const L = this.layout;
    this.counters[L.stage(s, how)]++;
    this.counters[L.stage(s, STAGE_HOURS)] += hours;
    this.counters[L.stage(s, STAGE_EXITS)]++;
    this.counters[L.stage(s, STAGE_BINS_AT + stageBin(hours))]++;
  }

  /** A deal is won: the customer's first order, a new account for a new logo, a project (steps.ts). */
  protected abstract wonDeal(opp: number): void;
}
