//! The random numbers of the Monte Carlo: Xoshiro256++ seeded by SplitMix64, and a
//! ziggurat sampler for standard normal variates.
//!
//! The generator is named and implemented here (not `SmallRng`, whose algorithm
//! differs between 32- and 64-bit targets), uses only `u64` arithmetic, and the few
//! transcendental functions go through the pure-Rust `libm` crate rather than the
//! platform's maths library, so the same seed gives bit-identical numbers natively
//! and in WebAssembly.

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

    /// A uniform number in (0, 1], safe to take the logarithm of.
    #[inline]
    fn next_f64_open_zero(&mut self) -> f64 {
        ((self.next_u64() >> 11) + 1) as f64 * (1.0 / (1u64 << 53) as f64)
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
        Self { x, f }
    }

    /// One standard normal variate.
    #[inline]
    pub fn sample(&self, rng: &mut Xoshiro256PlusPlus) -> f64 {
        loop {
            let bits = rng.next_u64();
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
                return self.tail(rng, u < 0.0);
            }
            let (f_here, f_next) = match (self.f.get(layer), self.f.get(layer + 1)) {
                (Some(a), Some(b)) => (*a, *b),
                _ => return 0.0,
            };
            if f_next + (f_here - f_next) * rng.next_f64() < libm::exp(-0.5 * x * x) {
                return x;
            }
        }
    }

    /// A draw from the tail beyond `TAIL_START` (Marsaglia 1964).
    fn tail(&self, rng: &mut Xoshiro256PlusPlus, negative: bool) -> f64 {
        loop {
            let a = -libm::log(rng.next_f64_open_zero()) / TAIL_START;
            let b = -libm::log(rng.next_f64_open_zero());
            if 2.0 * b > a * a {
                let x = TAIL_START + a;
                return if negative { -x } else { x };
            }
        }
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
    fn runs_have_distinct_streams() {
        let a = Xoshiro256PlusPlus::for_run(42, 0).next_u64();
        let b = Xoshiro256PlusPlus::for_run(42, 1).next_u64();
        let c = Xoshiro256PlusPlus::for_run(43, 0).next_u64();
        assert_ne!(a, b);
        assert_ne!(a, c);
    }
}
