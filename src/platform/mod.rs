//! Everything that talks to the browser beyond the widget's own DOM: the page's URL,
//! storage, clipboard, downloads and parent frame (`host`), the embedding page's commands
//! and the changes reported to it (`embedder`), the data the built page carries for the
//! first screen (`page_data`), work deferred until after
//! the next paint (`frame`), the simulation worker
//! (`simulation`, the page's side; `worker`, the worker's), and timing marks. Components call these functions and never such web APIs directly.

pub mod embedder;
pub mod frame;
pub mod host;
pub mod page_data;
pub mod perf;
pub mod simulation;
pub mod worker;
