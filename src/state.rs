//! The widget's one state and every change to it, through one reducer.
//!
//! The state keeps the scenario exactly as the reader entered it (which may be
//! invalid) beside the last valid one: the charts always show the last valid result,
//! and nothing the reader typed is lost or silently changed. Every change can be
//! undone and redone; one edit of one input (a slider drag, typing into a field) is
//! one step, however many values it passed through.

use revenue_model::levers::Lever;
use revenue_model::scenario::{ClientField, ScenarioField};
use revenue_model::{validate, Client, Scenario, ValidScenario, ValidationErrors};
use std::cell::Cell;
use std::collections::VecDeque;
use std::rc::Rc;
use yew::Reducible;

/// How many changes undo remembers.
const HISTORY_LIMIT: usize = 100;

/// The input an edit in progress changes: further values for the same input replace the
/// edit's value instead of adding undo steps. Clients are named by id, which removing a
/// client leaves alone.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum EditKey {
    Client {
        id: u32,
        field: ClientField,
    },
    Name {
        id: u32,
    },
    Scenario(ScenarioField),
    /// A lever that adds its client, by that client's id.
    Lever(u32),
}

/// Undo and redo: earlier and undone scenarios, and the edit in progress.
///
/// Compared by `revision` alone, which every change to it advances, so comparing two
/// states (Yew does on every render) never walks the history.
#[derive(Clone, Debug, Default)]
struct History {
    /// Earlier scenarios, most recent last; at most [`HISTORY_LIMIT`]. Shared between
    /// states until one changes it, so a change within an open edit copies no history.
    past: Rc<VecDeque<Scenario>>,
    /// Undone scenarios, most recent last; shared the same way.
    future: Rc<Vec<Scenario>>,
    /// The input being edited, whose changes join the last undo step. Ending an edit
    /// changes nothing on screen, so it is set in place rather than making a new state
    /// (which would render the whole widget again after every key press).
    open: Cell<Option<EditKey>>,
    /// Advanced on every change of the fields above.
    revision: u64,
}

impl PartialEq for History {
    fn eq(&self, other: &Self) -> bool {
        self.revision == other.revision
    }
}

/// Everything the widget shows derives from this.
#[derive(Clone, Debug, PartialEq)]
pub struct State {
    /// The scenario as the reader entered it.
    pub scenario: Scenario,
    /// The last valid scenario: what the results are computed from.
    pub valid: Rc<ValidScenario>,
    /// What is wrong with `scenario`, if anything.
    pub errors: Option<Rc<ValidationErrors>>,
    /// Undo and redo.
    history: History,
}

/// A change the reader asks for.
#[derive(Clone, Debug, PartialEq)]
pub enum Action {
    /// Set a numeric input of a client.
    SetClientField {
        client: usize,
        field: ClientField,
        value: f64,
    },
    /// Set a numeric scenario-level input.
    SetScenarioField { field: ScenarioField, value: f64 },
    /// Rename a client.
    RenameClient { client: usize, name: String },
    /// Mark a client as the business's own product (not a customer) or not.
    SetOwnProduct { client: usize, own: bool },
    /// Move a key lever that adds its client when the client is missing.
    SetLever(Lever, f64),
    /// Add a client (a new prospect).
    AddClient,
    /// Remove a client.
    RemoveClient(usize),
    /// Replace the scenario (from a preset, a file, a URL).
    Replace(Scenario),
    /// Go back one change.
    Undo,
    /// Redo an undone change.
    Redo,
    /// The reader finished editing an input (released the slider, left or committed the
    /// field): its next change is a new undo step.
    EndEdit,
}

impl State {
    /// A state showing `scenario`, or `fallback` (the story's base case) if it is invalid.
    pub fn new(scenario: Scenario, fallback: ValidScenario) -> State {
        let mut state = State {
            scenario: fallback.get().clone(),
            valid: Rc::new(fallback),
            errors: None,
            history: History::default(),
        };
        state.set_scenario(scenario);
        state
    }

    /// Whether there is a change to undo.
    pub fn can_undo(&self) -> bool {
        !self.history.past.is_empty()
    }

    /// Whether there is an undone change to redo.
    pub fn can_redo(&self) -> bool {
        !self.history.future.is_empty()
    }

    fn set_scenario(&mut self, mut scenario: Scenario) {
        // Every client has its id from the start, so cards and links can key on it.
        revenue_model::validate::assign_ids(&mut scenario);
        match validate(scenario.clone()) {
            Ok(valid) => {
                self.valid = Rc::new(valid);
                self.errors = None;
            }
            Err(errors) => self.errors = Some(Rc::new(errors)),
        }
        self.scenario = scenario;
    }

    /// A change that is its own undo step.
    fn record(&mut self, next: Scenario) {
        self.record_edit(next, None);
    }

    /// A change of the input `key`, if any: while that input's edit is open it joins the
    /// last undo step, otherwise it starts one.
    fn record_edit(&mut self, next: Scenario, key: Option<EditKey>) {
        if next == self.scenario {
            return;
        }
        let history = &mut self.history;
        history.revision += 1;
        if key.is_some() && history.open.get() == key {
            // An edit that came back to where it started is no step at all.
            if history.past.back() == Some(&next) {
                Rc::make_mut(&mut history.past).pop_back();
                history.open.set(None);
            }
        } else {
            let past = Rc::make_mut(&mut history.past);
            past.push_back(self.scenario.clone());
            if past.len() > HISTORY_LIMIT {
                past.pop_front();
            }
            history.open.set(key);
        }
        if !history.future.is_empty() {
            history.future = Rc::default();
        }
        self.set_scenario(next);
    }

    /// The id of the client at `index`, for an edit's key.
    fn client_id(&self, index: usize) -> Option<u32> {
        self.scenario.clients.get(index).map(|c| c.id)
    }
}

impl Reducible for State {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut next = (*self).clone();
        match action {
            Action::SetClientField {
                client,
                field,
                value,
            } => {
                let mut scenario = self.scenario.clone();
                match scenario.clients.get_mut(client) {
                    Some(c) => field.set(c, value),
                    None => return self,
                }
                let key = self
                    .client_id(client)
                    .map(|id| EditKey::Client { id, field });
                next.record_edit(scenario, key);
            }
            Action::SetScenarioField { field, value } => {
                let mut scenario = self.scenario.clone();
                field.set(&mut scenario, value);
                next.record_edit(scenario, Some(EditKey::Scenario(field)));
            }
            Action::RenameClient { client, name } => {
                let mut scenario = self.scenario.clone();
                match scenario.clients.get_mut(client) {
                    Some(c) => c.name = name,
                    None => return self,
                }
                let key = self.client_id(client).map(|id| EditKey::Name { id });
                next.record_edit(scenario, key);
            }
            Action::SetOwnProduct { client, own } => {
                let mut scenario = self.scenario.clone();
                match scenario.clients.get_mut(client) {
                    Some(c) => c.own_product = own,
                    None => return self,
                }
                next.record(scenario);
            }
            Action::SetLever(lever, value) => {
                let scenario = lever.apply(&self.scenario, value);
                let key = lever.adds.as_ref().map(|c| EditKey::Lever(c.id));
                next.record_edit(scenario, key);
            }
            Action::AddClient => {
                let mut scenario = self.scenario.clone();
                let n = scenario.clients.len() + 1;
                let id = scenario.next_client_id();
                scenario.clients.push(Client {
                    id,
                    name: format!("New client {n}"),
                    ..Client::default()
                });
                next.record(scenario);
            }
            Action::RemoveClient(index) => {
                let mut scenario = self.scenario.clone();
                if index >= scenario.clients.len() || scenario.clients.len() <= 1 {
                    return self;
                }
                scenario.clients.remove(index);
                next.record(scenario);
            }
            Action::Replace(scenario) => next.record(scenario),
            Action::Undo => {
                let Some(previous) = Rc::make_mut(&mut next.history.past).pop_back() else {
                    return self;
                };
                Rc::make_mut(&mut next.history.future).push(next.scenario.clone());
                next.history.open.set(None);
                next.history.revision += 1;
                next.set_scenario(previous);
            }
            Action::Redo => {
                let Some(redone) = Rc::make_mut(&mut next.history.future).pop() else {
                    return self;
                };
                Rc::make_mut(&mut next.history.past).push_back(next.scenario.clone());
                next.history.open.set(None);
                next.history.revision += 1;
                next.set_scenario(redone);
            }
            Action::EndEdit => {
                self.history.open.set(None);
                return self;
            }
        }
        if next == *self {
            self
        } else {
            Rc::new(next)
        }
    }
}

#[cfg(test)]
#[allow(clippy::indexing_slicing, clippy::unwrap_used)]
mod tests {
    use super::*;

    /// A state showing the article's story's base case.
    fn article_state() -> State {
        let story = revenue_model::Story::parse(include_str!("../stories/article.json")).unwrap();
        State::new(story.base_case().get().clone(), story.base_case().clone())
    }

    fn apply(state: Rc<State>, action: Action) -> Rc<State> {
        state.reduce(action)
    }

    #[test]
    fn invalid_input_keeps_the_last_valid_result_and_the_typed_value() {
        let state = Rc::new(article_state());
        let state = apply(
            state,
            Action::SetClientField {
                client: 0,
                field: ClientField::AnnualLeaveProbability,
                value: 1.4,
            },
        );
        assert_eq!(state.scenario.clients[0].annual_leave_probability, 1.4);
        assert_eq!(state.valid.get().clients[0].annual_leave_probability, 0.25);
        assert!(state.errors.is_some());
    }

    #[test]
    fn undo_and_redo_restore_exact_states() {
        let start = Rc::new(article_state());
        let changed = apply(
            start.clone(),
            Action::SetClientField {
                client: 0,
                field: ClientField::MonthlySpend,
                value: 30.0,
            },
        );
        let undone = apply(changed.clone(), Action::Undo);
        assert_eq!(undone.scenario, start.scenario);
        let redone = apply(undone, Action::Redo);
        assert_eq!(redone.scenario, changed.scenario);
    }

    #[test]
    fn unchanged_state_is_the_same_rc() {
        let start = Rc::new(article_state());
        let same = apply(
            start.clone(),
            Action::SetClientField {
                client: 0,
                field: ClientField::MonthlySpend,
                value: 20.0,
            },
        );
        assert!(Rc::ptr_eq(&start, &same));
        let same = apply(start.clone(), Action::Undo);
        assert!(Rc::ptr_eq(&start, &same));
    }

    fn spend(client: usize, value: f64) -> Action {
        Action::SetClientField {
            client,
            field: ClientField::MonthlySpend,
            value,
        }
    }

    fn spend_of(state: &State, client: usize) -> Option<f64> {
        state
            .scenario
            .clients
            .get(client)
            .map(|c| c.monthly_spend_musd)
    }

    #[test]
    fn one_edit_of_one_input_is_one_undo_step() {
        let start = Rc::new(article_state());
        let before = spend_of(&start, 0);
        let mut state = start.clone();
        for value in [21.0, 22.0, 23.5, 24.0] {
            state = apply(state, spend(0, value));
        }
        assert_eq!(spend_of(&state, 0), Some(24.0));
        let undone = apply(state.clone(), Action::Undo);
        assert_eq!(spend_of(&undone, 0), before);
        assert!(!undone.can_undo());
        let redone = apply(undone, Action::Redo);
        assert_eq!(spend_of(&redone, 0), Some(24.0));
    }

    #[test]
    fn a_finished_edit_or_another_input_starts_a_new_step() {
        let start = Rc::new(article_state());
        let first = apply(apply(start.clone(), spend(0, 21.0)), spend(0, 22.0));
        // Ending an edit changes nothing on screen: the same state, so nothing renders.
        let ended = apply(first.clone(), Action::EndEdit);
        assert!(Rc::ptr_eq(&ended, &first));
        assert!(Rc::ptr_eq(&ended, &apply(ended.clone(), Action::EndEdit)));
        let second = apply(apply(ended, spend(0, 30.0)), spend(0, 31.0));
        let other = apply(second.clone(), spend(1, 5.0));
        let back_one = apply(other, Action::Undo);
        assert_eq!(back_one.scenario, second.scenario);
        let back_two = apply(back_one, Action::Undo);
        assert_eq!(back_two.scenario, first.scenario);
        let back_three = apply(back_two, Action::Undo);
        assert_eq!(back_three.scenario, start.scenario);
    }

    #[test]
    fn a_value_within_an_open_edit_copies_no_history() {
        let mut state = Rc::new(article_state());
        for step in 0..50 {
            state = apply(state, spend(0, 10.0 + step as f64));
            state = apply(state, Action::EndEdit);
        }
        let dragging = apply(state, spend(0, 70.0));
        let next = apply(dragging.clone(), spend(0, 71.0));
        assert!(Rc::ptr_eq(&dragging.history.past, &next.history.past));
        assert_eq!(spend_of(&next, 0), Some(71.0));
    }

    #[test]
    fn an_edit_back_to_its_start_leaves_no_step() {
        let start = Rc::new(article_state());
        let before = spend_of(&start, 0).unwrap_or_default();
        let state = apply(apply(start, spend(0, before + 3.0)), spend(0, before));
        assert!(!state.can_undo());
    }

    #[test]
    fn the_history_is_bounded() {
        let mut state = Rc::new(article_state());
        for step in 0..HISTORY_LIMIT + 20 {
            state = apply(state, spend(0, 10.0 + step as f64));
            state = apply(state, Action::EndEdit);
        }
        let mut undos = 0;
        while state.can_undo() {
            state = apply(state, Action::Undo);
            undos += 1;
        }
        assert_eq!(undos, HISTORY_LIMIT);
        assert_eq!(spend_of(&state, 0), Some(29.0));
    }
}
