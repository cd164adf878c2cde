//! What the Monte Carlo keeps of the runs: accumulators fed one block of runs of one
//! month at a time by the engine ([`super::engine`]), as a searcher hands its matches
//! to a sink. Each owns one summary: the fan of monthly totals, the runs' outcomes
//! (reaching the target, revenue over the horizon), the years, and concentration.
//! A simulation that only needs the odds feeds only the first two.

use super::{
    Bands, ConcentrationBands, Histogram, YearDistribution, BAND_PERCENTILES, HISTOGRAM_BINS,
    NEVER, PERCENTILES,
};
use crate::projection::YearBlock;
use crate::scenario::YearMonth;

/// Bins of the concentration histograms (HHI 0–10,000 in steps of 10; shares 0–100% in
/// steps of 0.1 point).
const BAND_BINS: usize = 1001;

/// One block of runs of one month, as the engine computed it.
pub(super) struct MonthBlock<'a> {
    /// The month.
    pub t: u32,
    /// The block's first run.
    pub lo: usize,
    /// Per run of the block: the month's total revenue, $M.
    pub totals: &'a [f64],
    /// `[client][run of the block]`: each client's revenue, $M.
    pub revenue: &'a [f64],
    /// `[client][run]` over all runs: the month each client leaves, or [`NEVER`].
    pub leave: &'a [u16],
    /// Runs in all.
    pub n_runs: usize,
}

/// Something the engine feeds: every block of a month, in run order, then the month's end.
pub(super) trait Accumulator {
    /// Takes in one block of runs of the month.
    fn block(&mut self, month: &MonthBlock<'_>);
    /// Closes month `t` once every run has been fed.
    fn end_month(&mut self, t: u32);
}

/// Selects the values at the ranks of `quantiles` (ascending); ranks are
/// round(q · (n − 1)) with halves to even (numpy's `nearest`), in the order of
/// [`f64::total_cmp`]. `values` may be reordered.
///
/// Many values go through a radix selection: one pass finds the range of their keys
/// (the bits of a float, ordered as `total_cmp` orders it), one counts them in 2,048
/// buckets of that range, one collects the few values of the buckets that hold the
/// ranks, and a selection among those finds each rank's value: the same value a full
/// sort would put there, in about a third of a quickselect's work.
pub fn percentiles_in_place<const N: usize>(values: &mut [f64], quantiles: &[f64; N]) -> [f64; N] {
    let n = values.len();
    let ranks = quantiles
        .map(|q| (q.clamp(0.0, 1.0) * n.saturating_sub(1) as f64).round_ties_even() as usize);
    if n < RADIX_MIN {
        return select_ranks(values, &ranks);
    }
    radix_select(values, &ranks)
}

/// Below this many values, quickselect is as fast as the radix selection.
const RADIX_MIN: usize = 1024;
/// Buckets of the radix selection (2^11).
const RADIX_BITS: u32 = 11;

/// A key whose unsigned order is [`f64::total_cmp`]'s order of the floats.
#[inline]
fn order_key(v: f64) -> u64 {
    let bits = v.to_bits();
    bits ^ ((((bits as i64) >> 63) as u64) | (1 << 63))
}

/// The values at `ranks` (ascending) by repeated quickselect, each searching only
/// right of the last.
fn select_ranks<const N: usize>(values: &mut [f64], ranks: &[usize; N]) -> [f64; N] {
    let mut out = [0.0; N];
    let mut done = 0usize;
    let mut previous = 0.0;
    let mut rest: &mut [f64] = values;
    for (slot, rank) in out.iter_mut().zip(ranks) {
        if *rank < done {
            *slot = previous;
            continue;
        }
        let (_, value, right) = match rest.get(rank - done) {
            Some(_) => rest.select_nth_unstable_by(rank - done, f64::total_cmp),
            None => break,
        };
        *slot = *value;
        previous = *value;
        done = rank + 1;
        rest = right;
    }
    out
}

/// The values at `ranks` (each below `values.len()`) by radix selection.
fn radix_select<const N: usize>(values: &[f64], ranks: &[usize; N]) -> [f64; N] {
    let mut out = [0.0; N];
    let (mut low, mut high) = (u64::MAX, 0u64);
    for v in values {
        let k = order_key(*v);
        low = low.min(k);
        high = high.max(k);
    }
    if low >= high {
        // One key: every value has the same bits.
        return out.map(|_| values.first().copied().unwrap_or(0.0));
    }
    // Every key lies in [low, high], so k − low has at most `width` bits.
    let width = 64 - (high - low).leading_zeros();
    let shift = width.saturating_sub(RADIX_BITS);
    let bucket = |v: f64| ((order_key(v) - low) >> shift) as usize;
    let mut counts = vec![0u32; 1 << RADIX_BITS];
    for v in values {
        if let Some(c) = counts.get_mut(bucket(*v)) {
            *c += 1;
        }
    }
    // Each rank's bucket and its rank among the bucket's values.
    let mut wanted = [(0usize, 0usize); N];
    let mut below = 0usize;
    let mut b = 0usize;
    for (w, rank) in wanted.iter_mut().zip(ranks) {
        while let Some(c) = counts.get(b) {
            let c = *c as usize;
            if rank - below < c {
                break;
            }
            below += c;
            b += 1;
        }
        *w = (b, rank - below);
    }
    // The values of the wanted buckets (consecutive ranks often share one).
    let mut found: [Vec<f64>; N] = std::array::from_fn(|_| Vec::new());
    for v in values {
        let b = bucket(*v);
        if let Some(j) = wanted.iter().position(|(w, _)| *w == b) {
            if let Some(list) = found.get_mut(j) {
                list.push(*v);
            }
        }
    }
    for (j, (slot, (b, rank))) in out.iter_mut().zip(&wanted).enumerate() {
        // The first slot that collected this bucket holds its values.
        let first = wanted.iter().position(|(w, _)| w == b).unwrap_or(j);
        if let Some(list) = found.get_mut(first) {
            if *rank < list.len() {
                *slot = *list.select_nth_unstable_by(*rank, f64::total_cmp).1;
            }
        }
    }
    out
}

pub(super) fn histogram(values: &[f64]) -> Histogram {
    let min = values.iter().copied().fold(f64::INFINITY, f64::min);
    let max = values.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    if !(min.is_finite() && max.is_finite()) {
        return Histogram {
            min_musd: 0.0,
            bin_width_musd: 1.0,
            counts: vec![0; HISTOGRAM_BINS],
        };
    }
    let width = if max > min {
        (max - min) / HISTOGRAM_BINS as f64
    } else {
        (min.abs() * 0.01).max(1e-6)
    };
    let mut counts = vec![0u32; HISTOGRAM_BINS];
    for v in values {
        let bin = (((v - min) / width) as usize).min(HISTOGRAM_BINS - 1);
        if let Some(c) = counts.get_mut(bin) {
            *c += 1;
        }
    }
    Histogram {
        min_musd: min,
        bin_width_musd: width,
        counts,
    }
}

/// The fan: each month's mean total and (for the full result) its percentiles.
pub(super) struct Fan {
    /// The month's totals of every run, in run order.
    month: Vec<f64>,
    pub mean_musd: Vec<f64>,
    /// `None` when only the odds are computed.
    pub percentiles_musd: Option<Vec<[f64; 5]>>,
}

impl Fan {
    pub fn new(n_runs: usize, horizon: u32, percentiles: bool) -> Self {
        Self {
            month: vec![0.0; n_runs],
            mean_musd: Vec::with_capacity(horizon as usize),
            percentiles_musd: percentiles.then(|| Vec::with_capacity(horizon as usize)),
        }
    }
}

impl Accumulator for Fan {
    fn block(&mut self, m: &MonthBlock<'_>) {
        if let Some(dst) = self.month.get_mut(m.lo..m.lo + m.totals.len()) {
            dst.copy_from_slice(m.totals);
        }
    }

    fn end_month(&mut self, _t: u32) {
        let runs = self.month.len() as f64;
        self.mean_musd.push(self.month.iter().sum::<f64>() / runs);
        if let Some(p) = self.percentiles_musd.as_mut() {
            p.push(percentiles_in_place(&mut self.month, &PERCENTILES));
        }
    }
}

/// Each run's outcomes: the month it reaches the target (some 12 consecutive months
/// bring at least the target) and its revenue over the horizon.
pub(super) struct Outcomes {
    target: f64,
    /// `[run][month mod 12]`: the run's last 12 monthly totals.
    ring: Vec<f64>,
    pub reach_month: Vec<u16>,
    /// Per month: the runs that reached the target in that month.
    pub reached_in: Vec<u32>,
    pub horizon_revenue: Vec<f64>,
}

impl Outcomes {
    pub fn new(n_runs: usize, horizon: u32, target: f64) -> Self {
        Self {
            target,
            ring: vec![0.0; n_runs * 12],
            reach_month: vec![NEVER; n_runs],
            reached_in: vec![0; horizon as usize],
            horizon_revenue: vec![0.0; n_runs],
        }
    }
}

impl Accumulator for Outcomes {
    fn block(&mut self, m: &MonthBlock<'_>) {
        let slot = m.t as usize % 12;
        let range = m.lo..m.lo + m.totals.len();
        let (Some(horizon), Some(reach), Some(ring)) = (
            self.horizon_revenue.get_mut(range.clone()),
            self.reach_month.get_mut(range),
            self.ring.get_mut(m.lo * 12..(m.lo + m.totals.len()) * 12),
        ) else {
            return;
        };
        let mut newly = 0u32;
        for (((h, total), month), last12) in horizon
            .iter_mut()
            .zip(m.totals)
            .zip(reach.iter_mut())
            .zip(ring.chunks_exact_mut(12))
        {
            *h += total;
            if let Some(v) = last12.get_mut(slot) {
                *v = *total;
            }
            // The 12 months to date, added oldest first; only for a run still short of
            // the target, as nothing else reads the sum.
            if m.t >= 11 && *month == NEVER {
                let (newer, older) = last12.split_at(slot + 1);
                let window = older.iter().chain(newer).fold(0.0, |w, v| w + v);
                if window >= self.target {
                    *month = u16::try_from(m.t).unwrap_or(NEVER - 1);
                    newly += 1;
                }
            }
        }
        if let Some(c) = self.reached_in.get_mut(m.t as usize) {
            *c += newly;
        }
    }

    fn end_month(&mut self, _t: u32) {}
}

/// Each calendar year's distribution over runs, and the final year's runs.
pub(super) struct Years {
    blocks: Vec<YearBlock>,
    /// The year block the next month belongs to (or after).
    block_index: usize,
    /// Per run: the revenue of the current year block so far.
    pub year_sums: Vec<f64>,
    scratch: Vec<f64>,
    pub years: Vec<YearDistribution>,
    target: f64,
    start: YearMonth,
}

impl Years {
    pub fn new(n_runs: usize, blocks: Vec<YearBlock>, target: f64, start: YearMonth) -> Self {
        Self {
            years: Vec::with_capacity(blocks.len()),
            blocks,
            block_index: 0,
            year_sums: vec![0.0; n_runs],
            scratch: vec![0.0; n_runs],
            target,
            start,
        }
    }

    /// The final year's histogram and the mean of its worst 5% of runs.
    pub fn final_year(mut self) -> (Histogram, f64) {
        let annualiser = self.blocks.last().map_or(1.0, YearBlock::annualiser);
        for (dst, src) in self.scratch.iter_mut().zip(&self.year_sums) {
            *dst = src * annualiser;
        }
        let scratch = &mut self.scratch;
        let hist = histogram(scratch);
        let worst_count = ((scratch.len() as f64 * 0.05).floor() as usize)
            .max(1)
            .min(scratch.len());
        let worst = if worst_count > 0 && worst_count <= scratch.len() {
            let (worst, nth, _) = scratch.select_nth_unstable_by(worst_count - 1, f64::total_cmp);
            (worst.iter().sum::<f64>() + *nth) / worst_count as f64
        } else {
            0.0
        };
        (hist, worst)
    }
}

impl Accumulator for Years {
    fn block(&mut self, m: &MonthBlock<'_>) {
        let in_block = self
            .blocks
            .get(self.block_index)
            .is_some_and(|b| m.t >= b.first_month);
        if !in_block {
            return;
        }
        if let Some(sums) = self.year_sums.get_mut(m.lo..m.lo + m.totals.len()) {
            for (y, total) in sums.iter_mut().zip(m.totals) {
                *y += total;
            }
        }
    }

    fn end_month(&mut self, t: u32) {
        let Some(block) = self.blocks.get(self.block_index) else {
            return;
        };
        if t + 1 != block.first_month + block.months {
            return;
        }
        let runs = self.scratch.len() as f64;
        let annualiser = block.annualiser();
        for (dst, src) in self.scratch.iter_mut().zip(&self.year_sums) {
            *dst = src * annualiser;
        }
        let reach = self.scratch.iter().filter(|v| **v >= self.target).count() as f64 / runs;
        let mean = self.scratch.iter().sum::<f64>() / runs;
        let pct = percentiles_in_place(&mut self.scratch, &PERCENTILES);
        self.years.push(YearDistribution {
            block: block.clone(),
            from: self.start.plus_months(block.first_month),
            to: self.start.plus_months(block.first_month + block.months - 1),
            percentiles_musd: pct,
            mean_musd: mean,
            share_at_or_above_target: reach,
        });
        self.block_index += 1;
        if self.blocks.get(self.block_index).is_some() {
            self.year_sums.iter_mut().for_each(|v| *v = 0.0);
        }
    }
}

/// A histogram of values in [0, `top`] that remembers the sum in each bin.
struct BandHistogram {
    bins: Vec<Bin>,
    per_bin: f64,
}

/// One bin of a [`BandHistogram`]: how many values, and their sum (next to each other,
/// one bounds check and one cache line for both).
#[derive(Clone, Copy, Default)]
struct Bin {
    sum: f64,
    count: u32,
}

impl BandHistogram {
    fn new(top: f64) -> Self {
        Self {
            bins: vec![Bin::default(); BAND_BINS],
            per_bin: (BAND_BINS - 1) as f64 / top,
        }
    }

    /// The bin of `v`.
    #[inline]
    fn bin(&self, v: f64) -> usize {
        ((v * self.per_bin) as usize).min(BAND_BINS - 1)
    }

    /// Adds `v` to `bin` (its bin, or its bin in a histogram of the same range).
    #[inline]
    fn add_at(&mut self, bin: usize, v: f64) {
        if let Some(b) = self.bins.get_mut(bin) {
            b.count += 1;
            b.sum += v;
        }
    }

    /// The band percentiles, then cleared for the next month.
    fn take(&mut self) -> Option<[f64; 3]> {
        let n: u32 = self.bins.iter().map(|b| b.count).sum();
        if n == 0 {
            return None;
        }
        let mut out = [0.0; 3];
        let mut q_index = 0;
        let mut seen = 0u64;
        for bin in &self.bins {
            if bin.count == 0 {
                continue;
            }
            seen += u64::from(bin.count);
            while let Some(q) = BAND_PERCENTILES.get(q_index) {
                let rank = (q * f64::from(n - 1)).round_ties_even() as u64;
                if rank < seen {
                    if let Some(slot) = out.get_mut(q_index) {
                        *slot = bin.sum / f64::from(bin.count);
                    }
                    q_index += 1;
                } else {
                    break;
                }
            }
        }
        self.bins.iter_mut().for_each(|b| *b = Bin::default());
        Some(out)
    }
}

/// Concentration measured in every run and month: HHI and the largest customer's
/// share (all runs, and split by whether the headline client has left), the share of
/// runs in which the headline client has left, and the 10% disclosure test per client.
pub(super) struct Concentration {
    headline: Option<usize>,
    /// Per client: 1 / number of customers (0 for an own product).
    per_customer: Vec<f64>,
    horizon: usize,
    /// Per run of the block: 10% of its revenue, the disclosure limit.
    limits: Vec<f64>,
    hhi_all: BandHistogram,
    /// Over the runs in which the headline client stays (0) and has left (1).
    hhi_split: [BandHistogram; 2],
    top_all: BandHistogram,
    top_split: [BandHistogram; 2],
    headline_left_runs: u32,
    /// `[client][month]`: runs in which one customer has at least 10%.
    above: Vec<u32>,
    bands: ConcentrationBands,
    n_runs: usize,
}

impl Concentration {
    pub fn new(
        headline: Option<usize>,
        per_customer: Vec<f64>,
        horizon: u32,
        n_runs: usize,
    ) -> Self {
        let above = vec![0; per_customer.len().max(1) * horizon as usize];
        Self {
            headline,
            per_customer,
            horizon: horizon as usize,
            limits: Vec::new(),
            hhi_all: BandHistogram::new(10_000.0),
            hhi_split: [BandHistogram::new(10_000.0), BandHistogram::new(10_000.0)],
            top_all: BandHistogram::new(1.0),
            top_split: [BandHistogram::new(1.0), BandHistogram::new(1.0)],
            headline_left_runs: 0,
            above,
            bands: ConcentrationBands {
                headline,
                hhi: Vec::new(),
                hhi_if_stays: Vec::new(),
                hhi_if_left: Vec::new(),
                top1: Vec::new(),
                top1_if_stays: Vec::new(),
                top1_if_left: Vec::new(),
                p_headline_left: Vec::new(),
                p_at_or_above_threshold: Vec::new(),
            },
            n_runs,
        }
    }

    /// The bands, with every client's disclosure shares.
    pub fn finish(mut self, clients: usize) -> ConcentrationBands {
        let runs = self.n_runs as f64;
        self.bands.p_at_or_above_threshold = (0..clients)
            .map(|i| {
                self.above
                    .get(i * self.horizon..(i + 1) * self.horizon)
                    .unwrap_or(&[])
                    .iter()
                    .map(|c| f64::from(*c) / runs)
                    .collect()
            })
            .collect();
        self.bands
    }
}

/// An empty set of bands (the odds-only simulations compute none).
pub(super) fn no_bands(headline: Option<usize>) -> ConcentrationBands {
    let empty: Bands = Vec::new();
    ConcentrationBands {
        headline,
        hhi: empty.clone(),
        hhi_if_stays: empty.clone(),
        hhi_if_left: empty.clone(),
        top1: empty.clone(),
        top1_if_stays: empty.clone(),
        top1_if_left: empty,
        p_headline_left: Vec::new(),
        p_at_or_above_threshold: Vec::new(),
    }
}

impl Accumulator for Concentration {
    // Not inlined, like the kernel's loop (see `ClientMonth::run`).
    #[inline(never)]
    fn block(&mut self, m: &MonthBlock<'_>) {
        let len = m.totals.len();
        let threshold = crate::concentration::DISCLOSURE_THRESHOLD - 1e-12;
        let headline_gone = self
            .headline
            .and_then(|h| m.leave.get(h * m.n_runs + m.lo..h * m.n_runs + m.lo + len))
            .unwrap_or(&[]);
        // Each run's disclosure limit, 10% of its total (infinite for a run without
        // revenue, which discloses nobody).
        self.limits.clear();
        self.limits.extend(m.totals.iter().map(|total| {
            if *total > 0.0 {
                threshold * total
            } else {
                f64::INFINITY
            }
        }));
        // The 10% test, client by client over the runs, counted without branches (which
        // runs pass is random).
        for (i, (row, pc)) in m
            .revenue
            .chunks_exact(len.max(1))
            .zip(&self.per_customer)
            .enumerate()
        {
            let count = row
                .iter()
                .zip(&self.limits)
                .fold(0u32, |n, (v, limit)| n + u32::from(v * pc >= *limit));
            // An own product has no customer to disclose.
            if *pc > 0.0 {
                if let Some(c) = self.above.get_mut(i * self.horizon + m.t as usize) {
                    *c += count;
                }
            }
        }
        for (r, total) in m.totals.iter().enumerate() {
            // Run by run, over the clients in order: Σ R²/n and the largest customer's
            // revenue, kept in registers.
            let (mut sq, mut tp) = (0.0, 0.0);
            for (v, pc) in m
                .revenue
                .get(r..)
                .unwrap_or(&[])
                .iter()
                .step_by(len.max(1))
                .zip(&self.per_customer)
            {
                let per_customer = v * pc;
                sq += v * per_customer;
                // The larger of the two, as `f64::max` for numbers (revenues are never
                // NaN) without its NaN rules, which WebAssembly compiles to a call.
                tp = if per_customer > tp { per_customer } else { tp };
            }
            let (hhi, top1) = if *total > 0.0 {
                (
                    (10_000.0 * sq / (total * total)).clamp(0.0, 10_000.0),
                    (tp / total).clamp(0.0, 1.0),
                )
            } else {
                (0.0, 0.0)
            };
            // The split histograms cover the same range as the one of all runs: one bin
            // computed for the three.
            let (hhi_bin, top_bin) = (self.hhi_all.bin(hhi), self.top_all.bin(top1));
            self.hhi_all.add_at(hhi_bin, hhi);
            self.top_all.add_at(top_bin, top1);
            let left = headline_gone
                .get(r)
                .is_some_and(|g| (*g != NEVER) & (m.t >= u32::from(*g)));
            // Which histograms by index rather than by a branch the processor cannot
            // predict (whether the headline client has left is random by run).
            let split = usize::from(left);
            self.headline_left_runs += u32::from(left);
            if let (Some(h), Some(tp)) =
                (self.hhi_split.get_mut(split), self.top_split.get_mut(split))
            {
                h.add_at(hhi_bin, hhi);
                tp.add_at(top_bin, top1);
            }
        }
    }

    fn end_month(&mut self, _t: u32) {
        let b = &mut self.bands;
        b.p_headline_left
            .push(f64::from(self.headline_left_runs) / self.n_runs as f64);
        self.headline_left_runs = 0;
        let [hhi_stays, hhi_left] = &mut self.hhi_split;
        let [top_stays, top_left] = &mut self.top_split;
        b.hhi.push(self.hhi_all.take());
        b.hhi_if_stays.push(hhi_stays.take());
        b.hhi_if_left.push(hhi_left.take());
        b.top1.push(self.top_all.take());
        b.top1_if_stays.push(top_stays.take());
        b.top1_if_left.push(top_left.take());
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::random::Xoshiro256PlusPlus;

    #[test]
    fn radix_selection_finds_what_quickselect_finds() {
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(11);
        let quantiles = [0.0, 0.05, 0.25, 0.5, 0.5, 0.75, 0.95, 1.0];
        for case in 0..40 {
            let n = 1_024 + case * 397;
            let values: Vec<f64> = (0..n)
                .map(|i| match case % 4 {
                    // Clustered like monthly totals, with repeats.
                    0 => 100.0 + (rng.next_f64() * 50.0).floor() / 8.0,
                    // Both signs and zeros of both signs.
                    1 => [(rng.next_f64() - 0.5) * 1e6, 0.0, -0.0][i % 3],
                    // Tiny and huge together.
                    2 => rng.next_f64() * 10f64.powi((i % 600) as i32 - 300),
                    // All the same.
                    _ => 42.5,
                })
                .collect();
            let ranks = quantiles.map(|q| (q * (n - 1) as f64).round_ties_even() as usize);
            let want = select_ranks(&mut values.clone(), &ranks);
            let got = radix_select(&values, &ranks);
            assert_eq!(want.map(f64::to_bits), got.map(f64::to_bits), "case {case}");
        }
    }

    #[test]
    fn band_histograms_are_exact_when_runs_agree() {
        let mut h = BandHistogram::new(10_000.0);
        for _ in 0..7 {
            h.add_at(h.bin(5_312.5), 5_312.5);
        }
        assert_eq!(h.take(), Some([5_312.5; 3]));
        assert_eq!(h.take(), None);
    }
}
