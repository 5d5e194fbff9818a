import { Lookup } from '../kernel/lookup.js';

/**
 * Forrester's market growth model (J. W. Forrester, "Market growth as
 * influenced by capital investment", Industrial Management Review 9(2), 1968),
 * integrated as the paper does: Euler, DT = 0.5 month, 100 months. Names,
 * constants and tables follow the published equations (as transcribed in
 * Warren Farr's Stella model, github.com/CBSDLab/market-growth; docs/model.md#forrester). It is the reference the discrete-event scenario
 * scenarios/market-growth.yaml is checked against: same structure, same
 * constants, so the shapes (peak month, settling level, delay ratio) can be
 * compared without typing the paper's numbers into a test.
 *
 * Time in months, quantities in units (a unit sells for $50 in the paper's
 * dollars; only ratios matter here).
 */
export interface ForresterParameters {
  /** Initial salesmen S. */
  salesmen: number;
  /** Salesman adjustment time SAT (budgeting, finding and training), months. */
  salesmanAdjustment: number;
  /** Salesman salary SS, $ per person-month. */
  salary: number;
  /** Revenue to sales RS, $ of each unit delivered that goes to the sales budget. */
  revenueToSales: number;
  /** Delivery rate averaging time DRAT, months. */
  deliveryAveraging: number;
  /** Sales effectiveness maximum SEM, units per salesman-month. */
  effectivenessMax: number;
  /** Initial backlog BL, units. */
  backlog: number;
  /** Initial production capacity PC, units per month. */
  capacity: number;
  /** Delay recognition by the company TDDRC and then by the market TDDRM, months. */
  companyRecognition: number;
  marketRecognition: number;
  /** Capacity loop on (run F, G). */
  capacityLoop: boolean;
  /** Delivery-delay loop on: SEDM applies (false: loop 1 alone, run A). */
  marketLoop: boolean;
  /** Operating goal = DDW x traditional delay + (1 - DDW) x management goal DDMG. */
  goal: number;
  goalWeight: number;
  /** Traditional delay smoothing TDDT, months; delivery delay bias DDB. */
  traditionSmoothing: number;
  bias: number;
  /** Production capacity receiving delay PCRD (third order), months. */
  capacityDelay: number;
  dt: number;
  months: number;
}

/** The price of a unit in the paper's dollars (Forrester 1968, docs/model.md#forrester: RS is "$12 of a $50 unit"). */
export const UNIT_PRICE = 50;

export const FORRESTER_1968: ForresterParameters = {
  salesmen: 10, salesmanAdjustment: 20, salary: 2000, revenueToSales: 12, deliveryAveraging: 1, effectivenessMax: 400,
  backlog: 8000, capacity: 12000, companyRecognition: 4, marketRecognition: 6,
  capacityLoop: false, marketLoop: true, goal: 2, goalWeight: 0, traditionSmoothing: 12, bias: 0.3, capacityDelay: 12,
  dt: 0.5, months: 100,
};

/** The paper's runs: A (fig. 3, loop 1), D (fig. 9, fixed capacity), E (fig. 10, budget +13%), F (fig. 13), G (fig. 14). */
export const FORRESTER_RUNS: Record<'A' | 'D' | 'E' | 'F' | 'G', Partial<ForresterParameters>> = {
  A: { marketLoop: false, capacity: 1e12 },
  D: {},
  E: { revenueToSales: 13.6 },
  F: { capacityLoop: true },
  G: { capacityLoop: true, goalWeight: 1 },
};

/** Production capacity fraction PCF of delivery delay minimum DDM = BL / PC (months). */
export const PCF = new Lookup([0, 0.5, 1, 1.5, 2, 2.5, 3, 3.5, 4, 4.5, 5], [0, 0.25, 0.5, 0.67, 0.8, 0.87, 0.93, 0.95, 0.97, 0.98, 1]);
/** Sales effectiveness from delay multiplier SEDM of the delay recognized by the market DDRM (months). */
export const SEDM = new Lookup([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10], [1, 0.97, 0.87, 0.73, 0.53, 0.38, 0.25, 0.15, 0.08, 0.03, 0.02]);
/** Capacity expansion fraction CEF (per month) of the delivery delay condition DDC. */
export const CEF = new Lookup([0, 0.5, 1, 1.5, 2, 2.5], [-0.07, -0.02, 0, 0.02, 0.07, 0.15]);

/** One point per month (t = 0, 1, ..., months). */
export interface ForresterSeries {
  month: number[];
  salesmen: number[];
  ordersBooked: number[];
  deliveryRate: number[];
  capacity: number[];
  backlog: number[];
  /** Delivery delay indicated DDI = BL / DRA, recognized by the company DDRC and by the market DDRM. */
  delayIndicated: number[];
  delayCompany: number[];
  delayMarket: number[];
  effectiveness: number[];
  goal: number[];
}

export function forrester(overrides: Partial<ForresterParameters> = {}): ForresterSeries {
  const p = { ...FORRESTER_1968, ...overrides };
  const dt = p.dt;
  let S = p.salesmen;
  let BL = p.backlog;
  let PC = p.capacity;
  let DRA = PC * PCF.at(BL / PC);
  let DDRC = BL / DRA;
  let DDRM = DDRC;
  let DDT = DDRC;
  // DELAY3 of capacity ordering, started in equilibrium with the initial ordering.
  const stage = p.capacityDelay / 3;
  const ordering0 = p.capacityLoop ? PC * CEF.at(DDRC / (p.goalWeight * DDT + (1 - p.goalWeight) * p.goal) - p.bias) : 0;
  const L = [ordering0 * stage, ordering0 * stage, ordering0 * stage];
  const out: ForresterSeries = {
    month: [], salesmen: [], ordersBooked: [], deliveryRate: [], capacity: [], backlog: [],
    delayIndicated: [], delayCompany: [], delayMarket: [], effectiveness: [], goal: [],
  };
  const steps = Math.round(p.months / dt);
  const perMonth = Math.round(1 / dt);
  for (let k = 0; k <= steps; k++) {
    const DR = PC * PCF.at(BL / PC);
    const DDI = BL / DRA;
    const SE = p.effectivenessMax * (p.marketLoop ? SEDM.at(DDRM) : 1);
    const OB = S * SE;
    const IS = (DRA * p.revenueToSales) / p.salary;
    const SH = (IS - S) / p.salesmanAdjustment;
    const goal = p.goalWeight * DDT + (1 - p.goalWeight) * p.goal;
    const PCO = p.capacityLoop ? PC * CEF.at(DDRC / goal - p.bias) : 0;
    const r = L.map((l) => l / stage);
    if (k % perMonth === 0) {
      out.month.push(k * dt);
      out.salesmen.push(S);
      out.ordersBooked.push(OB);
      out.deliveryRate.push(DR);
      out.capacity.push(PC);
      out.backlog.push(BL);
      out.delayIndicated.push(DDI);
      out.delayCompany.push(DDRC);
      out.delayMarket.push(DDRM);
      out.effectiveness.push(SE);
      out.goal.push(goal);
    }
    S += dt * SH;
    BL += dt * (OB - DR);
    DRA += (dt * (DR - DRA)) / p.deliveryAveraging;
    const dDDRC = (DDI - DDRC) / p.companyRecognition;
    DDRM += (dt * (DDRC - DDRM)) / p.marketRecognition;
    DDT += (dt * (DDRC - DDT)) / p.traditionSmoothing;
    DDRC += dt * dDDRC;
    L[0] += dt * (PCO - r[0]);
    L[1] += dt * (r[0] - r[1]);
    L[2] += dt * (r[1] - r[2]);
    PC += dt * r[2];
  }
  return out;
}
