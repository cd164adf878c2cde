//! Entry point of the author page's WebAssembly build.

fn main() {
    revenue_author::start();
}
