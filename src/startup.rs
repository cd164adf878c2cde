//! Where a widget starts: its options, the story it tells, and the scenario, theme and
//! notices it opens with, read from the page's link, its saved state or a preset.

use crate::components::toolbar::ThemeChoice;
use crate::platform::embedder::HostChannel;
use crate::platform::host;
use revenue_model::monte_carlo::MonteCarlo;
use revenue_model::{Scenario, Story, ValidScenario};
use std::rc::Rc;

/// How a widget is mounted.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Options {
    /// The story the page asks for (the text of a story file), if any.
    pub story: Option<String>,
    /// Where that story came from, for notices ("acme.json", "the link").
    pub story_name: Option<String>,
    /// Why the story the page asked for could not be loaded, if it could not.
    pub story_error: Option<String>,
    /// The default story (the text of a story file): told when no other is asked for,
    /// or when the one asked for cannot be used.
    pub default_story: Option<String>,
    /// A preset of the story to start from, by id (`?preset=…`).
    pub preset: Option<String>,
    /// A scenario to start from, as a share link's text (wins over `preset`).
    pub scenario: Option<String>,
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
    /// Commands from the script that mounted the widget, and the changes it is told.
    pub channel: HostChannel,
    /// A full result the page already carries and the scenario it is for (the built page's
    /// base case): shown at once for that scenario, until the widget's own arrives.
    pub first_result: Option<(Rc<ValidScenario>, Rc<MonteCarlo>)>,
}

/// Where the widget starts: the scenario, the theme, and what was ignored on the way.
pub(crate) struct Start {
    pub(crate) scenario: Scenario,
    pub(crate) theme: ThemeChoice,
    pub(crate) notices: Vec<String>,
    /// Whether the URL already carries the scenario (so there is no need to write it).
    pub(crate) from_url: bool,
    /// Where the scenario is saved in local storage.
    pub(crate) storage_key: String,
}

/// The theme named by `text` (`light`, `dark`, `auto` or nothing); another is said and
/// ignored.
pub(crate) fn theme_of(text: Option<&str>, notices: &mut Vec<String>) -> ThemeChoice {
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

/// The scenario of `story`'s preset with id `slug`; an unknown one is said and ignored.
/// Every way in (the mount options, `?preset=`, the host page's commands) goes through
/// here.
pub(crate) fn preset_of(story: &Story, slug: &str, notices: &mut Vec<String>) -> Option<Scenario> {
    match story.preset_index(slug) {
        Some(i) => story.preset_scenario(i),
        None => {
            notices.push(format!(
                "The preset \"{}\" is unknown; showing the story's base case.",
                slug.chars().take(30).collect::<String>()
            ));
            None
        }
    }
}

/// The scenario of a share link's `text` (what follows `#s=`, or a whole link holding
/// `#s=…`) in `story`, repaired to the nearest valid one; what was ignored is said.
pub(crate) fn scenario_from_link(story: &Story, text: &str, notices: &mut Vec<String>) -> Scenario {
    use revenue_model::share::{decode, describe_ignored, repair};
    let text = text.trim();
    let text = text.rsplit_once("#s=").map_or_else(
        || text.strip_prefix("s=").unwrap_or(text),
        |(_, after)| after,
    );
    let decoded = decode(text, story.base_case().get());
    let (valid, notes) = repair(decoded.scenario, story.base_case());
    let all: Vec<String> = decoded.ignored.into_iter().chain(notes).collect();
    notices.extend(describe_ignored("link", &all));
    valid.into_inner()
}

/// The story a widget tells and whether it is the default one: the one the page asks
/// for when it can be used, else the default one, with one notice saying what was wrong
/// with the one asked for and where. An error only when there is no usable story at all.
pub(crate) fn story_from(
    options: &Options,
    notices: &mut Vec<String>,
) -> Result<(Story, bool), String> {
    let name = options.story_name.as_deref().map_or_else(
        || "in the link".to_string(),
        |n| format!("\"{}\"", n.chars().take(60).collect::<String>()),
    );
    let default = || match options.default_story.as_deref().map(Story::parse) {
        Some(Ok(story)) => Ok((story, true)),
        Some(Err(e)) => Err(format!("The widget's story could not be read: {e}.")),
        None => Err("The widget was given no story to tell.".to_string()),
    };
    if let Some(error) = &options.story_error {
        notices.push(format!(
            "The story {name} could not be loaded ({}); showing the default story.",
            error.chars().take(200).collect::<String>()
        ));
        return default();
    }
    match options.story.as_deref().map(Story::parse) {
        None => default(),
        Some(Ok(story)) => Ok((story, false)),
        Some(Err(e)) => {
            notices.push(format!(
                "The story {name} was not used: {e}. Showing the default story instead."
            ));
            default()
        }
    }
}

/// Decides the starting scenario of `story`: the link's scenario, else its preset, else
/// the saved one, else the story's base case. Anything unreadable is ignored and said so.
pub(crate) fn start_from(
    options: &Options,
    story: &Story,
    default_story: bool,
    mut notices: Vec<String>,
) -> Start {
    use revenue_model::share::describe_ignored;
    let storage_key = if default_story {
        host::STORAGE_KEY.to_string()
    } else {
        format!("{}:{}", host::STORAGE_KEY, story.file().id)
    };
    let mut theme_text = options.theme.clone();
    let mut scenario = match (&options.scenario, &options.preset) {
        (Some(text), _) => Some(scenario_from_link(story, text, &mut notices)),
        (None, Some(slug)) => preset_of(story, slug, &mut notices),
        (None, None) => None,
    };
    let mut from_url = false;
    if options.persist {
        let url = host::read_url();
        if url.too_long {
            notices
                .push("The link is too long to read; showing the story's base case.".to_string());
        }
        theme_text = url.theme.or(theme_text);
        if let Some(text) = url.scenario {
            scenario = Some(scenario_from_link(story, &text, &mut notices));
            from_url = true;
        } else if let Some(slug) = url.preset {
            scenario = preset_of(story, &slug, &mut notices);
        }
        if scenario.is_none() {
            match host::load_saved(&storage_key) {
                Ok(Some(text)) => match revenue_model::share::scenario_from_json(&text, story.base_case()) {
                    Ok((valid, notes)) => {
                        notices.extend(describe_ignored("saved scenario", &notes));
                        scenario = Some(valid.into_inner());
                    }
                    Err(e) => notices.push(format!("The saved scenario was ignored ({e}); starting from the story's base case.")),
                },
                Ok(None) => {}
                Err(host::StorageUnavailable) => notices.push(STORAGE_UNAVAILABLE.to_string()),
            }
        }
    }
    let theme = theme_of(theme_text.as_deref(), &mut notices);
    Start {
        scenario: scenario.unwrap_or_else(|| story.base_case().get().clone()),
        theme,
        notices,
        from_url,
        storage_key,
    }
}

/// Said once when the page cannot keep the reader's changes.
pub(crate) const STORAGE_UNAVAILABLE: &str =
    "This page cannot save your changes on this device; use Copy link or Download to keep them.";
