//! A `<details>` disclosure whose content is built the first time it is opened: until
//! then nothing inside it renders, so a closed panel costs nothing per input. Once
//! opened its content stays, open or closed, so nothing typed into it is lost.

use yew::prelude::*;

/// Props of [`Disclosure`].
#[derive(Properties, PartialEq)]
pub struct DisclosureProps {
    /// The `<details>` element's classes.
    pub class: Classes,
    /// The summary's classes.
    pub summary_class: Classes,
    /// The summary's text.
    pub summary: AttrValue,
    /// The content, built once the disclosure has been opened.
    #[prop_or_default]
    pub children: Html,
}

/// A disclosure that builds its content when first opened.
#[component]
pub fn Disclosure(props: &DisclosureProps) -> Html {
    let opened = use_state(|| false);
    let ontoggle = {
        let opened = opened.clone();
        Callback::from(move |e: Event| {
            let details: web_sys::HtmlDetailsElement = e.target_unchecked_into();
            if details.open() && !*opened {
                opened.set(true);
            }
        })
    };
    html! {
        <details class={props.class.clone()} {ontoggle}>
            <summary class={props.summary_class.clone()}>{ props.summary.clone() }</summary>
            if *opened {
                { props.children.clone() }
            }
        </details>
    }
}
