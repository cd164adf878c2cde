// The Monte Carlo of the 10-client benchmark scenario in plain JavaScript, written to be
// fast: the baseline the WebAssembly model is compared with. Benchmark only: the widget
// runs the Rust model.
//
// The same model and outputs as `simulate_runs` in crates/model/src/monte_carlo.rs (module
// docs there and in projection.rs), with its own generator, so the numbers agree in
// distribution, not bit for bit:
// - growth: after its first month a client's spend is multiplied each month by
//   exp(μ + σₘ·Z), σₘ = σ/√12, μ = ln m − σₘ²/2, m = (1 + g)^(1/12); the shock
//   Z = √ρ·M + √(1 − ρ)·E mixes a market-wide normal M (one per run and month) and the
//   client's own normal E; the spend is quoted at the first month (no growth before it);
// - departure: a single customer leaves in month L = f + 1 + k with probability
//   (1 − h)^k·h, h = 1 − (1 − p)^(1/12), drawn once per run by inversion of the survival
//   table from one uniform; it then winds down linearly over w months to the share it
//   keeps. An entry of many customers loses them at the expected rate instead;
// - ramps: 0 before the first month, then min(1, (t − f + 1) / ramp).
// Outputs: per month the 5/25/50/75/95 percentiles of the total over runs (rank
// round(q·(n − 1)), halves to even, by quickselect) and the mean; each 12-month block's
// distribution; the final year's histogram and worst 5%; the chance of reaching the target
// (first month t ≥ 11 whose 12 months to date, summed oldest first, reach it) by month;
// each client's chance of having left; HHI and the largest customer's share in every run
// (5/50/95% from histograms of 1,001 bins, all runs and split by whether the headline
// client has left) and the 10% disclosure shares.
//
// Written to be fast, as a JavaScript engineer would: counter-based streams like the
// model's (a 32-bit hash of key + index, so nothing sequential is carried between months),
// a 256-layer ziggurat with Float64Array tables (one hash and one comparison for 99% of
// normals), an exp of its own (a table and a polynomial: twice as fast as V8's
// Math.exp), typed arrays throughout, laid out [client · runs + run] with months
// outermost and each inner loop over consecutive runs (the state of every run is kept,
// not its whole path), nothing allocated inside the months, selection instead of
// sorting, and the 12-month test on a per-run ring of 12 totals.

export const PERCENTILES = [0.05, 0.25, 0.5, 0.75, 0.95];
export const BAND_PERCENTILES = [0.05, 0.5, 0.95];
const HISTOGRAM_BINS = 30;
const BAND_BINS = 1001;
const NEVER = 0xffff;
const DISCLOSURE_THRESHOLD = 0.1;
const TIKTOK_ID = 1;
const FIRST_FREE_ID = 100;

/**
 * The benchmarks' scenario, as `presets::ten_clients_benchmark()` in
 * crates/model/src/presets.rs: the article's base case plus eight single customers.
 */
export function tenClients(months = 36) {
  const clients = [
    { id: TIKTOK_ID, name: 'TikTok (ByteDance)', ownProduct: false, monthlySpend: 20, annualGrowth: 0, volatility: 0.2, firstMonth: 0, rampMonths: 0, annualLeave: 0.25, windDownMonths: 6, keptShare: 0, customers: 1 },
    { id: 2, name: 'Other AI clients', ownProduct: false, monthlySpend: 60, annualGrowth: 0.15, volatility: 0.15, firstMonth: 0, rampMonths: 0, annualLeave: 0.05, windDownMonths: 3, keptShare: 0, customers: 100 },
  ];
  for (let i = 0; i < 8; i++) {
    clients.push({
      id: FIRST_FREE_ID + i,
      name: `Client ${i + 3}`,
      ownProduct: false,
      monthlySpend: 1 + 0.5 * i,
      annualGrowth: 0.05 + 0.05 * i,
      volatility: 0.15 + 0.05 * i,
      firstMonth: i % 4,
      rampMonths: (i % 3) * 2,
      annualLeave: 0.05 + 0.03 * i,
      windDownMonths: 1 + (i % 4),
      keptShare: 0,
      customers: 1,
    });
  }
  return { horizonMonths: months, targetAnnual: 1000, correlation: 0.3, seed: 2024, clients };
}

// --- the expected-path formulas (projection.rs) ---

const monthlyFactor = (g) => Math.pow(1 + g, 1 / 12);
const clientHazard = (c) =>
  c.ownProduct ? 0 : 1 - Math.pow(1 - Math.min(1, Math.max(0, c.annualLeave)), 1 / 12);

function rampFraction(c, t) {
  if (t < c.firstMonth) return 0;
  if (c.rampMonths === 0) return 1;
  return Math.min(1, (t - c.firstMonth + 1) / c.rampMonths);
}

const windFraction = (w, since) => Math.max(0, 1 - (since + 1) / (w + 1));

function afterLeaving(c, since) {
  const kept = Math.min(1, Math.max(0, c.keptShare));
  return kept + (1 - kept) * windFraction(c.windDownMonths, since);
}

function expectedPresence(c, hazard, t) {
  if (t < c.firstMonth) return 0;
  const stay = 1 - hazard;
  const survival = Math.pow(stay, t - c.firstMonth);
  const earliest = Math.max(t - c.windDownMonths, c.firstMonth + 1);
  let winding = 0;
  for (let leave = earliest; leave <= t; leave++) {
    winding += Math.pow(stay, leave - c.firstMonth - 1) * hazard * windFraction(c.windDownMonths, t - leave);
  }
  const kept = Math.min(1, Math.max(0, c.keptShare));
  return survival + kept * (1 - survival) + (1 - kept) * winding;
}

/** The 12-month blocks of the horizon counted back from its end, oldest first. */
function yearBlocks(h) {
  if (h < 12) return [{ firstMonth: 0, months: Math.max(1, h) }];
  const count = Math.floor(h / 12);
  const blocks = [];
  for (let k = 0; k < count; k++) blocks.push({ firstMonth: h - 12 * (count - k), months: 12 });
  return blocks;
}

// --- random numbers: counter-based streams and a ziggurat ---
//
// Like the model's streams, every draw has an address: draw t of the stream of (seed,
// run, purpose) is a hash of key + t·γ, so a run's months can be read in any order and
// a client's numbers do not depend on the others'. The hash is 32-bit (MurmurHash3's
// finaliser on Math.imul), the fast integer arithmetic JavaScript has; the model's is
// SplitMix64 on 64-bit words.

const GOLDEN_32 = 0x9e3779b9 | 0;

/** A 32-bit finaliser (MurmurHash3's fmix32): a bijective mix of 32 bits. */
function mix32(x) {
  x = Math.imul(x ^ (x >>> 16), 0x85ebca6b);
  x = Math.imul(x ^ (x >>> 13), 0xc2b2ae35);
  return x ^ (x >>> 16);
}

/** The key of the stream `purpose` of run `run` (a signed 32-bit integer). */
function streamKey(seed, run, purpose) {
  const k = mix32(mix32(seed ^ 0x5deece66) + Math.imul(run, GOLDEN_32));
  return mix32(k ^ Math.imul(purpose + 1, 0x27d4eb2d));
}

/** A uniform number in (0, 1] at position `index` of the stream `key`. */
const uniformAt = (key, index) => ((mix32((key + Math.imul(index, GOLDEN_32)) | 0) >>> 0) + 1) * 2.3283064365386963e-10;

/** Layers of the ziggurat, its tail start and the area of each layer (Marsaglia and Tsang 2000). */
const LAYERS = 256;
const TAIL_START = 3.654152885361009;
const LAYER_AREA = 0.00492867323399;
/** Layer edges x[0..=256] (x[0] the base strip's virtual width) and the density at each. */
const ZIG_X = new Float64Array(LAYERS + 1);
const ZIG_F = new Float64Array(LAYERS + 1);
{
  const density = (x) => Math.exp(-0.5 * x * x);
  ZIG_X[0] = LAYER_AREA / density(TAIL_START);
  ZIG_X[1] = TAIL_START;
  for (let i = 2; i < LAYERS; i++) ZIG_X[i] = Math.sqrt(-2 * Math.log(LAYER_AREA / ZIG_X[i - 1] + density(ZIG_X[i - 1])));
  ZIG_X[LAYERS] = 0;
  for (let i = 0; i <= LAYERS; i++) ZIG_F[i] = density(ZIG_X[i]);
}
const TWO_POW_MINUS_23 = 1 / 8388608;

/**
 * The standard normal variate at position `index` of the stream `key`: the ziggurat's
 * first attempt reads one 32-bit hash (the low 8 bits pick the layer, the high 24 bits a
 * signed uniform in [-1, 1)); the rare rejections (about 1%) go on in `normalSlow`.
 */
function normalAt(key, index) {
  const z = mix32((key + Math.imul(index, GOLDEN_32)) | 0);
  const layer = z & 0xff;
  const x = (z >> 8) * TWO_POW_MINUS_23 * ZIG_X[layer];
  if (Math.abs(x) < ZIG_X[layer + 1]) return x;
  return normalSlow(z);
}

/** The rest of a ziggurat draw whose first attempt failed, continuing with hashes of `z`. */
function normalSlow(z) {
  let s = z;
  let first = true;
  for (;;) {
    const w = first ? z : mix32((s = (s + GOLDEN_32) | 0));
    first = false;
    const layer = w & 0xff;
    const u = (w >> 8) * TWO_POW_MINUS_23;
    const x = u * ZIG_X[layer];
    if (Math.abs(x) < ZIG_X[layer + 1]) return x;
    if (layer === 0) {
      // The tail beyond TAIL_START (Marsaglia 1964).
      for (;;) {
        const a = -Math.log(((mix32((s = (s + GOLDEN_32) | 0)) >>> 0) + 1) * 2.3283064365386963e-10) / TAIL_START;
        const b = -Math.log(((mix32((s = (s + GOLDEN_32) | 0)) >>> 0) + 1) * 2.3283064365386963e-10);
        if (2 * b > a * a) return u < 0 ? -(TAIL_START + a) : TAIL_START + a;
      }
    }
    const v = (mix32((s = (s + GOLDEN_32) | 0)) >>> 0) * 2.3283064365386963e-10;
    if (ZIG_F[layer + 1] + (ZIG_F[layer] - ZIG_F[layer + 1]) * v < Math.exp(-0.5 * x * x)) return x;
  }
}

// --- exp: a table of 2^(j/256) and a polynomial, twice as fast as Math.exp in V8 ---

const EXP_TABLE = new Float64Array(256);
for (let j = 0; j < 256; j++) EXP_TABLE[j] = Math.pow(2, j / 256);
/** 2^(k − 1024) for k in 0..2047: the power of two of the result, by a lookup. */
const POW2_TABLE = new Float64Array(2048);
for (let k = 0; k < 2048; k++) POW2_TABLE[k] = Math.pow(2, k - 1024);
const EXP_SCALE = 256 / Math.LN2;
const LN2_HI_256 = 6.931471803691238e-1 / 256;
const LN2_LO_256 = 1.9082149292705877e-10 / 256;
/** 1.5 · 2^52: adding and subtracting it rounds a double to an integer. */
const ROUNDER = 6755399441055744.0;

/**
 * e^x = 2^k · 2^(j/256) · e^r with |r| ≤ ln 2 / 512 and e^r by a degree-4 polynomial
 * (relative error below 1e-15 against Math.exp); x is clamped to ±700.
 */
function fastExp(x) {
  x = x < -700 ? -700 : x > 700 ? 700 : x;
  const n = x * EXP_SCALE + ROUNDER - ROUNDER;
  const r = x - n * LN2_HI_256 - n * LN2_LO_256;
  const i = n | 0;
  const poly = 1 + r * (1 + r * (0.5 + r * (1 / 6 + r * (1 / 24))));
  return EXP_TABLE[i & 255] * poly * POW2_TABLE[(i >> 8) + 1024];
}

// --- selection and histograms ---

/** Rearranges a[left..=right] so that a[k] is the value of rank k and nothing larger is left of it. */
function select(a, left, right, k) {
  while (right > left) {
    if (right - left < 16) {
      for (let i = left + 1; i <= right; i++) {
        const v = a[i];
        let j = i - 1;
        while (j >= left && a[j] > v) {
          a[j + 1] = a[j];
          j--;
        }
        a[j + 1] = v;
      }
      return;
    }
    const mid = (left + right) >>> 1;
    // Median of three as the pivot.
    let x = a[left];
    let y = a[mid];
    let z = a[right];
    if (x > y) [x, y] = [y, x];
    if (y > z) [y, z] = [z, y];
    if (x > y) [x, y] = [y, x];
    a[left] = x;
    a[mid] = y;
    a[right] = z;
    const pivot = y;
    let i = left;
    let j = right;
    while (i <= j) {
      while (a[i] < pivot) i++;
      while (a[j] > pivot) j--;
      if (i <= j) {
        const t = a[i];
        a[i] = a[j];
        a[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) right = j;
    else if (k >= i) left = i;
    else return;
  }
}

/** round(x) with halves to even (numpy's "nearest" percentile rank). */
function roundHalfEven(x) {
  const r = Math.round(x);
  return r - x === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/** The values at the ranks of `quantiles` (ascending) of a[0..n), selected in place. */
function percentilesInPlace(a, n, quantiles) {
  const out = new Array(quantiles.length).fill(0);
  let done = 0;
  let previous = 0;
  for (let q = 0; q < quantiles.length; q++) {
    const rank = roundHalfEven(Math.min(1, Math.max(0, quantiles[q])) * (n - 1));
    if (rank < done) {
      out[q] = previous;
      continue;
    }
    select(a, done, n - 1, rank);
    out[q] = previous = a[rank];
    done = rank + 1;
  }
  return out;
}

function histogram(values, n) {
  let lo = Infinity;
  let hi = -Infinity;
  for (let r = 0; r < n; r++) {
    lo = Math.min(lo, values[r]);
    hi = Math.max(hi, values[r]);
  }
  const counts = new Array(HISTOGRAM_BINS).fill(0);
  if (!Number.isFinite(lo)) return { minMusd: 0, binWidthMusd: 1, counts };
  const width = hi > lo ? (hi - lo) / HISTOGRAM_BINS : Math.max(Math.abs(lo) * 0.01, 1e-6);
  for (let r = 0; r < n; r++) counts[Math.min(Math.floor((values[r] - lo) / width), HISTOGRAM_BINS - 1)]++;
  return { minMusd: lo, binWidthMusd: width, counts };
}

/** Values in [0, top] in 1,001 bins that remember their sums; percentiles are bin means. */
class BandHistogram {
  constructor(top) {
    this.counts = new Uint32Array(BAND_BINS);
    this.sums = new Float64Array(BAND_BINS);
    this.n = 0;
    this.perBin = (BAND_BINS - 1) / top;
  }

  add(v) {
    const bin = Math.min(Math.floor(v * this.perBin), BAND_BINS - 1);
    this.counts[bin]++;
    this.sums[bin] += v;
    this.n++;
  }

  /** The 5/50/95 band, then cleared; null when no run was added. */
  take() {
    if (this.n === 0) return null;
    const out = [0, 0, 0];
    let q = 0;
    let seen = 0;
    for (let b = 0; b < BAND_BINS && q < 3; b++) {
      const count = this.counts[b];
      if (count === 0) continue;
      seen += count;
      while (q < 3 && roundHalfEven(BAND_PERCENTILES[q] * (this.n - 1)) < seen) {
        out[q++] = this.sums[b] / count;
      }
    }
    this.counts.fill(0);
    this.sums.fill(0);
    this.n = 0;
    return out;
  }
}

// --- the simulation ---

function headlineIndex(clients) {
  const tiktok = clients.findIndex((c) => c.id === TIKTOK_ID && !c.ownProduct);
  if (tiktok >= 0) return tiktok;
  let best = -1;
  clients.forEach((c, i) => {
    if (!c.ownProduct && (best < 0 || c.monthlySpend >= clients[best].monthlySpend)) best = i;
  });
  return best;
}

/**
 * One month of every run, client by client over all runs (every array is laid out
 * [client · runs + run], so each inner loop reads and writes consecutive elements):
 * growth, departures, totals and each run's concentration sums; then per run the
 * 12-month reach check and the concentration histograms. Returns the sum of the month's
 * totals. A function of its own, called once a month with the same shapes, so the
 * optimising compiler sees stable loops; nothing is allocated in it.
 */
function simulateMonth(sim, t, inBlock) {
  const { n, nc, h, target, anyMarket, headline, levels, leave, growthKeys, marketKeys, market } = sim;
  const { presence, afterExt, fixed, fixedLevels, first, ends, wind, drift, marketWeight, ownWeight } = sim;
  const { perCustomer, revenue, totals, sumSq, top, horizonRevenue, yearSums, ring, reachMonth, reachedIn, above } = sim;
  const { hhiAll, hhiStays, hhiLeft, topAll, topStays, topLeft } = sim;
  const disclosure = DISCLOSURE_THRESHOLD - 1e-12;
  const useMarket = t > 0 && anyMarket;
  if (useMarket) {
    for (let r = 0; r < n; r++) market[r] = normalAt(marketKeys[r], t);
  }
  totals.fill(0);
  sumSq.fill(0);
  top.fill(0);
  for (let c = 0; c < nc; c++) {
    const base = c * n;
    const p = presence[c * h + t];
    const after = c * (h + 1);
    const pc = perCustomer[c];
    if (fixed[c] === 1) {
      const level = fixedLevels[c * h + t];
      for (let r = 0; r < n; r++) {
        const g = leave[base + r];
        const since = g === NEVER || t < g ? h : t - g;
        const v = level * p * afterExt[after + since];
        revenue[base + r] = v;
        totals[r] += v;
        sumSq[r] += v * v * pc;
        const vc = v * pc;
        if (vc > top[r]) top[r] = vc;
      }
      continue;
    }
    const grows = t > first[c];
    const mu = drift[c];
    const mw = useMarket ? marketWeight[c] : 0;
    const ow = ownWeight[c];
    const stopsAt = ends[c] === 1 ? wind[c] : h + 1;
    for (let r = 0; r < n; r++) {
      const g = leave[base + r];
      let level = levels[base + r];
      if (grows && (g === NEVER || t < g + stopsAt)) {
        level *= fastExp(mu + mw * market[r] + ow * normalAt(growthKeys[base + r], t));
        levels[base + r] = level;
      }
      const since = g === NEVER || t < g ? h : t - g;
      const v = level * p * afterExt[after + since];
      revenue[base + r] = v;
      totals[r] += v;
      const vc = v * pc;
      sumSq[r] += v * vc;
      if (vc > top[r]) top[r] = vc;
    }
  }
  const slot = t % 12;
  const checkReach = t >= 11;
  const headlineBase = headline >= 0 ? headline * n : -1;
  let headlineLeftRuns = 0;
  let sumTotals = 0;
  for (let r = 0; r < n; r++) {
    const total = totals[r];
    sumTotals += total;
    horizonRevenue[r] += total;
    if (inBlock) yearSums[r] += total;
    // Reaching the target: the 12 months to date (a ring of 12 per run), oldest first.
    const o = r * 12;
    ring[o + slot] = total;
    if (checkReach && reachMonth[r] === NEVER) {
      let window = 0;
      for (let j = slot + 1; j < 12; j++) window += ring[o + j];
      for (let j = 0; j <= slot; j++) window += ring[o + j];
      if (window >= target) {
        reachMonth[r] = t;
        reachedIn[t]++;
      }
    }
    // Concentration in this run.
    let hhi = 0;
    let top1 = 0;
    if (total > 0) {
      hhi = Math.min(10_000, Math.max(0, (10_000 * sumSq[r]) / (total * total)));
      top1 = Math.min(1, Math.max(0, top[r] / total));
    }
    hhiAll.add(hhi);
    topAll.add(top1);
    const g = headlineBase >= 0 ? leave[headlineBase + r] : NEVER;
    if (g !== NEVER && t >= g) {
      headlineLeftRuns++;
      hhiLeft.add(hhi);
      topLeft.add(top1);
    } else {
      hhiStays.add(hhi);
      topStays.add(top1);
    }
  }
  // The 10% disclosure test, client by client.
  for (let c = 0; c < nc; c++) {
    const pc = perCustomer[c];
    if (pc <= 0) continue;
    const base = c * n;
    let count = 0;
    for (let r = 0; r < n; r++) {
      const total = totals[r];
      if (total > 0 && revenue[base + r] * pc >= disclosure * total) count++;
    }
    above[c * h + t] += count;
  }
  sim.headlineLeftRuns = headlineLeftRuns;
  return sumTotals;
}

/**
 * Runs the Monte Carlo of `scenario` with `runs` runs (the shape of tenClients()).
 * Returns the result in the shape of the model's `MonteCarlo` (camelCase) and a
 * checksum comparable with the WebAssembly export `simulate_ten_clients`
 * (P(reach target) + every monthly percentile).
 */
export function simulate(scenario, runs) {
  const { clients, correlation, seed } = scenario;
  const h = scenario.horizonMonths;
  const target = scenario.targetAnnual;
  const n = runs;
  const nc = clients.length;
  const rho = Math.min(1, Math.max(0, correlation));

  // Per client (index c): parameters and tables.
  const fixed = new Uint8Array(nc);
  const fixedLevels = new Float64Array(nc * h);
  const drift = new Float64Array(nc);
  const marketWeight = new Float64Array(nc);
  const ownWeight = new Float64Array(nc);
  const first = new Int32Array(nc);
  const ends = new Uint8Array(nc);
  const wind = new Int32Array(nc);
  const perCustomer = new Float64Array(nc);
  const presence = new Float64Array(nc * h);
  const afterExt = new Float64Array(nc * (h + 1)); // after(k) for k < h, then 1 (still there)
  const survival = []; // per client: (1 − h)^k for k = 0..=h − f, or null
  let anyMarket = false;
  // Plain loops, no closures: a variable a closure captures lives in a context slot.
  for (let i = 0; i < nc; i++) {
    const c = clients[i];
    const sigma = c.volatility / Math.sqrt(12);
    const hazard = clientHazard(c);
    const single = c.customers === 1 && !c.ownProduct;
    for (let t = 0; t < h; t++) {
      const ramp = rampFraction(c, t);
      presence[i * h + t] = single ? ramp : ramp * expectedPresence(c, hazard, t);
      afterExt[i * (h + 1) + t] = afterLeaving(c, t);
    }
    afterExt[i * (h + 1) + h] = 1;
    if (single && hazard > 0) {
      const span = Math.max(0, h - c.firstMonth);
      const table = new Float64Array(span + 1);
      for (let k = 0; k <= span; k++) table[k] = Math.pow(1 - hazard, k);
      survival.push(table);
    } else {
      survival.push(null);
    }
    fixed[i] = sigma === 0 ? 1 : 0;
    let level = c.monthlySpend;
    for (let t = 0; t < h; t++) {
      if (t > c.firstMonth) level *= monthlyFactor(c.annualGrowth);
      fixedLevels[i * h + t] = level;
    }
    drift[i] = Math.log(monthlyFactor(c.annualGrowth)) - 0.5 * sigma * sigma;
    marketWeight[i] = sigma * Math.sqrt(rho);
    ownWeight[i] = sigma * Math.sqrt(1 - rho);
    if (sigma !== 0 && marketWeight[i] > 0) anyMarket = true;
    first[i] = c.firstMonth;
    ends[i] = c.keptShare <= 0 ? 1 : 0;
    wind[i] = c.windDownMonths;
    perCustomer[i] = c.ownProduct ? 0 : 1 / Math.max(1, c.customers);
  }
  const headline = headlineIndex(clients);

  // Per client c and run r, at [c · n + r]: the level, the departure month and the growth
  // stream's key; per run, the market factor's key.
  const levels = new Float64Array(nc * n);
  const leave = new Uint16Array(nc * n); // NEVER = stays
  const growthKeys = new Int32Array(nc * n);
  const marketKeys = new Int32Array(n);
  for (let r = 0; r < n; r++) marketKeys[r] = streamKey(seed, r, 0xffff);
  for (let c = 0; c < nc; c++) {
    const table = survival[c];
    const id = clients[c].id;
    for (let r = 0; r < n; r++) {
      levels[c * n + r] = clients[c].monthlySpend;
      growthKeys[c * n + r] = streamKey(seed, r, 2 * id);
      let month = NEVER;
      if (table !== null) {
        const u = uniformAt(streamKey(seed, r, 2 * id + 1), 0); // (0, 1]
        // k = how many of (1 − h)^1, (1 − h)^2, … are ≥ u (they decrease): binary search.
        const span = table.length - 1;
        let lo = 0;
        let hi = span;
        while (lo < hi) {
          const mid = (lo + hi) >>> 1;
          if (table[mid + 1] >= u) lo = mid + 1;
          else hi = mid;
        }
        if (lo < span) month = first[c] + 1 + lo;
      }
      leave[c * n + r] = month;
    }
  }

  const totals = new Float64Array(n); // this month, per run
  const sumSq = new Float64Array(n); // this month, per run: Σ R² / customers
  const top = new Float64Array(n); // this month, per run: the largest customer's revenue
  const revenue = new Float64Array(nc * n); // this month, per client and run
  const market = new Float64Array(n); // this month, per run: the market factor's normal
  const ring = new Float64Array(12 * n); // per run, the last 12 months' totals
  const scratch = new Float64Array(n);
  const yearSums = new Float64Array(n);
  const horizonRevenue = new Float64Array(n);
  const reachMonth = new Uint16Array(n).fill(NEVER);
  const reachedIn = new Uint32Array(h);
  const above = new Uint32Array(nc * h);
  const hhiAll = new BandHistogram(10_000);
  const hhiStays = new BandHistogram(10_000);
  const hhiLeft = new BandHistogram(10_000);
  const topAll = new BandHistogram(1);
  const topStays = new BandHistogram(1);
  const topLeft = new BandHistogram(1);
  const bands = {
    headline: headline >= 0 ? headline : null,
    hhi: [], hhiIfStays: [], hhiIfLeft: [], top1: [], top1IfStays: [], top1IfLeft: [],
    pHeadlineLeft: [], pAtOrAboveThreshold: [],
  };
  const percentilesMusd = [];
  const meanMusd = [];
  const years = [];
  const blocks = yearBlocks(h);
  let block = 0;

  const sim = {
    n, nc, h, target, anyMarket, headline, levels, leave, growthKeys, marketKeys, market,
    presence, afterExt, fixed, fixedLevels, first, ends, wind, drift, marketWeight, ownWeight,
    perCustomer, revenue, totals, sumSq, top, horizonRevenue, yearSums, ring, reachMonth, reachedIn, above,
    hhiAll, hhiStays, hhiLeft, topAll, topStays, topLeft,
    headlineLeftRuns: 0,
  };
  for (let t = 0; t < h; t++) {
    const inBlock = block < blocks.length && t >= blocks[block].firstMonth;
    const sumTotals = simulateMonth(sim, t, inBlock);
    const headlineLeftRuns = sim.headlineLeftRuns;
    bands.pHeadlineLeft.push(headlineLeftRuns / n);
    meanMusd.push(sumTotals / n);
    scratch.set(totals);
    percentilesMusd.push(percentilesInPlace(scratch, n, PERCENTILES));
    bands.hhi.push(hhiAll.take());
    bands.hhiIfStays.push(hhiStays.take());
    bands.hhiIfLeft.push(hhiLeft.take());
    bands.top1.push(topAll.take());
    bands.top1IfStays.push(topStays.take());
    bands.top1IfLeft.push(topLeft.take());

    const b = blocks[block];
    if (b !== undefined && t + 1 === b.firstMonth + b.months) {
      const annualiser = 12 / Math.max(1, b.months);
      let reach = 0;
      let sum = 0;
      for (let r = 0; r < n; r++) {
        const v = yearSums[r] * annualiser;
        scratch[r] = v;
        if (v >= target) reach++;
        sum += v;
      }
      years.push({
        block: b,
        percentilesMusd: percentilesInPlace(scratch, n, PERCENTILES),
        meanMusd: sum / n,
        shareAtOrAboveTarget: reach / n,
      });
      block++;
      if (block < blocks.length) yearSums.fill(0);
    }
  }

  const pReachByMonth = [];
  let cumulative = 0;
  let median = -1;
  for (let t = 0; t < h; t++) {
    cumulative += reachedIn[t];
    pReachByMonth.push(cumulative / n);
    if (median < 0 && cumulative / n >= 0.5) median = t;
  }
  const pReachTarget = h > 0 ? pReachByMonth[h - 1] : 0;

  const annualiser = 12 / Math.max(1, blocks[blocks.length - 1].months);
  for (let r = 0; r < n; r++) scratch[r] = yearSums[r] * annualiser;
  const finalYearHistogram = histogram(scratch, n);
  const worstCount = Math.min(Math.max(1, Math.floor(n * 0.05)), n);
  select(scratch, 0, n - 1, worstCount - 1);
  let worstSum = 0;
  for (let r = 0; r < worstCount - 1; r++) worstSum += scratch[r];
  const worst5pctMeanMusd = (worstSum + scratch[worstCount - 1]) / worstCount;

  const lastMonth = Math.max(0, h - 1);
  const pLeft = [];
  for (let i = 0; i < nc; i++) {
    const shares = [];
    for (let t = 0; t < h; t++) shares.push(above[i * h + t] / n);
    bands.pAtOrAboveThreshold.push(shares);
    if (survival[i] !== null) {
      let left = 0;
      for (let r = 0; r < n; r++) {
        const g = leave[i * n + r];
        if (g !== NEVER && g <= lastMonth) left++;
      }
      pLeft.push(left / n);
    } else {
      const f = clients[i].firstMonth;
      pLeft.push(lastMonth <= f ? 0 : 1 - Math.pow(1 - clientHazard(clients[i]), lastMonth - f));
    }
  }

  let checksum = 0;
  for (const month of percentilesMusd) for (const v of month) checksum += v;
  return {
    runs: n,
    seed,
    percentilesMusd,
    meanMusd,
    years,
    finalYearHistogram,
    pReachTarget,
    pReachTargetStdError: Math.sqrt((pReachTarget * (1 - pReachTarget)) / n),
    pReachByMonth,
    medianReachMonth: median >= 0 ? median : null,
    pLeft,
    worst5pctMeanMusd,
    worst5pctGapMusd: Math.max(0, target - worst5pctMeanMusd),
    concentration: bands,
    reachMonth,
    horizonRevenueMusd: horizonRevenue,
    checksum: pReachTarget + checksum,
  };
}

/** The benchmark entry point, shaped like the WebAssembly export: returns the checksum. */
export function simulateTenClients(runs, months) {
  return simulate(tenClients(months), runs).checksum;
}
