//! The random numbers of the Monte Carlo: counter-based streams (every draw has its
//! own address: seed, run, stream, index), a ziggurat sampler for standard normal
//! variates, and a deterministic `exp`. Xoshiro256++ seeded by SplitMix64 remains for
//! sequential use (benchmarks, tests).
//!
//! The generators are named and implemented here (not `SmallRng`, whose algorithm
//! differs between 32- and 64-bit targets), use only `u64` arithmetic and IEEE basic
//! operations, and the few transcendental functions of the tables go through the
//! pure-Rust `libm` crate rather than the platform's maths library, so the same seed
//! gives bit-identical numbers natively and in WebAssembly.

/// SplitMix64's output function (Steele, Lea and Flood 2014): a bijective mix of 64 bits.
#[inline]
pub fn mix64(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// SplitMix64's increment (the golden ratio in 64 bits).
const GAMMA: u64 = 0x9E37_79B9_7F4A_7C15;

/// A counter-based random stream: draw *i* is `mix64(key + i·γ)`, SplitMix64 read at
/// position *i*, where the key is a hash of (seed, run, stream). Any draw can be read
/// without reading the ones before it, so two simulations that differ in one client
/// read exactly the same numbers for every other client (common random numbers), and
/// the first N runs of a larger simulation are the N-run simulation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Stream {
    key: u64,
}

impl Stream {
    /// The stream `stream` of run `run` of a simulation seeded with `seed`.
    pub fn new(seed: u64, run: u64, stream: u64) -> Self {
        let k = mix64(seed ^ 0x5DEE_CE66_D1CE_4E5B);
        let k = mix64(k.wrapping_add(run.wrapping_mul(GAMMA)));
        Self {
            key: mix64(k ^ stream.wrapping_mul(0xD1B5_4A32_D192_ED03)),
        }
    }

    /// The 64 random bits at position `index`.
    #[inline]
    pub fn bits(self, index: u64) -> u64 {
        mix64(self.key.wrapping_add(index.wrapping_mul(GAMMA)))
    }

    /// A uniform number in (0, 1] at position `index`.
    #[inline]
    pub fn uniform_open_zero(self, index: u64) -> f64 {
        ((self.bits(index) >> 11) + 1) as f64 * (1.0 / (1u64 << 53) as f64)
    }
}

/// SplitMix64 (Steele, Lea and Flood 2014): used only to expand a 64-bit seed into
/// Xoshiro's 256-bit state, as its authors recommend.
#[derive(Clone, Debug)]
pub struct SplitMix64 {
    state: u64,
}

impl SplitMix64 {
    /// A generator whose first output depends on `seed`.
    pub fn new(seed: u64) -> Self {
        Self { state: seed }
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
}

/// Xoshiro256++ (Blackman and Vigna 2019), a fast generator with a 2^256 − 1 period.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Xoshiro256PlusPlus {
    s: [u64; 4],
}

impl Xoshiro256PlusPlus {
    /// Seeds the state from `seed` with SplitMix64, which never yields the all-zero state.
    pub fn seed_from_u64(seed: u64) -> Self {
        let mut sm = SplitMix64::new(seed);
        Self {
            s: [sm.next_u64(), sm.next_u64(), sm.next_u64(), sm.next_u64()],
        }
    }

    /// The generator for run `run` of a simulation seeded with `seed`: each run has its
    /// own stream, so the first N runs of a larger simulation are exactly the N-run
    /// simulation (a preview with fewer runs shows a subset of the full result).
    pub fn for_run(seed: u64, run: u64) -> Self {
        let mut sm = SplitMix64::new(seed ^ run.wrapping_mul(0xD1B5_4A32_D192_ED03));
        Self::seed_from_u64(sm.next_u64())
    }

    /// The next 64 random bits.
    #[inline]
    pub fn next_u64(&mut self) -> u64 {
        let [s0, s1, s2, s3] = self.s;
        let result = s0.wrapping_add(s3).rotate_left(23).wrapping_add(s0);
        let t = s1 << 17;
        let mut n2 = s2 ^ s0;
        let mut n3 = s3 ^ s1;
        let n1 = s1 ^ n2;
        let n0 = s0 ^ n3;
        n2 ^= t;
        n3 = n3.rotate_left(45);
        self.s = [n0, n1, n2, n3];
        result
    }

    /// A uniform number in [0, 1) with 53 random bits.
    #[inline]
    pub fn next_f64(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }
}

/// Layers of the ziggurat.
const LAYERS: usize = 256;
/// Start of the tail for 256 layers (Marsaglia and Tsang 2000).
const TAIL_START: f64 = 3.654_152_885_361_009;
/// Area of each layer (and of the base strip with its tail).
const LAYER_AREA: f64 = 0.004_928_673_233_99;

/// Standard normal variates by the ziggurat method (Marsaglia and Tsang 2000, with
/// Doornik's 2005 correction of using independent bits for layer and position).
#[derive(Clone, Debug)]
pub struct Normal {
    /// Layer edges: `x[0]` is the base strip's virtual width, `x[1]` the tail start,
    /// decreasing to `x[LAYERS] = 0`.
    x: [f64; LAYERS + 1],
    /// Density `exp(-x²/2)` at each edge.
    f: [f64; LAYERS + 1],
    /// `x[i] · 2⁻⁵²` (exact): the fast path's position is a signed 53-bit integer times it.
    x_scaled: [f64; LAYERS + 1],
}

impl Default for Normal {
    fn default() -> Self {
        Self::new()
    }
}

impl Normal {
    /// Builds the tables (257 entries, computed with `libm` so they are identical on every target).
    pub fn new() -> Self {
        let density = |x: f64| libm::exp(-0.5 * x * x);
        let mut x = [0.0; LAYERS + 1];
        let mut f = [0.0; LAYERS + 1];
        x[0] = LAYER_AREA / density(TAIL_START);
        x[1] = TAIL_START;
        let mut prev = TAIL_START;
        for edge in x.iter_mut().take(LAYERS).skip(2) {
            *edge = libm::sqrt(-2.0 * libm::log(LAYER_AREA / prev + density(prev)));
            prev = *edge;
        }
        x[LAYERS] = 0.0;
        for (fi, xi) in f.iter_mut().zip(x.iter()) {
            *fi = density(*xi);
        }
        let x_scaled = x.map(|xi| xi * (1.0 / (1u64 << 52) as f64));
        Self { x, f, x_scaled }
    }

    /// One standard normal variate from a sequential generator.
    #[inline]
    pub fn sample(&self, rng: &mut Xoshiro256PlusPlus) -> f64 {
        self.sample_with(|| rng.next_u64())
    }

    /// The standard normal variate at position `index` of `stream`: the first attempt
    /// reads that position; the rare rejections continue with SplitMix64 seeded by it.
    #[inline]
    pub fn at(&self, stream: Stream, index: u64) -> f64 {
        let bits = stream.bits(index);
        // The fast path of the ziggurat (about 99% of draws), inline; the same
        // arithmetic as the first attempt of `sample_with`, whose position u · x[layer]
        // with u = 2k/2⁵³ − 1 (k the 53 high bits) is j · (x[layer] · 2⁻⁵²) for the signed
        // j = k − 2⁵²: the same single rounding. A signed integer, because WebAssembly's
        // conversion of an unsigned one to a float is a long sequence in V8.
        let layer = (bits & 0xff) as usize;
        let j = ((bits >> 11) as i64) - (1i64 << 52);
        if let (Some(scale), Some(x_next)) = (self.x_scaled.get(layer), self.x.get(layer + 1)) {
            let x = j as f64 * scale;
            if x.abs() < *x_next {
                return x;
            }
        }
        self.at_slow(bits)
    }

    /// The rest of a draw whose first attempt fell outside the ziggurat's core.
    #[cold]
    #[inline(never)]
    fn at_slow(&self, first: u64) -> f64 {
        let mut taken = false;
        let mut more = SplitMix64::new(first);
        self.sample_with(|| {
            if taken {
                more.next_u64()
            } else {
                taken = true;
                first
            }
        })
    }

    /// One standard normal variate, drawing 64-bit words from `next`.
    #[inline]
    pub fn sample_with(&self, mut next: impl FnMut() -> u64) -> f64 {
        loop {
            let bits = next();
            let layer = (bits & 0xff) as usize;
            // A uniform in [-1, 1) from the 53 high bits.
            let u = 2.0 * ((bits >> 11) as f64 * (1.0 / (1u64 << 53) as f64)) - 1.0;
            let (x_here, x_next) = match (self.x.get(layer), self.x.get(layer + 1)) {
                (Some(a), Some(b)) => (*a, *b),
                _ => return 0.0,
            };
            let x = u * x_here;
            if x.abs() < x_next {
                return x;
            }
            if layer == 0 {
                return Self::tail(&mut next, u < 0.0);
            }
            let (f_here, f_next) = match (self.f.get(layer), self.f.get(layer + 1)) {
                (Some(a), Some(b)) => (*a, *b),
                _ => return 0.0,
            };
            let uniform = (next() >> 11) as f64 * (1.0 / (1u64 << 53) as f64);
            if f_next + (f_here - f_next) * uniform < libm::exp(-0.5 * x * x) {
                return x;
            }
        }
    }

    /// A draw from the tail beyond `TAIL_START` (Marsaglia 1964).
    fn tail(next: &mut impl FnMut() -> u64, negative: bool) -> f64 {
        let mut open = || ((next() >> 11) + 1) as f64 * (1.0 / (1u64 << 53) as f64);
        loop {
            let a = -libm::log(open()) / TAIL_START;
            let b = -libm::log(open());
            if 2.0 * b > a * a {
                let x = TAIL_START + a;
                return if negative { -x } else { x };
            }
        }
    }
}

/// Entries of the table of 2^(j/256).
const EXP_TABLE: usize = 256;
/// 1.5 · 2^52: adding and subtracting it rounds a double to an integer (ties to even).
const ROUNDER: f64 = 6_755_399_441_055_744.0;
/// ln 2 in two parts (fdlibm's), the high one with trailing zero bits so that n · hi is exact.
const LN2_HI: f64 = 6.931_471_803_691_238e-1;
const LN2_LO: f64 = 1.908_214_929_270_587_7e-10;

/// A deterministic exponential: exp(x) = 2^k · 2^(j/256) · e^r with |r| ≤ ln 2 / 512,
/// the table computed once with `libm`, and e^r by a degree-4 polynomial (relative
/// error below 3·10⁻¹⁵). Only IEEE additions and multiplications run per call, so it gives
/// the same bits on every target, and it is several times cheaper than `libm::exp`.
/// Arguments are clamped to ±700, so the result is always finite and positive.
#[derive(Clone, Debug)]
pub struct FastExp {
    table: [f64; EXP_TABLE],
}

impl Default for FastExp {
    fn default() -> Self {
        Self::new()
    }
}

impl FastExp {
    /// Builds the table of 2^(j/256).
    pub fn new() -> Self {
        let mut table = [0.0; EXP_TABLE];
        for (j, v) in table.iter_mut().enumerate() {
            *v = libm::exp2(j as f64 / EXP_TABLE as f64);
        }
        Self { table }
    }

    /// e^x.
    #[inline]
    pub fn exp(&self, x: f64) -> f64 {
        let x = x.clamp(-700.0, 700.0);
        let rounded = x * (EXP_TABLE as f64 / core::f64::consts::LN_2) + ROUNDER;
        let n = rounded - ROUNDER;
        let r = (x - n * (LN2_HI / EXP_TABLE as f64)) - n * (LN2_LO / EXP_TABLE as f64);
        let poly = 1.0 + r * (1.0 + r * (0.5 + r * (1.0 / 6.0 + r * (1.0 / 24.0))));
        // n is `rounded − ROUNDER` exactly, so the integer n is the difference of their
        // bits (two's complement; cheaper than a float-to-integer conversion, above all
        // in WebAssembly). |n| ≤ 700 · 256 / ln 2 < 1023 · 256, so n + 1023 · 256 ≥ 0 and
        // its bits from the 8th up are k + 1023, the biased exponent of 2^k.
        let ni = rounded.to_bits().wrapping_sub(ROUNDER.to_bits());
        let j = (ni & (EXP_TABLE as u64 - 1)) as usize;
        let scale = f64::from_bits((ni.wrapping_add(1023 << 8) & !0xff) << 44);
        self.table.get(j).copied().unwrap_or(1.0) * poly * scale
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splitmix_matches_reference_output() {
        // Reference values of SplitMix64 seeded with 1234567 (from the algorithm's C code).
        let mut sm = SplitMix64::new(1_234_567);
        assert_eq!(sm.next_u64(), 6_457_827_717_110_365_317);
        assert_eq!(sm.next_u64(), 3_203_168_211_198_807_973);
    }

    #[test]
    fn xoshiro_matches_reference_output() {
        // Reference output of xoshiro256plusplus.c with the state s = {1, 2, 3, 4}.
        let mut rng = Xoshiro256PlusPlus { s: [1, 2, 3, 4] };
        let expected = [
            41_943_041u64,
            58_720_359,
            3_588_806_011_781_223,
            3_591_011_842_654_386,
        ];
        for e in expected {
            assert_eq!(rng.next_u64(), e);
        }
    }

    #[test]
    fn normal_has_mean_zero_and_unit_variance() {
        let normal = Normal::new();
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(7);
        let n = 200_000;
        let (mut sum, mut sum_sq, mut beyond_two) = (0.0, 0.0, 0u32);
        for _ in 0..n {
            let z = normal.sample(&mut rng);
            sum += z;
            sum_sq += z * z;
            if z.abs() > 1.959_964 {
                beyond_two += 1;
            }
        }
        let mean = sum / f64::from(n);
        let var = sum_sq / f64::from(n) - mean * mean;
        assert!(mean.abs() < 0.01, "mean {mean}");
        assert!((var - 1.0).abs() < 0.01, "variance {var}");
        let tail = f64::from(beyond_two) / f64::from(n);
        assert!((tail - 0.05).abs() < 0.003, "two-sided 5% tail {tail}");
    }

    #[test]
    fn fast_exp_matches_libm() {
        let e = FastExp::new();
        let mut worst = 0.0f64;
        let mut x = -40.0;
        while x < 40.0 {
            let want = libm::exp(x);
            worst = worst.max(((e.exp(x) - want) / want).abs());
            x += 0.000_731;
        }
        assert!(worst < 3e-15, "relative error {worst}");
        assert_eq!(e.exp(0.0), 1.0);
        assert!(e.exp(1e9).is_finite() && e.exp(-1e9) > 0.0);
    }

    #[test]
    fn stream_draws_are_addressed_and_independent_of_order() {
        let s = Stream::new(2024, 7, 3);
        let later = s.bits(35);
        let _ = s.bits(0);
        assert_eq!(s.bits(35), later);
        assert_ne!(Stream::new(2024, 7, 4).bits(35), later);
        assert_ne!(Stream::new(2024, 8, 3).bits(35), later);
        let normal = Normal::new();
        let n = 100_000u64;
        let (mut sum, mut sum_sq) = (0.0, 0.0);
        for i in 0..n {
            let z = normal.at(Stream::new(1, i, 0), 5);
            sum += z;
            sum_sq += z * z;
        }
        let mean = sum / n as f64;
        assert!(mean.abs() < 0.015, "mean {mean}");
        assert!((sum_sq / n as f64 - 1.0).abs() < 0.02);
    }

    #[test]
    fn runs_have_distinct_streams() {
        let a = Xoshiro256PlusPlus::for_run(42, 0).next_u64();
        let b = Xoshiro256PlusPlus::for_run(42, 1).next_u64();
        let c = Xoshiro256PlusPlus::for_run(43, 0).next_u64();
        assert_ne!(a, b);
        assert_ne!(a, c);
    }
}
