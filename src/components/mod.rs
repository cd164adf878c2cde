//! The widget's components: small, each drawing one part from props.

pub mod article_table;
pub mod chart;
pub mod client_card;
pub mod levers;
pub mod number_slider;
pub mod results;
pub mod scenario_inputs;
pub mod sensitivity;
pub mod share;
pub mod tabs;
pub mod toolbar;
