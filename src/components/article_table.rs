//! The article's table, recomputed live from the inputs, beside the article's figures.

use revenue_model::{article_table, Story, ValidScenario};
use std::rc::Rc;
use yew::prelude::*;

/// Props of [`ArticleTable`].
#[derive(Properties, PartialEq)]
pub struct ArticleTableProps {
    /// The scenario the figures are computed from.
    pub valid: Rc<ValidScenario>,
}

/// The story's rows: metric, the model's value and share, and the article's.
#[component]
pub fn ArticleTable(props: &ArticleTableProps) -> Html {
    let Some(story) = use_context::<Rc<Story>>() else {
        return html! {};
    };
    let rows = article_table(&props.valid, &story);
    let business = story.file().business.clone();
    html! {
        <table class="rm-table rm-article-table">
            <caption>{ "The article's figures, recomputed from your inputs (at the start month)" }</caption>
            <thead>
                <tr>
                    <th scope="col">{ "Metric" }</th>
                    <th scope="col">{ "Value" }</th>
                    <th scope="col">{ "Contribution" }</th>
                    <th scope="col">{ "The article" }</th>
                </tr>
            </thead>
            <tbody>
                for row in rows {
                    <tr data-metric={row.key}>
                        <th scope="row">{ row.metric.clone() }</th>
                        <td class="rm-num">{ row.value.clone() }</td>
                        <td class="rm-num">{ format!("{} of {business}", row.contribution_text) }</td>
                        <td class="rm-article">{ format!("{}, {}", row.article_value, row.article_contribution) }</td>
                    </tr>
                }
            </tbody>
        </table>
    }
}
