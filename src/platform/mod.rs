//! Everything that talks to the browser beyond the widget's own DOM: the simulation
//! worker, timing marks. Components call these functions and never web APIs of
//! this kind directly.

pub mod perf;
pub mod simulation;
