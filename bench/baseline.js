// The Monte Carlo of the 10-client benchmark scenario in plain JavaScript: the baseline a
// JavaScript developer would write (Math.random, Box–Muller normals, Math.exp, every path
// kept, a sort per month). Benchmark only: the widget runs the Rust model.
//
// Same scenario and model as crates/model/src/monte_carlo.rs and the native benchmark:
// - growth: each month the spend is multiplied by exp(μ + σₘ·Z), σₘ = σ/√12,
//   μ = ln m − σₘ²/2 with m = (1 + g)^(1/12) (before a client's first month: by m, no shock);
// - departure: a single customer still there leaves in month t > first month with the
//   monthly hazard h = 1 − (1 − p)^(1/12), then winds down linearly over w months; an entry
//   standing for many customers loses them at the expected rate instead;
// - ramps: 0 before the first month, then min(1, (t − first + 1) / ramp).
// Per month: the 5/25/50/75/95 percentiles of the total across runs (nearest rank);
// P(reach target): share of runs whose final 12 months reach the target.

export const TARGET_ANNUAL_MUSD = 1000;
export const PERCENTILES = [0.05, 0.25, 0.5, 0.75, 0.95];

/** The article's base case plus eight single customers (crates/model/benches/monte_carlo.rs). */
export function tenClients() {
  const clients = [
    { name: 'TikTok (ByteDance)', monthlySpend: 20, annualGrowth: 0, volatility: 0.2, firstMonth: 0, rampMonths: 0, annualLeave: 0.25, windDownMonths: 6, customers: 1 },
    { name: 'Other AI clients', monthlySpend: 60, annualGrowth: 0.15, volatility: 0.15, firstMonth: 0, rampMonths: 0, annualLeave: 0.05, windDownMonths: 3, customers: 100 },
  ];
  for (let i = 0; i < 8; i++) {
    clients.push({
      name: `Client ${i + 3}`,
      monthlySpend: 1 + 0.5 * i,
      annualGrowth: 0.05 + 0.05 * i,
      volatility: 0.15 + 0.05 * i,
      firstMonth: i % 4,
      rampMonths: (i % 3) * 2,
      annualLeave: 0.05 + 0.03 * i,
      windDownMonths: 1 + (i % 4),
      customers: 1,
    });
  }
  return clients;
}

let spareNormal = null;

/** A standard normal variate by Box–Muller, using both values of each pair. */
function randomNormal() {
  if (spareNormal !== null) {
    const z = spareNormal;
    spareNormal = null;
    return z;
  }
  const u1 = 1 - Math.random(); // (0, 1]
  const u2 = Math.random();
  const r = Math.sqrt(-2 * Math.log(u1));
  spareNormal = r * Math.sin(2 * Math.PI * u2);
  return r * Math.cos(2 * Math.PI * u2);
}

function rampFraction(client, t) {
  if (t < client.firstMonth) return 0;
  if (client.rampMonths === 0) return 1;
  return Math.min(1, (t - client.firstMonth + 1) / client.rampMonths);
}

function windFraction(windDownMonths, monthsSince) {
  return Math.max(0, 1 - (monthsSince + 1) / (windDownMonths + 1));
}

/** Expected share of a many-customer entry still spending in month t. */
function expectedPresence(client, hazard, t) {
  if (t < client.firstMonth) return 0;
  const stay = 1 - hazard;
  let presence = Math.pow(stay, t - client.firstMonth);
  const earliest = Math.max(t - client.windDownMonths, client.firstMonth + 1);
  for (let leave = earliest; leave <= t; leave++) {
    const pLeave = Math.pow(stay, leave - client.firstMonth - 1) * hazard;
    presence += pLeave * windFraction(client.windDownMonths, t - leave);
  }
  return presence;
}

/**
 * Simulates `runs` runs over `months` months. Returns the monthly percentiles, the
 * probability of reaching the target in the final year, and a checksum comparable with
 * the WebAssembly export `simulate_ten_clients` (P(reach) + every monthly percentile).
 */
export function simulate(clients, runs, months, targetAnnual = TARGET_ANNUAL_MUSD) {
  const params = clients.map((c) => {
    const factor = Math.pow(1 + c.annualGrowth, 1 / 12);
    const sigma = c.volatility / Math.sqrt(12);
    const hazard = 1 - Math.pow(1 - c.annualLeave, 1 / 12);
    const drawsDeparture = c.customers === 1 && hazard > 0;
    const presence = [];
    for (let t = 0; t < months; t++) {
      const ramp = rampFraction(c, t);
      presence.push(c.customers === 1 ? ramp : ramp * expectedPresence(c, hazard, t));
    }
    return { ...c, factor, sigma, drift: Math.log(factor) - 0.5 * sigma * sigma, hazard, drawsDeparture, presence };
  });

  // totals[t * runs + r]: total revenue of run r in month t.
  const totals = new Float64Array(months * runs);
  const finalYearFrom = months >= 12 ? months - 12 : 0;
  const annualiser = months >= 12 ? 1 : 12 / months;
  let reached = 0;

  for (let r = 0; r < runs; r++) {
    for (const p of params) {
      let level = p.monthlySpend;
      let leftAt = -1;
      for (let t = 0; t < months; t++) {
        if (leftAt >= 0 && t - leftAt >= p.windDownMonths) break; // wound down: nothing more
        if (t > 0) {
          if (t <= p.firstMonth || p.sigma === 0) {
            level *= p.factor;
          } else {
            level *= Math.exp(p.drift + p.sigma * randomNormal());
          }
        }
        if (p.drawsDeparture && leftAt < 0 && t > p.firstMonth && Math.random() < p.hazard) {
          leftAt = t;
        }
        let share = p.presence[t];
        if (leftAt >= 0) share *= windFraction(p.windDownMonths, t - leftAt);
        totals[t * runs + r] += level * share;
      }
    }
    let finalYear = 0;
    for (let t = finalYearFrom; t < months; t++) finalYear += totals[t * runs + r];
    if (finalYear * annualiser >= targetAnnual) reached++;
  }

  const percentiles = [];
  let checksum = 0;
  for (let t = 0; t < months; t++) {
    const column = totals.slice(t * runs, (t + 1) * runs).sort();
    const row = PERCENTILES.map((q) => column[Math.round(q * (runs - 1))]);
    percentiles.push(row);
    for (const v of row) checksum += v;
  }
  const pReachTarget = reached / runs;
  return { percentiles, pReachTarget, checksum: checksum + pReachTarget };
}

/** The benchmark entry point, shaped like the WebAssembly export: returns the checksum. */
export function simulateTenClients(runs, months) {
  return simulate(tenClients(), runs, months).checksum;
}
