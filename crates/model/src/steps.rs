//! Computations done a piece at a time: the one trait of the Monte Carlo's step types
//! ([`crate::monte_carlo::SimulationSteps`], [`crate::stress::DepartureSteps`],
//! [`crate::levers::CurveSteps`], [`crate::sensitivity::SensitivitySteps`]), so a
//! caller on a thread that must stay responsive drives any of them the same way:
//! `step` until it returns `false` (yielding in between), then `finish`.

/// A computation done in pieces. However it is stepped, `finish` gives exactly what
/// computing it in one go gives.
pub trait Steps {
    /// What the computation gives.
    type Output;

    /// Does the next piece, and more until about `work` client-months are done (runs
    /// × (clients + 1) × months simulated); `0` does exactly one piece. Returns
    /// whether any piece remains.
    fn step(&mut self, work: u64) -> bool;

    /// The result, after doing whatever pieces remain.
    fn finish(self) -> Self::Output;
}

/// Runs `piece` once, then again while it says more remain and less than `work` has
/// been done, counting `per_piece` for each; returns whether any piece remains.
pub(crate) fn repeat(work: u64, per_piece: u64, mut piece: impl FnMut() -> bool) -> bool {
    let mut done = 0u64;
    loop {
        let more = piece();
        done = done.saturating_add(per_piece);
        if !more || done >= work {
            return more;
        }
    }
}

/// The client-months of one simulation of `runs` runs of `scenario`.
pub(crate) fn simulation_work(scenario: &crate::Scenario, runs: u32) -> u64 {
    u64::from(runs)
        .saturating_mul(scenario.clients.len() as u64 + 1)
        .saturating_mul(u64::from(scenario.horizon_months))
}
