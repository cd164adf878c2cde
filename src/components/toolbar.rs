//! The toolbar: the presets one click away at the top; undo, redo, reset all and the
//! theme in a small row under the levers.

use crate::state::Action;
use revenue_model::presets::Preset;
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
    /// The preset the scenario equals, if any.
    pub active_preset: Option<Preset>,
    /// Sends changes to the state.
    pub dispatch: Callback<Action>,
}

/// The story's scenarios, first under the answer: one button per preset, the one the
/// scenario equals pressed.
#[component]
pub fn Presets(props: &PresetsProps) -> Html {
    let send = |action: Action| {
        let dispatch = props.dispatch.clone();
        Callback::from(move |_: MouseEvent| dispatch.emit(action.clone()))
    };
    html! {
        <div class="rm-button-group rm-presets" role="group" aria-label="Scenarios">
            for preset in Preset::ALL {
                <button
                    type="button"
                    class="rm-button rm-preset"
                    aria-pressed={(props.active_preset == Some(preset)).to_string()}
                    title={preset.description()}
                    onclick={send(Action::ApplyPreset(preset))}
                >
                    { preset.label() }
                </button>
            }
        </div>
    }
}

/// What the scenario assumes, in one sentence: the preset's, or a note that the reader's
/// own changes are tagged as assumptions.
pub fn preset_note(active: Option<Preset>) -> &'static str {
    active.map_or(
        "Your own scenario: every changed value is tagged as your assumption.",
        Preset::description,
    )
}

/// Undo, redo, reset all and the theme, in one small row under the levers.
#[component]
pub fn HistoryBar(props: &HistoryBarProps) -> Html {
    let send = |action: Action| {
        let dispatch = props.dispatch.clone();
        Callback::from(move |_: MouseEvent| dispatch.emit(action.clone()))
    };
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
                <button type="button" class="rm-button rm-small" onclick={send(Action::ApplyPreset(Preset::Article))}>{ "Reset all" }</button>
            </div>
            <div class="rm-button-group rm-theme" role="group" aria-label="Theme">
                { theme_button(ThemeChoice::System, "Auto") }
                { theme_button(ThemeChoice::Light, "Light") }
                { theme_button(ThemeChoice::Dark, "Dark") }
            </div>
        </>
    }
}
