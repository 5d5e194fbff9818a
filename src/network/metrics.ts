import type { Network } from './network.js';

/**
 * Metric definitions. A run is observed through "snapshots": flat arrays of
 * cumulative quantities (busy server-hours, completed items, summed waits...)
 * taken at the end of the warm-up, at every week boundary and at the end. A metric
 * over any window is computed from the difference of two snapshots, so the hot
 * path only ever adds to running totals.
 *
 * Names are stable, snake_case and scoped with dots (README, "Metrics").
 */
export interface MetricDef {
  name: string;
  /** Also reported per week in weekly.csv. */
  weekly: boolean;
  /** Value over a window: `d` = end snapshot - start snapshot, `end` = end snapshot, `span` = hours. */
  value(d: Float64Array, end: Float64Array, span: number, start: Float64Array): number;
}

const ratio = (a: number, b: number) => (b > 0 ? a / b : NaN);

export class Probe {
  readonly size: number;
  readonly metrics: MetricDef[] = [];
  /** Quantile metrics, read from the network's sketches (not differenced). */
  readonly quantiles: { name: string; read(net: Network): number }[] = [];

  constructor(private readonly net: Network) {
    let n = 0;
    const slot = () => n++;
    const spec = net.spec;
    const defs = this.metrics;

    const roleSlots = spec.roles.map((r) => ({ id: r.id, busy: slot(), capacity: slot(), queue: slot() }));
    const taskSlots = spec.tasks.map((t, index) => ({
      id: t.id, index, waitSum: slot(), waitCount: slot(), waitPositive: slot(), queueSum: slot(), queueCount: slot(),
      serviceSum: slot(), completed: slot(), abandoned: slot(), balked: slot(),
    }));
    const typeSlots = spec.itemTypes.map((t, index) => ({
      id: t.id, index, arrived: slot(), completed: slot(), abandoned: slot(), lost: slot(), sojournSum: slot(),
      wipArea: slot(), wipNow: slot(),
    }));
    this.size = n;
    this.layout = { roleSlots, taskSlots, typeSlots };

    for (const r of roleSlots) {
      const p = `role.${r.id}`;
      defs.push(
        { name: `${p}.utilization`, weekly: true, value: (d) => ratio(d[r.busy], d[r.capacity]) },
        { name: `${p}.busy_mean`, weekly: false, value: (d, _e, span) => ratio(d[r.busy], span) },
        { name: `${p}.capacity_mean`, weekly: false, value: (d, _e, span) => ratio(d[r.capacity], span) },
        { name: `${p}.queue_length_mean`, weekly: true, value: (d, _e, span) => ratio(d[r.queue], span) },
      );
    }
    for (const t of taskSlots) {
      const p = `task.${t.id}`;
      defs.push(
        { name: `${p}.completed`, weekly: true, value: (d) => d[t.completed] },
        { name: `${p}.wait_h_mean`, weekly: true, value: (d) => ratio(d[t.waitSum], d[t.waitCount]) },
        { name: `${p}.waited_fraction`, weekly: false, value: (d) => ratio(d[t.waitPositive], d[t.waitCount]) },
        { name: `${p}.queue_time_h_mean`, weekly: false, value: (d) => ratio(d[t.queueSum], d[t.queueCount]) },
        { name: `${p}.service_h_mean`, weekly: false, value: (d) => ratio(d[t.serviceSum], d[t.completed]) },
        { name: `${p}.abandoned`, weekly: true, value: (d) => d[t.abandoned] },
        { name: `${p}.balked`, weekly: false, value: (d) => d[t.balked] },
        {
          name: `${p}.abandoned_fraction`, weekly: false,
          value: (d) => ratio(d[t.abandoned], d[t.waitCount] + d[t.abandoned] + d[t.balked]),
        },
      );
      this.quantiles.push(
        { name: `${p}.wait_h_p50`, read: (net) => net.taskStats[t.index].wait.quantile(0.5) },
        { name: `${p}.wait_h_p90`, read: (net) => net.taskStats[t.index].wait.quantile(0.9) },
      );
    }
    for (const t of typeSlots) {
      const p = `items.${t.id}`;
      defs.push(
        { name: `${p}.arrived`, weekly: true, value: (d) => d[t.arrived] },
        { name: `${p}.completed`, weekly: true, value: (d) => d[t.completed] },
        { name: `${p}.abandoned`, weekly: true, value: (d) => d[t.abandoned] },
        { name: `${p}.lost`, weekly: true, value: (d) => d[t.lost] },
        { name: `${p}.in_progress`, weekly: true, value: (_d, e) => e[t.wipNow] },
        { name: `${p}.in_progress_start`, weekly: false, value: (_d, _e, _s, s) => s[t.wipNow] },
        { name: `${p}.sojourn_h_mean`, weekly: true, value: (d) => ratio(d[t.sojournSum], d[t.completed]) },
        { name: `${p}.wip_mean`, weekly: false, value: (d, _e, span) => ratio(d[t.wipArea], span) },
        { name: `${p}.throughput_h`, weekly: false, value: (d, _e, span) => ratio(d[t.completed], span) },
      );
      this.quantiles.push(
        { name: `${p}.sojourn_h_p50`, read: (net) => net.typeStats[t.index].sojourn.quantile(0.5) },
        { name: `${p}.sojourn_h_p90`, read: (net) => net.typeStats[t.index].sojourn.quantile(0.9) },
      );
    }
  }

  private readonly layout: {
    roleSlots: { busy: number; capacity: number; queue: number }[];
    taskSlots: { waitSum: number; waitCount: number; waitPositive: number; queueSum: number; queueCount: number; serviceSum: number; completed: number; abandoned: number; balked: number }[];
    typeSlots: { arrived: number; completed: number; abandoned: number; lost: number; sojournSum: number; wipArea: number; wipNow: number }[];
  };

  /** Cumulative quantities at time `now`. */
  snapshot(now: number): Float64Array {
    const s = new Float64Array(this.size);
    const net = this.net;
    this.layout.roleSlots.forEach((r, k) => {
      const p = net.pools[k];
      s[r.busy] = p.busyLevel.areaUntil(now);
      s[r.capacity] = p.capacityLevel.areaUntil(now);
      s[r.queue] = p.queueLevel.areaUntil(now);
    });
    this.layout.taskSlots.forEach((t, k) => {
      const st = net.taskStats[k];
      s[t.waitSum] = st.wait.sum;
      s[t.waitCount] = st.wait.count;
      s[t.waitPositive] = st.wait.positive;
      s[t.queueSum] = st.wait.sum + st.abandonedWaitSum;
      s[t.queueCount] = st.wait.count + st.abandoned;
      s[t.serviceSum] = st.serviceSum;
      s[t.completed] = st.completed;
      s[t.abandoned] = st.abandoned;
      s[t.balked] = st.balked;
    });
    this.layout.typeSlots.forEach((t, k) => {
      const st = net.typeStats[k];
      s[t.arrived] = st.arrived;
      s[t.completed] = st.completed;
      s[t.abandoned] = st.abandoned;
      s[t.lost] = st.lost;
      s[t.sojournSum] = st.sojourn.sum;
      s[t.wipArea] = st.wip.areaUntil(now);
      s[t.wipNow] = st.wip.value;
    });
    return s;
  }

  /** Resets what cannot be differenced (quantile sketches) at the end of the warm-up. */
  resetQuantiles(): void {
    for (const st of this.net.taskStats) st.wait.resetQuantiles();
    for (const st of this.net.typeStats) st.sojourn.resetQuantiles();
  }
}
