//! Everything that talks to the browser beyond the widget's own DOM: the page's URL,
//! storage, clipboard, downloads and parent frame (`host`), the embedding page's commands
//! and the changes reported to it (`embedder`), the data the built page carries for the
//! first screen (`page_data`), work deferred until after the next paint (`frame`), the
//! compute client (`compute`, its decisions as a plain state machine; `simulation`, its
//! transports: the pool of workers and the page's thread; `worker`, the worker's side
//! and how a job is computed), and timing marks. Components call these functions and
//! never such web APIs directly.

pub mod compute;
pub mod embedder;
pub mod frame;
pub mod host;
pub mod page_data;
pub mod perf;
pub mod simulation;
pub mod worker;
