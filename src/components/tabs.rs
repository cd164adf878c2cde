//! Tabs (the WAI-ARIA tabs pattern): a tab list whose arrow keys, Home and End move
//! the selection (roving tabindex), and one panel shown at a time. A hidden panel stays
//! in the page (so it prints; the widget adds them after its first paint) unless it is
//! lazy: a lazy panel (a chart, which does not print) is built only while its tab is
//! selected, so changing an input costs nothing for the charts the reader cannot see.

use yew::prelude::*;

/// One tab: its id stem, its label and its panel.
#[derive(Clone, PartialEq)]
pub struct Tab {
    /// A stable id stem ("concentration").
    pub id: &'static str,
    /// The tab's label.
    pub label: &'static str,
    /// Built only while selected.
    pub lazy: bool,
    /// The panel's content.
    pub panel: Html,
}

/// Props of [`Tabs`].
#[derive(Properties, PartialEq)]
pub struct TabsProps {
    /// The tab list's accessible name.
    pub label: AttrValue,
    /// The tabs, in order.
    pub tabs: Vec<Tab>,
    /// Whether hidden panels that are not lazy are built too (the widget builds them
    /// after its first paint, so they print).
    #[prop_or(true)]
    pub hidden_panels: bool,
}

/// A tab list with its panels.
#[component]
pub fn Tabs(props: &TabsProps) -> Html {
    let selected = use_state(|| 0usize);
    let list_ref = use_node_ref();
    let count = props.tabs.len();
    let select = {
        let selected = selected.clone();
        let list_ref = list_ref.clone();
        move |index: usize, focus: bool| {
            selected.set(index);
            if focus {
                if let Some(list) = list_ref.cast::<web_sys::Element>() {
                    let buttons = list.query_selector_all("[role=tab]").ok();
                    if let Some(button) = buttons
                        .and_then(|b| b.item(u32::try_from(index).unwrap_or(0)))
                        .and_then(|n| {
                            wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(n).ok()
                        })
                    {
                        let _ = button.focus();
                    }
                }
            }
        }
    };
    let on_key = {
        let select = select.clone();
        let current = *selected;
        Callback::from(move |e: KeyboardEvent| {
            let next = match e.key().as_str() {
                "ArrowRight" => Some((current + 1) % count.max(1)),
                "ArrowLeft" => Some((current + count.max(1) - 1) % count.max(1)),
                "Home" => Some(0),
                "End" => Some(count.saturating_sub(1)),
                _ => None,
            };
            if let Some(next) = next {
                e.prevent_default();
                select(next, true);
            }
        })
    };
    html! {
        <div class="rm-tabs">
            <div class="rm-tablist" role="tablist" aria-label={props.label.clone()} ref={list_ref} onkeydown={on_key}>
                for (i, tab) in props.tabs.iter().enumerate() {
                    <button
                        type="button"
                        role="tab"
                        class="rm-tab"
                        id={format!("rm-tab-{}", tab.id)}
                        aria-selected={(i == *selected).to_string()}
                        aria-controls={format!("rm-panel-{}", tab.id)}
                        tabindex={if i == *selected { "0" } else { "-1" }}
                        onclick={{ let select = select.clone(); Callback::from(move |_: MouseEvent| select(i, false)) }}
                    >
                        { tab.label }
                    </button>
                }
            </div>
            for (i, tab) in props.tabs.iter().enumerate() {
                <div
                    role="tabpanel"
                    class="rm-tabpanel"
                    id={format!("rm-panel-{}", tab.id)}
                    aria-labelledby={format!("rm-tab-{}", tab.id)}
                    hidden={i != *selected}
                    tabindex="0"
                >
                    if i == *selected || (!tab.lazy && props.hidden_panels) {
                        { tab.panel.clone() }
                    }
                </div>
            }
        </div>
    }
}
