//! Renders every chart of a preset to SVG files: `cargo run -p revenue-charts
//! --example render -- OUT_DIR [PRESET] [dark]`. Used to look at the charts outside a
//! browser and to check changes by eye.

use plotters::prelude::*;
use revenue_charts::*;
use revenue_model::monte_carlo::simulate_runs;
use revenue_model::{concentration, project, sensitivity, validate, Story};
use std::path::PathBuf;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let out = PathBuf::from(args.next().unwrap_or_else(|| "target/charts".to_string()));
    let story = Story::parse(include_str!("../../../stories/article.json"))?;
    let preset = args
        .next()
        .and_then(|s| story.preset_index(&s))
        .and_then(|i| story.preset_scenario(i))
        .unwrap_or_else(|| story.base_case().get().clone());
    let theme = if args.next().as_deref() == Some("dark") {
        Theme::dark(1.0)
    } else {
        Theme::light(1.0)
    };
    std::fs::create_dir_all(&out)?;
    let s = validate(preset).map_err(|e| e.to_string())?;
    let p = project(&s);
    let customers = concentration::customer_counts(&s.get().clients);
    let c = concentration::concentration(&p, &customers, s.get().company_annual_revenue_musd);
    let mc = simulate_runs(&s, s.get().simulation.runs);
    let t = sensitivity::sensitivity(&s, Some(2_000));
    let target = s.get().target_annual_revenue_musd;
    let size = (720, 420);
    let file = |name: &str| out.join(format!("{name}.svg"));
    let path = file("revenue");
    let a = SVGBackend::new(&path, size).into_drawing_area();
    draw_revenue_by_client(&a, &p, &theme)?;
    a.present()?;
    let path = file("concentration");
    let a = SVGBackend::new(&path, size).into_drawing_area();
    draw_concentration(&a, &mc.concentration, &c, p.start, "TikTok", &theme)?;
    a.present()?;
    let path = file("fan");
    let a = SVGBackend::new(&path, size).into_drawing_area();
    draw_fan(&a, &mc, p.start, target, &[], &theme)?;
    a.present()?;
    let path = file("final-year");
    let a = SVGBackend::new(&path, size).into_drawing_area();
    draw_final_year(&a, &mc, target, &theme)?;
    a.present()?;
    let path = file("tornado");
    let a = SVGBackend::new(&path, size).into_drawing_area();
    draw_tornado(&a, &t, &theme)?;
    a.present()?;
    println!(
        "P(reach target) = {:.3}, forward 12m = {:.1}",
        mc.p_reach_target, p.forward_12m_from_start_musd
    );
    Ok(())
}
