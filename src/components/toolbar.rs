//! The toolbar: the presets one click away at the top; undo, redo, reset all and the
//! theme in a small row under the levers.

use crate::state::Action;
use revenue_model::Story;
use std::rc::Rc;
use yew::prelude::*;

/// The theme a reader chose.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ThemeChoice {
    /// Follow the system (prefers-color-scheme).
    System,
    /// Always light.
    Light,
    /// Always dark.
    Dark,
}

/// Props of [`HistoryBar`].
#[derive(Properties, PartialEq)]
pub struct HistoryBarProps {
    /// Whether undo and redo have something to do.
    pub can_undo: bool,
    /// See `can_undo`.
    pub can_redo: bool,
    /// The theme chosen.
    pub theme: ThemeChoice,
    /// Sends changes to the state.
    pub dispatch: Callback<Action>,
    /// Changes the theme.
    pub on_theme: Callback<ThemeChoice>,
}

/// Props of [`Presets`].
#[derive(Properties, PartialEq)]
pub struct PresetsProps {
    /// The index of the preset the scenario equals, if any.
    pub active_preset: Option<usize>,
    /// Sends changes to the state.
    pub dispatch: Callback<Action>,
}

/// The story's scenarios, first under the answer: one button per preset, the one the
/// scenario equals pressed.
#[component]
pub fn Presets(props: &PresetsProps) -> Html {
    let Some(story) = use_context::<Rc<Story>>() else {
        return html! {};
    };
    let send = |index: usize| {
        let dispatch = props.dispatch.clone();
        let scenario = story.preset_scenario(index);
        Callback::from(move |_: MouseEvent| {
            if let Some(s) = &scenario {
                dispatch.emit(Action::Replace(s.clone()));
            }
        })
    };
    html! {
        <div class="rm-button-group rm-presets" role="group" aria-label="Scenarios">
            for (index, preset) in story.file().presets.iter().enumerate() {
                <button
                    type="button"
                    class="rm-button rm-preset"
                    aria-pressed={(props.active_preset == Some(index)).to_string()}
                    title={preset.description.clone()}
                    onclick={send(index)}
                >
                    { preset.label.clone() }
                </button>
            }
        </div>
    }
}

/// What the scenario assumes, in one sentence: the preset's, or a note that the reader's
/// own changes are tagged as assumptions.
pub fn preset_note(story: &Story, active: Option<usize>) -> String {
    active
        .and_then(|i| story.file().presets.get(i))
        .map_or_else(
            || "Your own scenario: every changed value is tagged as your assumption.".to_string(),
            |p| p.description.clone(),
        )
}

/// Undo, redo, reset all and the theme, in one small row under the levers.
#[component]
pub fn HistoryBar(props: &HistoryBarProps) -> Html {
    let send = |action: Action| {
        let dispatch = props.dispatch.clone();
        Callback::from(move |_: MouseEvent| dispatch.emit(action.clone()))
    };
    let reset =
        use_context::<Rc<Story>>().map(|story| Action::Replace(story.base_case().get().clone()));
    let theme_button = |choice: ThemeChoice, label: &'static str| {
        let on_theme = props.on_theme.clone();
        html! {
            <button type="button" class="rm-button rm-small" aria-pressed={(props.theme == choice).to_string()}
                onclick={Callback::from(move |_: MouseEvent| on_theme.emit(choice))}>{ label }</button>
        }
    };
    html! {
        <>
            <div class="rm-button-group" role="group" aria-label="History">
                <button type="button" class="rm-button rm-small" disabled={!props.can_undo} onclick={send(Action::Undo)}
                    aria-keyshortcuts="Control+Z Meta+Z">{ "Undo" }</button>
                <button type="button" class="rm-button rm-small" disabled={!props.can_redo} onclick={send(Action::Redo)}
                    aria-keyshortcuts="Control+Shift+Z Meta+Shift+Z">{ "Redo" }</button>
                if let Some(reset) = reset {
                    <button type="button" class="rm-button rm-small" onclick={send(reset)}>{ "Reset all" }</button>
                }
            </div>
            <div class="rm-button-group rm-theme" role="group" aria-label="Theme">
                { theme_button(ThemeChoice::System, "Auto") }
                { theme_button(ThemeChoice::Light, "Light") }
                { theme_button(ThemeChoice::Dark, "Dark") }
            </div>
        </>
    }
}
