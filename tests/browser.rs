//! Browser tests: the widget mounted in headless Chromium (wasm-bindgen-test).
//! They wait for conditions (the next frame, up to a bound), never for a fixed time.
#![cfg(target_arch = "wasm32")]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::*;
use web_sys::{CanvasRenderingContext2d, Element, HtmlCanvasElement, HtmlInputElement};

wasm_bindgen_test_configure!(run_in_browser);

/// Resolves on the next animation frame.
async fn next_frame() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let window = web_sys::window().unwrap();
        window.request_animation_frame(&resolve).unwrap();
    });
    JsFuture::from(promise).await.unwrap();
}

/// Waits until `condition` holds, checking once a frame, for at most 600 frames.
async fn wait_for(what: &str, mut condition: impl FnMut() -> bool) {
    for _ in 0..600 {
        if condition() {
            return;
        }
        next_frame().await;
    }
    panic!("timed out waiting for {what}");
}

/// The article's story, as the page holds it.
const ARTICLE: &str = include_str!("../stories/article.json");

fn article() -> revenue_model::Story {
    revenue_model::Story::parse(ARTICLE).unwrap()
}

/// A widget mounted for one test, unmounted and removed when the test ends, so no test's
/// widget keeps computing on the page while the next one runs.
struct Mounted {
    root: Element,
    handle: Option<yew::AppHandle<revenue_widget::app::App>>,
}

impl Drop for Mounted {
    fn drop(&mut self) {
        if let Some(handle) = self.handle.take() {
            handle.destroy();
        }
        self.root.remove();
    }
}

fn mount_fresh() -> Mounted {
    let document = web_sys::window().unwrap().document().unwrap();
    let host = document.create_element("div").unwrap();
    host.set_attribute("style", "width: 640px").unwrap();
    document.body().unwrap().append_child(&host).unwrap();
    let handle = revenue_widget::mount_with(
        host.clone(),
        revenue_widget::Options {
            default_story: Some(ARTICLE.to_string()),
            ..revenue_widget::Options::default()
        },
    );
    Mounted {
        root: host,
        handle: Some(handle),
    }
}

fn text(root: &Element, selector: &str) -> String {
    root.query_selector(selector)
        .unwrap()
        .and_then(|e| e.text_content())
        .unwrap_or_default()
}

/// A hash of the canvas pixels (FNV-1a), or 0 when there is no canvas yet.
fn canvas_hash(root: &Element) -> u64 {
    let Some(canvas) = root.query_selector("canvas.rm-chart").unwrap() else {
        return 0;
    };
    let canvas: HtmlCanvasElement = canvas.dyn_into().unwrap();
    if canvas.width() == 0 || canvas.height() == 0 {
        return 0;
    }
    let context: CanvasRenderingContext2d = canvas
        .get_context("2d")
        .unwrap()
        .unwrap()
        .dyn_into()
        .unwrap();
    let data = context
        .get_image_data(
            0.0,
            0.0,
            f64::from(canvas.width()),
            f64::from(canvas.height()),
        )
        .unwrap()
        .data();
    let first = data.first().copied();
    if data.iter().all(|b| Some(*b) == first) {
        return 0; // blank
    }
    data.iter().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
        (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3)
    })
}

fn type_into(input: &HtmlInputElement, value: &str) {
    input.set_value(value);
    let init = web_sys::InputEventInit::new();
    init.set_bubbles(true);
    let event = web_sys::InputEvent::new_with_event_init_dict("input", &init).unwrap();
    input.dispatch_event(&event).unwrap();
}

#[wasm_bindgen_test]
async fn base_case_table_shows_the_articles_numbers() {
    let widget = mount_fresh();
    let root = widget.root.clone();
    wait_for("the article table", || {
        text(&root, ".rm-article-table").contains("$960M")
    })
    .await;
    let table = text(&root, ".rm-article-table");
    assert!(table.contains("$20M"), "{table}");
    assert!(table.contains("$240M"), "{table}");
    assert!(table.contains("25% of AI revenue"), "{table}");
    assert!(table.contains("100% of AI revenue"), "{table}");
}

#[wasm_bindgen_test]
async fn typing_a_spend_updates_the_table_and_redraws_the_chart() {
    let widget = mount_fresh();
    let root = widget.root.clone();
    wait_for("a drawn chart", || canvas_hash(&root) != 0).await;
    let before = canvas_hash(&root);
    // The cards under "All assumptions" are built after the first paint.
    let field = "#rm-client-0-monthly-spend-number";
    wait_for("a number field for TikTok's spend", || {
        root.query_selector(field).ok().flatten().is_some()
    })
    .await;
    let input: HtmlInputElement = root
        .query_selector(field)
        .unwrap()
        .expect("a number field for TikTok's spend")
        .dyn_into()
        .unwrap();
    type_into(&input, "30");
    wait_for("the table to show $30M", || {
        text(&root, ".rm-article-table").contains("$30M")
    })
    .await;
    let table = text(&root, ".rm-article-table");
    assert!(table.contains("$360M"), "{table}");
    assert!(table.contains("33.3% of AI revenue"), "{table}");
    assert!(table.contains("$1,080M"), "{table}");
    wait_for("the chart to change", || canvas_hash(&root) != before).await;
}

#[wasm_bindgen_test]
async fn an_invalid_spend_shows_the_models_message_and_keeps_the_figures() {
    let widget = mount_fresh();
    let root = widget.root.clone();
    wait_for("the article table", || {
        text(&root, ".rm-article-table").contains("$960M")
    })
    .await;
    let field = "#rm-client-0-monthly-spend-number";
    wait_for("a number field for TikTok's spend", || {
        root.query_selector(field).ok().flatten().is_some()
    })
    .await;
    let input: HtmlInputElement = root
        .query_selector(field)
        .unwrap()
        .unwrap()
        .dyn_into()
        .unwrap();
    type_into(&input, "-5");
    wait_for("an error message", || {
        text(&root, ".rm-error").contains("monthly spend must be between")
    })
    .await;
    // The figures still show the last valid scenario and the typed text is kept.
    assert!(text(&root, ".rm-article-table").contains("$960M"));
    assert_eq!(input.value(), "-5");
}

/// The golden fingerprint of the base case's Monte Carlo, shared with the native test.
const BASE_CASE_FINGERPRINT: &str =
    include_str!("../crates/model/tests/data/base_case_fingerprint.txt");

#[wasm_bindgen_test]
fn the_monte_carlo_in_webassembly_is_bit_identical_to_native() {
    use revenue_model::monte_carlo::{result_fingerprint, simulate_runs};
    let result = simulate_runs(article().base_case(), 1_000);
    assert_eq!(
        result_fingerprint(&result).to_string(),
        BASE_CASE_FINGERPRINT.trim()
    );
}

/// Sends `message` through a real `MessageChannel` (structured clone, `transfer`
/// transferred) and resolves with what arrives on the other port.
async fn through_channel(
    message: &wasm_bindgen::JsValue,
    transfer: &js_sys::Array,
) -> wasm_bindgen::JsValue {
    use js_sys::{Function, Reflect};
    let global = js_sys::global();
    let constructor: Function = Reflect::get(&global, &"MessageChannel".into())
        .unwrap()
        .dyn_into()
        .unwrap();
    let channel = Reflect::construct(&constructor, &js_sys::Array::new()).unwrap();
    let port1 = Reflect::get(&channel, &"port1".into()).unwrap();
    let port2 = Reflect::get(&channel, &"port2".into()).unwrap();
    let received = js_sys::Promise::new(&mut |resolve, _| {
        let on_message =
            wasm_bindgen::closure::Closure::once_into_js(move |event: wasm_bindgen::JsValue| {
                let data = Reflect::get(&event, &"data".into()).unwrap();
                resolve.call1(&wasm_bindgen::JsValue::NULL, &data).unwrap();
            });
        Reflect::set(&port2, &"onmessage".into(), &on_message).unwrap();
    });
    let post: Function = Reflect::get(&port1, &"postMessage".into())
        .unwrap()
        .dyn_into()
        .unwrap();
    post.call2(&port1, message, transfer).unwrap();
    JsFuture::from(received).await.unwrap()
}

#[wasm_bindgen_test]
async fn the_workers_messages_carry_the_pages_results_bit_for_bit() {
    use revenue_model::monte_carlo::{result_fingerprint, simulate_runs};
    use revenue_model::stress::DepartureSteps;
    use revenue_model::Steps;
    use revenue_widget::platform::worker::{from_message, serve_message, to_message};
    use revenue_widget::protocol::{decode, encode, Answer, Job, Reply, Request, DEPARTURE_RUNS};
    let mut scenario = article().base_case().get().clone();
    scenario.simulation.seed = 2024;
    scenario.simulation.runs = 1_000;
    let valid = revenue_model::validate(scenario.clone()).unwrap();
    for (id, job) in [
        (1, Job::Simulate),
        (
            2,
            Job::Departure {
                client: 0,
                month: 8,
            },
        ),
    ] {
        // Page → worker → page, each way through a real message channel.
        let (request, transfer) = to_message(
            &encode(&Request {
                id,
                job,
                scenario: scenario.clone(),
                levers: Vec::new(),
            })
            .unwrap(),
        );
        let arrived = through_channel(&request, &transfer).await;
        let (reply, transfer) = serve_message(&arrived);
        let back = through_channel(&reply, &transfer).await;
        let reply: Reply = decode(&from_message(&back).unwrap()).unwrap();
        match reply {
            Reply::Done {
                id: got,
                answer: Answer::Simulated(result),
            } => {
                assert_eq!(got, id);
                assert_eq!(
                    result_fingerprint(&result).to_string(),
                    BASE_CASE_FINGERPRINT.trim()
                );
                assert_eq!(*result, simulate_runs(&valid, 1_000));
            }
            Reply::Done {
                id: got,
                answer: Answer::Departure(result),
            } => {
                assert_eq!(got, id);
                // What the page computes in slices when no worker runs.
                let mut steps = DepartureSteps::new(&valid, 0, 8, DEPARTURE_RUNS).unwrap();
                while steps.step(0) {}
                assert_eq!(result, Some(steps.finish()));
            }
            other => panic!("unexpected reply {other:?}"),
        }
    }
}
