//! `workflow`: plain English to workflow steps. A thin [`build`] over the
//! parts: apps from the [`catalog`](crate::assistant::catalog) (plus names
//! outside it, [`names`]), roles ([`roles`]: the trigger's evidence in [`trigger`], the
//! action apps in [`actions`]) from the request's structure
//! ([`clauses`]; without a cue, [`fallbacks`]), schedules
//! ([`schedule`]), conditions and delays ([`conditions`]) and the template
//! family ([`pattern`]); [`steps`] writes the response.

mod actions;
pub mod clauses;
pub mod conditions;
mod fallbacks;
pub mod names;
pub mod pattern;
pub mod roles;
pub mod schedule;
mod steps;
mod trigger;
pub mod words;

use super::validate::{validate_query, AssistantError};
use super::Assistant;
use crate::input;
use crate::json::Json;
use crate::text::tokens::tokenize;
use roles::Named;

pub use crate::assistant::catalog::{apps, App};

/// One step of a workflow.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct WorkflowStep {
    /// `trigger`, `action`, `condition`, `delay` or `notification`.
    #[cfg_attr(feature = "serde", serde(rename = "type"))]
    pub kind: &'static str,
    /// Short title.
    pub label: String,
    /// What the step does, quoting the request where it can.
    pub description: String,
    /// Name of the app, when the step uses one (the catalog's display
    /// name, or the name as written for an app outside the catalog).
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
    pub app: Option<String>,
    /// For a scheduled trigger.
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
    pub schedule: Option<Schedule>,
}

/// A schedule as the user wrote it and as a cron expression.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Schedule {
    /// The words of the request, e.g. "every Monday at 9am".
    pub text: String,
    /// Five-field cron, e.g. "0 9 * * 1".
    pub cron: String,
}

/// `meta` of a workflow answer.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct WorkflowMeta {
    /// `"fallback"`.
    pub source: &'static str,
    /// backup, sync, notify, email, data_entry, report or custom.
    pub pattern: &'static str,
    /// 0..1.
    #[cfg_attr(feature = "serde", serde(serialize_with = "super::confidence"))]
    pub confidence: f32,
    /// The module.
    pub engine: &'static str,
}

/// A workflow answer.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct WorkflowResponse {
    /// Always `true`.
    pub success: bool,
    /// Plain-text summary.
    pub answer: String,
    /// Trigger first, then conditions, delays, actions and notifications.
    pub steps: Vec<WorkflowStep>,
    /// Source, pattern, confidence, engine.
    pub meta: WorkflowMeta,
}

/// The analysis, independent of the response format (used by tests).
#[derive(Debug, Clone, PartialEq)]
pub struct Plan {
    /// Name of the trigger app, or "schedule" / "manual".
    pub trigger: String,
    /// Names of the action apps, in order of mention.
    pub actions: Vec<String>,
    /// The schedule, if any (also with an app trigger: "every hour check Gmail").
    pub schedule: Option<Schedule>,
    /// The template family.
    pub pattern: &'static str,
}

/// Builds the workflow for an already-validated request text.
pub fn build(text: &str) -> WorkflowResponse {
    let toks = tokenize(&clauses::mark_arrows(text));
    let sched = schedule::parse(&toks, text);
    let mentions = crate::assistant::catalog::mentions(&toks);
    let all: Vec<Named> = mentions
        .iter()
        .map(|m| Named {
            app: Some(m.app),
            name: m.app.name.to_string(),
            at: m.at,
            len: m.len,
        })
        .chain(names::unknown(&toks, text, &mentions))
        .collect();
    // once a generic stand-in is a field ("the email column"), each of its
    // mentions is a value of that field ("… has an email"): no step at all
    let fields: Vec<&str> = all
        .iter()
        .filter(|n| roles::is_field(&toks, n))
        .map(|n| n.name.as_str())
        .collect();
    let mut named: Vec<Named> = all
        .iter()
        .filter(|n| {
            !fields.contains(&n.name.as_str())
                && !roles::is_plain_noun(&toks, n)
                && !roles::in_passing(&toks, text, &all, n)
        })
        .cloned()
        .collect();
    crate::sort::sort_by_key(&mut named, |n| n.at);
    let roles = roles::assign(&toks, text, &named, sched.is_some());
    let trigger = match roles.trigger {
        Some(k) if k == named.len() => roles.implied.as_ref(),
        Some(k) => named.get(k),
        None => None,
    };
    let mut actions: Vec<&Named> = roles.actions.iter().filter_map(|k| named.get(*k)).collect();
    if let Some(t) = roles.implied.as_ref().filter(|_| roles.implied_acts) {
        actions.push(t);
    }
    let conditions = conditions::find(&toks, text, trigger.map(|t| t.at));
    let delays = conditions::delays(&toks);
    let kinds: Vec<&str> = actions
        .iter()
        .filter_map(|n| n.app.map(|a| a.kind))
        .collect();
    let pattern = pattern::pick(&toks, &kinds);
    steps::compose(&steps::Parts {
        toks: &toks,
        text,
        trigger,
        schedule: sched,
        actions: &actions,
        conditions: &conditions,
        delays: &delays,
        pattern,
        wants_notice: pattern::wants_notice(&toks),
    })
}

/// The plan behind a response (trigger, action apps, schedule, pattern).
pub fn plan(r: &WorkflowResponse) -> Plan {
    let mut trigger = "manual".to_string();
    let mut schedule = None;
    let mut actions = Vec::new();
    for s in &r.steps {
        if s.kind == "trigger" {
            if let Some(sc) = &s.schedule {
                trigger = "schedule".into();
                schedule = Some(sc.clone());
            }
            if let Some(a) = &s.app {
                trigger = a.clone();
            }
        } else if let Some(a) = &s.app {
            actions.push(a.clone());
        }
    }
    Plan {
        trigger,
        actions,
        schedule,
        pattern: r.meta.pattern,
    }
}

impl Assistant {
    /// `POST /api/ai/workflow`: `{ query, context? }` to workflow steps.
    pub fn workflow(&self, request: &Json) -> Result<WorkflowResponse, AssistantError> {
        let query = validate_query(input::string(request, "query"), "query")?;
        Ok(build(&query))
    }
}

#[cfg(test)]
mod tests;
