//! The widget's components: small, each drawing one part from props.

pub mod article_table;
pub mod chart;
pub mod number_slider;
