//! The toolbar: presets one click away, undo and redo, reset all, and the theme.

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

/// Props of [`Toolbar`].
#[derive(Properties, PartialEq)]
pub struct ToolbarProps {
    /// The preset the scenario equals, if any.
    pub active_preset: Option<Preset>,
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

/// Presets, history and theme controls.
#[component]
pub fn Toolbar(props: &ToolbarProps) -> Html {
    let send = |action: Action| {
        let dispatch = props.dispatch.clone();
        Callback::from(move |_: MouseEvent| dispatch.emit(action.clone()))
    };
    let theme_button = |choice: ThemeChoice, label: &'static str| {
        let on_theme = props.on_theme.clone();
        html! {
            <button type="button" class="rm-button" aria-pressed={(props.theme == choice).to_string()}
                onclick={Callback::from(move |_: MouseEvent| on_theme.emit(choice))}>{ label }</button>
        }
    };
    html! {
        <div class="rm-toolbar">
            <div class="rm-button-group" role="group" aria-label="Scenarios">
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
            <p class="rm-definition rm-preset-note" aria-live="polite">
                { props.active_preset.map_or("Your own scenario: every changed value is tagged as your assumption.", Preset::description) }
            </p>
            <div class="rm-button-group" role="group" aria-label="History">
                <button type="button" class="rm-button" disabled={!props.can_undo} onclick={send(Action::Undo)}
                    aria-keyshortcuts="Control+Z Meta+Z">{ "Undo" }</button>
                <button type="button" class="rm-button" disabled={!props.can_redo} onclick={send(Action::Redo)}
                    aria-keyshortcuts="Control+Shift+Z Meta+Shift+Z">{ "Redo" }</button>
                <button type="button" class="rm-button" onclick={send(Action::ApplyPreset(Preset::Article))}>{ "Reset all" }</button>
            </div>
            <div class="rm-button-group" role="group" aria-label="Theme">
                { theme_button(ThemeChoice::System, "Auto") }
                { theme_button(ThemeChoice::Light, "Light") }
                { theme_button(ThemeChoice::Dark, "Dark") }
            </div>
        </div>
    }
}
