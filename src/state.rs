//! The widget's one state and every change to it, through one reducer.
//!
//! The state keeps the scenario exactly as the reader entered it (which may be
//! invalid) beside the last valid one: the charts always show the last valid result,
//! and nothing the reader typed is lost or silently changed. Every change can be
//! undone and redone.

use revenue_model::presets::Preset;
use revenue_model::scenario::{ClientField, ScenarioField};
use revenue_model::{validate, Client, Scenario, ValidScenario, ValidationErrors};
use std::rc::Rc;
use yew::Reducible;

/// How many changes undo remembers.
const HISTORY_LIMIT: usize = 200;

/// Everything the widget shows derives from this.
#[derive(Clone, Debug, PartialEq)]
pub struct State {
    /// The scenario as the reader entered it.
    pub scenario: Scenario,
    /// The last valid scenario: what the results are computed from.
    pub valid: Rc<ValidScenario>,
    /// What is wrong with `scenario`, if anything.
    pub errors: Option<Rc<ValidationErrors>>,
    /// Earlier scenarios, most recent last.
    past: Vec<Scenario>,
    /// Undone scenarios, most recent last.
    future: Vec<Scenario>,
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
    /// Set the new corporate clients' monthly spend, adding the group when it is missing.
    SetNewClients(f64),
    /// Replace the whole scenario with a preset.
    ApplyPreset(Preset),
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
}

impl State {
    /// A state showing `scenario`, or the article's base case if it is invalid.
    pub fn new(scenario: Scenario) -> State {
        let mut state = State {
            valid: Rc::new(ValidScenario::article_base_case()),
            scenario: Scenario::default(),
            errors: None,
            past: Vec::new(),
            future: Vec::new(),
        };
        state.set_scenario(scenario);
        state
    }

    /// Whether there is a change to undo.
    pub fn can_undo(&self) -> bool {
        !self.past.is_empty()
    }

    /// Whether there is an undone change to redo.
    pub fn can_redo(&self) -> bool {
        !self.future.is_empty()
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

    fn record(&mut self, next: Scenario) {
        if next == self.scenario {
            return;
        }
        self.past.push(self.scenario.clone());
        if self.past.len() > HISTORY_LIMIT {
            self.past.remove(0);
        }
        self.future.clear();
        self.set_scenario(next);
    }
}

/// A whole number from a typed value: NaN reads 0, others round and saturate.
fn whole(value: f64) -> u64 {
    if value.is_nan() {
        0
    } else {
        value.round().clamp(0.0, u64::MAX as f64) as u64
    }
}

/// Sets a numeric scenario-level input (validation checks its range afterwards).
fn set_scenario_field(scenario: &mut Scenario, field: ScenarioField, value: f64) {
    let small = |v: f64| u32::try_from(whole(v)).unwrap_or(u32::MAX);
    match field {
        ScenarioField::HorizonMonths => scenario.horizon_months = small(value),
        ScenarioField::TargetAnnualRevenue => scenario.target_annual_revenue_musd = value,
        ScenarioField::CompanyAnnualRevenue => scenario.company_annual_revenue_musd = Some(value),
        ScenarioField::MarketExpectedGrowth => scenario.market_expected_growth = value,
        ScenarioField::GrowthCorrelation => scenario.growth_correlation = value,
        ScenarioField::Runs => scenario.simulation.runs = small(value),
        ScenarioField::Seed => scenario.simulation.seed = whole(value),
        ScenarioField::Title | ScenarioField::Start | ScenarioField::Clients => {}
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
                next.record(scenario);
            }
            Action::SetScenarioField { field, value } => {
                let mut scenario = self.scenario.clone();
                set_scenario_field(&mut scenario, field, value);
                next.record(scenario);
            }
            Action::RenameClient { client, name } => {
                let mut scenario = self.scenario.clone();
                match scenario.clients.get_mut(client) {
                    Some(c) => c.name = name,
                    None => return self,
                }
                next.record(scenario);
            }
            Action::SetOwnProduct { client, own } => {
                let mut scenario = self.scenario.clone();
                match scenario.clients.get_mut(client) {
                    Some(c) => c.own_product = own,
                    None => return self,
                }
                next.record(scenario);
            }
            Action::SetNewClients(spend) => {
                let mut scenario = self.scenario.clone();
                let count = scenario.clients.len();
                match scenario
                    .clients
                    .iter_mut()
                    .find(|c| c.id == revenue_model::presets::NEW_CLIENTS_ID)
                {
                    Some(c) => c.monthly_spend_musd = spend,
                    None if count < revenue_model::validate::MAX_CLIENTS => {
                        scenario
                            .clients
                            .push(revenue_model::presets::new_clients(spend));
                    }
                    None => return self,
                }
                next.record(scenario);
            }
            Action::ApplyPreset(preset) => next.record(preset.scenario()),
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
                let Some(previous) = next.past.pop() else {
                    return self;
                };
                next.future.push(next.scenario.clone());
                next.set_scenario(previous);
            }
            Action::Redo => {
                let Some(redone) = next.future.pop() else {
                    return self;
                };
                next.past.push(next.scenario.clone());
                next.set_scenario(redone);
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
#[allow(clippy::indexing_slicing)]
mod tests {
    use super::*;

    fn apply(state: Rc<State>, action: Action) -> Rc<State> {
        state.reduce(action)
    }

    #[test]
    fn invalid_input_keeps_the_last_valid_result_and_the_typed_value() {
        let state = Rc::new(State::new(Preset::Article.scenario()));
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
        let start = Rc::new(State::new(Preset::Article.scenario()));
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
        let start = Rc::new(State::new(Preset::Article.scenario()));
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
}
