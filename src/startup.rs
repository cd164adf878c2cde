//! Where a widget starts: its options, and the scenario, theme and notices it opens
//! with, read from the page's link, its saved state or a preset.

use crate::components::toolbar::ThemeChoice;
use crate::platform::host;
use revenue_model::presets::Preset;
use revenue_model::Scenario;

/// How a widget is mounted.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Options {
    /// A preset to start from (`article`, `bytedance-exit`, `diversified`, `growth-misses`).
    pub preset: Option<String>,
    /// `light`, `dark` or `auto`.
    pub theme: Option<String>,
    /// The folder URL of the widget's files (ending in `/`), to start the worker from.
    pub base: Option<String>,
    /// Run the full Monte Carlo in workers (else on the main thread, after yielding).
    pub worker: bool,
    /// How many workers to start (at most 8; 0: compute on the page's thread); `None`:
    /// the reader's cores less one, 1 to 4.
    pub workers: Option<u32>,
    /// Read and write the scenario in the page URL and local storage.
    pub persist: bool,
}

/// Where the widget starts: the scenario, the theme, and what was ignored on the way.
pub(crate) struct Start {
    pub(crate) scenario: Scenario,
    pub(crate) theme: ThemeChoice,
    pub(crate) notices: Vec<String>,
    /// Whether the URL already carries the scenario (so there is no need to write it).
    pub(crate) from_url: bool,
}

fn theme_of(text: Option<&str>, notices: &mut Vec<String>) -> ThemeChoice {
    match text.map(str::trim) {
        None | Some("") | Some("auto") => ThemeChoice::System,
        Some("light") => ThemeChoice::Light,
        Some("dark") => ThemeChoice::Dark,
        Some(other) => {
            notices.push(format!(
                "The theme \"{}\" is unknown; following the system's.",
                other.chars().take(20).collect::<String>()
            ));
            ThemeChoice::System
        }
    }
}

fn preset_of(slug: &str, notices: &mut Vec<String>) -> Option<Scenario> {
    match Preset::from_slug(slug) {
        Some(p) => Some(p.scenario()),
        None => {
            notices.push(format!(
                "The preset \"{}\" is unknown; showing the article's base case.",
                slug.chars().take(30).collect::<String>()
            ));
            None
        }
    }
}

/// Decides the starting scenario: the link's scenario, else its preset, else the saved
/// one, else the article's base case. Anything unreadable is ignored and said so.
pub(crate) fn start_from(options: &Options) -> Start {
    use revenue_model::share::{decode, describe_ignored, repair};
    let mut notices = Vec::new();
    let mut theme_text = options.theme.clone();
    let mut scenario = options
        .preset
        .as_deref()
        .and_then(|slug| preset_of(slug, &mut notices));
    let mut from_url = false;
    if options.persist {
        let url = host::read_url();
        if url.too_long {
            notices
                .push("The link is too long to read; showing the article's base case.".to_string());
        }
        theme_text = url.theme.or(theme_text);
        if let Some(text) = url.scenario {
            let decoded = decode(&text);
            let (valid, notes) = repair(decoded.scenario);
            let all: Vec<String> = decoded.ignored.into_iter().chain(notes).collect();
            notices.extend(describe_ignored("link", &all));
            scenario = Some(valid.into_inner());
            from_url = true;
        } else if let Some(slug) = url.preset {
            scenario = preset_of(&slug, &mut notices);
        }
        if scenario.is_none() {
            match host::load_saved() {
                Ok(Some(text)) => match revenue_model::share::scenario_from_json(&text) {
                    Ok((valid, notes)) => {
                        notices.extend(describe_ignored("saved scenario", &notes));
                        scenario = Some(valid.into_inner());
                    }
                    Err(e) => notices.push(format!("The saved scenario was ignored ({e}); starting from the article's base case.")),
                },
                Ok(None) => {}
                Err(host::StorageUnavailable) => notices.push(STORAGE_UNAVAILABLE.to_string()),
            }
        }
    }
    let theme = theme_of(theme_text.as_deref(), &mut notices);
    Start {
        scenario: scenario.unwrap_or_default(),
        theme,
        notices,
        from_url,
    }
}

/// Said once when the page cannot keep the reader's changes.
pub(crate) const STORAGE_UNAVAILABLE: &str =
    "This page cannot save your changes on this device; use Copy link or Download to keep them.";
