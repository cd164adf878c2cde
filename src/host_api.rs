//! The host page driving the widget: its commands (a preset, a scenario, a theme) become
//! ordinary actions, one undo step each, and every change of the scenario or its answer is
//! reported back (see `platform::embedder` for both ways in and out).

use crate::components::toolbar::ThemeChoice;
use crate::platform::embedder::{self, Change, HostChannel, HostCommand};
use crate::startup::{preset_of, scenario_from_link, theme_of};
use crate::state::{Action, State};
use revenue_model::Story;
use std::rc::Rc;
use yew::prelude::*;

/// What the host page's commands act on.
pub(crate) struct Targets {
    /// The widget's state (a scenario command replaces its scenario, one undo step).
    pub(crate) state: UseReducerHandle<State>,
    /// The theme chosen.
    pub(crate) theme: UseStateHandle<ThemeChoice>,
    /// Shows a notice (an unknown preset, a link with ignored parts).
    pub(crate) notify: Callback<String>,
    /// The story whose presets and links the commands name.
    pub(crate) story: Rc<Story>,
}

/// Follows `channel`'s commands and, with `from_parent` inside an iframe, the parent page's;
/// reports `change` to both whenever it differs from the last one reported.
#[hook]
pub(crate) fn use_host_api(
    channel: HostChannel,
    from_parent: bool,
    targets: Targets,
    change: Change,
) {
    let Targets {
        state,
        theme,
        notify,
        story,
    } = targets;
    {
        let channel = channel.clone();
        use_effect_with((), move |_| {
            let apply = move |command: HostCommand| {
                let mut notices = Vec::new();
                let scenario = match (&command.scenario, &command.preset) {
                    (Some(text), _) => Some(scenario_from_link(&story, text, &mut notices)),
                    (None, Some(slug)) => preset_of(&story, slug, &mut notices),
                    (None, None) => None,
                };
                if let Some(scenario) = scenario {
                    state.dispatch(Action::Replace(scenario));
                }
                if let Some(text) = &command.theme {
                    theme.set(theme_of(Some(text), &mut notices));
                }
                for notice in notices {
                    notify.emit(notice);
                }
            };
            let parent = if from_parent {
                embedder::listen_to_parent(apply.clone())
            } else {
                None
            };
            channel.listen(apply);
            move || {
                channel.stop_listening();
                drop(parent);
            }
        });
    }
    use_effect_with(change, move |change| {
        channel.report(change);
        if from_parent {
            embedder::post_change_to_parent(change);
        }
    });
}
