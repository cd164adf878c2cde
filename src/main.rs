//! Entry point of the widget's WebAssembly build.

fn main() {
    revenue_widget::start();
}
