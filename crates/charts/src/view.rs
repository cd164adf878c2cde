//! Every chart behind one type, with everything it says about itself: its title, the
//! one-sentence summary, the values under a pointer, the table of its numbers, the
//! height it wants at a width, and its drawing. A host (the widget's canvas component, a
//! build step writing SVG) shows what this returns and knows nothing of the charts.

use crate::concentration::{
    concentration_describe, concentration_summary, concentration_table, concentration_title,
};
use crate::distribution::{
    final_year_describe, final_year_summary, final_year_table, final_year_title,
};
use crate::fan::{fan_describe, fan_summary, fan_table, fan_title, Overlay};
use crate::response::{describe_curve, response_describe, response_table, response_title};
use crate::revenue::{revenue_describe, revenue_summary, revenue_table, revenue_title};
use crate::tornado::{tornado_describe, tornado_summary, tornado_table, tornado_title};
use crate::{
    draw_concentration, draw_fan, draw_final_year, draw_response, draw_revenue_by_client,
    draw_tornado, DrawResult, PlotGeometry, Theme,
};
use plotters::coord::Shift;
use plotters::prelude::*;
use revenue_model::concentration::Concentration;
use revenue_model::levers::Curve;
use revenue_model::monte_carlo::MonteCarlo;
use revenue_model::sensitivity::Sensitivity;
use revenue_model::{Projection, YearMonth};
use std::rc::Rc;

/// A table of a chart's numbers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DataTable {
    /// Column headers.
    pub headers: Vec<String>,
    /// Rows of cells; the first cell of a row names it.
    pub rows: Vec<Vec<String>>,
}

/// What a chart shows. Cheap to clone (the results are shared).
#[derive(Clone, Debug, PartialEq)]
pub enum ChartData {
    /// Expected revenue by client, stacked.
    RevenueByClient(Rc<Projection>),
    /// Concentration over time: measured in the runs, the expected path for reference,
    /// the start month and the headline client's short name.
    Concentration(Rc<MonteCarlo>, Rc<Concentration>, YearMonth, String),
    /// The Monte Carlo fan: the runs, the start month, the target ($M a year), the cases
    /// it is compared with, and the headline client's short name (for the title).
    Fan(Rc<MonteCarlo>, YearMonth, f64, Rc<Vec<Overlay>>, String),
    /// The final year's distribution against the target ($M a year).
    FinalYear(Rc<MonteCarlo>, f64),
    /// The sensitivity tornado.
    Tornado(Rc<Sensitivity>),
    /// A key lever's response curve, whether it is stale (being recomputed), and the
    /// lever as a phrase inside a sentence ("the chance Acme leaves within a year").
    Response(Rc<Curve>, bool, String),
}

impl ChartData {
    /// The chart's title, which is also its accessible name.
    pub fn title(&self) -> String {
        match self {
            ChartData::RevenueByClient(_) => revenue_title(),
            ChartData::Concentration(..) => concentration_title(),
            ChartData::Fan(mc, _, target, _, name) => fan_title(mc, *target, name),
            ChartData::FinalYear(..) => final_year_title(),
            ChartData::Tornado(_) => tornado_title(),
            ChartData::Response(_, _, phrase) => response_title(phrase),
        }
    }

    /// What the chart shows, in a sentence or two.
    pub fn summary(&self) -> String {
        match self {
            ChartData::RevenueByClient(p) => revenue_summary(p),
            ChartData::Concentration(mc, _, start, _) => concentration_summary(mc, *start),
            ChartData::Fan(mc, start, target, overlays, _) => {
                let months = u32::try_from(mc.percentiles_musd.len()).unwrap_or(1);
                let end = start.plus_months(months.saturating_sub(1));
                fan_summary(mc, end, *target, overlays)
            }
            ChartData::FinalYear(mc, target) => final_year_summary(mc, *target),
            ChartData::Tornado(s) => tornado_summary(s),
            ChartData::Response(c, _, _) => describe_curve(c),
        }
    }

    /// The values at data coordinates (`x`, `y`), in words; `None` off the data.
    pub fn describe(&self, x: f64, y: f64) -> Option<String> {
        match self {
            ChartData::RevenueByClient(p) => revenue_describe(p, x),
            ChartData::Concentration(mc, _, start, _) => {
                concentration_describe(&mc.concentration, *start, x)
            }
            ChartData::Fan(mc, start, _, overlays, _) => fan_describe(mc, *start, overlays, x),
            ChartData::FinalYear(mc, _) => final_year_describe(mc, x),
            ChartData::Tornado(s) => tornado_describe(s, y),
            ChartData::Response(c, _, _) => response_describe(c, x),
        }
    }

    /// The chart's numbers as a table.
    pub fn table(&self) -> DataTable {
        match self {
            ChartData::RevenueByClient(p) => revenue_table(p),
            ChartData::Concentration(mc, c, start, name) => {
                concentration_table(&mc.concentration, c, *start, name)
            }
            ChartData::Fan(mc, start, _, overlays, _) => fan_table(mc, *start, overlays),
            ChartData::FinalYear(mc, _) => final_year_table(mc),
            ChartData::Tornado(s) => tornado_table(s),
            ChartData::Response(c, _, _) => response_table(c),
        }
    }

    /// The chart's height in CSS pixels at `css_width`: the outlook is wide and short so
    /// it fits the first screen with the levers; the others are taller.
    pub fn height_for(&self, css_width: f64) -> f64 {
        match self {
            ChartData::Fan(..) if css_width < crate::fan::NARROW_PX => {
                // A narrow outlook puts its key in a strip under the plot.
                (css_width * 0.34).clamp(170.0, 240.0) + crate::LEGEND_STRIP_PX
            }
            ChartData::Fan(..) => (css_width * 0.34).clamp(170.0, 240.0),
            ChartData::Response(..) => crate::response::RESPONSE_HEIGHT_PX,
            _ => (css_width * 0.6).clamp(240.0, 440.0),
        }
    }

    /// The narrowest the chart is drawn, in CSS pixels (a narrower canvas is drawn at this
    /// width and scaled down): a lever's curve fits a phone's half column.
    pub fn min_width(&self) -> f64 {
        match self {
            ChartData::Response(..) => 120.0,
            _ => 200.0,
        }
    }

    /// Draws the chart on `area` and returns where its plot lies.
    pub fn draw<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        theme: &Theme,
    ) -> DrawResult<PlotGeometry, DB::ErrorType> {
        match self {
            ChartData::RevenueByClient(p) => draw_revenue_by_client(area, p, theme),
            ChartData::Concentration(mc, c, start, name) => {
                draw_concentration(area, &mc.concentration, c, *start, name, theme)
            }
            ChartData::Fan(mc, start, target, overlays, _) => {
                draw_fan(area, mc, *start, *target, overlays, theme)
            }
            ChartData::FinalYear(mc, target) => draw_final_year(area, mc, *target, theme),
            ChartData::Tornado(s) => draw_tornado(area, s, theme),
            ChartData::Response(c, stale, _) => draw_response(area, c, *stale, theme),
        }
    }
}
