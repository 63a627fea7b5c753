//! `steps`: writes the workflow answer from the analysis — the trigger step
//! (app, schedule, both, or manual), conditions, delays, action and
//! notification steps in the request's order, the confidence and the
//! plain-text summary.

use super::conditions::clause;
use super::roles::Named;
use super::words::{self, NOTIFICATION_KINDS};
use super::{Schedule, WorkflowMeta, WorkflowResponse, WorkflowStep};
use crate::text::tokens::{span_text, Tok};

/// Said of an app outside the catalog.
const OUTSIDE: &str = "not in the catalog: connect it by hand";

/// What [`compose`] needs.
pub(super) struct Parts<'a> {
    pub toks: &'a [Tok],
    pub text: &'a str,
    pub trigger: Option<&'a Named>,
    pub schedule: Option<Schedule>,
    pub actions: &'a [&'a Named],
    pub conditions: &'a [(usize, String)],
    pub delays: &'a [(usize, String)],
    pub pattern: &'static str,
    pub wants_notice: bool,
}

fn step(
    kind: &'static str,
    label: String,
    description: String,
    app: Option<String>,
) -> WorkflowStep {
    WorkflowStep {
        kind,
        label,
        description,
        app,
        schedule: None,
    }
}

fn quote(p: &Parts, at: usize) -> String {
    let (a, b) = clause(p.toks, at);
    span_text(p.toks, p.text, a, b)
}

fn trigger_step(p: &Parts) -> WorkflowStep {
    match (p.trigger, &p.schedule) {
        (Some(t), s) => {
            let d = quote(p, t.at);
            let mut st = step(
                "trigger",
                {
                    let base = match s {
                        Some(s) => format!("Check {} {}", t.name, s.text),
                        None => format!("When something happens in {}", t.name),
                    };
                    match t.app {
                        Some(_) => base,
                        None => format!("{base} ({OUTSIDE})"),
                    }
                },
                if d.is_empty() {
                    format!("Starts the workflow from {}.", t.name)
                } else {
                    d
                },
                Some(t.name.clone()),
            );
            st.schedule = s.clone();
            st
        }
        (None, Some(s)) => {
            let mut st = step(
                "trigger",
                format!("On a schedule: {}", s.text),
                format!("Runs {} (cron {}).", s.text, s.cron),
                None,
            );
            st.schedule = Some(s.clone());
            st
        }
        (None, None) => step(
            "trigger",
            "Start manually".into(),
            "Runs when you click Run (add an app or a schedule to start it automatically).".into(),
            None,
        ),
    }
}

/// The response for the analysed request.
pub(super) fn compose(p: &Parts) -> WorkflowResponse {
    let mut steps = vec![trigger_step(p)];
    let mut ordered: Vec<(usize, WorkflowStep)> = Vec::new();
    for (at, c) in p.conditions {
        ordered.push((
            *at,
            step("condition", "Only continue if…".into(), c.clone(), None),
        ));
    }
    for (at, d) in p.delays {
        ordered.push((
            *at,
            step(
                "delay",
                d.clone(),
                format!("{d} before the next step."),
                None,
            ),
        ));
    }
    for n in p.actions {
        let notify = n
            .app
            .is_some_and(|a| words::has(&NOTIFICATION_KINDS, a.kind));
        let d = quote(p, n.at);
        let d = if d.is_empty() {
            format!("Runs the action in {}.", n.name)
        } else {
            d
        };
        let label = match (notify, n.app) {
            (true, _) => format!("Notify in {}", n.name),
            (false, Some(_)) => format!("Do it in {}", n.name),
            (false, None) => format!("Do it in {} ({OUTSIDE})", n.name),
        };
        let kind = if notify { "notification" } else { "action" };
        ordered.push((n.at, step(kind, label, d, Some(n.name.clone()))));
    }
    // conditions keep their place after the trigger; the rest follow the text
    crate::sort::sort_by_key(&mut ordered, |(at, s)| (s.kind != "condition", *at));
    if p.actions.is_empty() {
        let (kind, label, desc) = if p.wants_notice {
            (
                "notification",
                "Send a notification",
                "Notify you (choose email, Slack or SMS).",
            )
        } else {
            (
                "action",
                "Do the work",
                "Choose the app and the action this workflow should perform.",
            )
        };
        ordered.push((usize::MAX, step(kind, label.into(), desc.into(), None)));
    }
    steps.extend(ordered.into_iter().map(|(_, s)| s));

    let known_trigger = p.trigger.is_some() || p.schedule.is_some();
    let unknown =
        p.trigger.is_some_and(|n| n.app.is_none()) || p.actions.iter().any(|n| n.app.is_none());
    let mut confidence: f32 = 0.2;
    if known_trigger {
        confidence += 0.35;
    }
    if !p.actions.is_empty() {
        confidence += 0.25;
    }
    if p.pattern != "custom" {
        confidence += 0.1;
    }
    if unknown {
        // an app outside the catalog: the step is a guess at the name
        confidence -= 0.3;
    }
    let confidence = confidence.clamp(0.05, 0.95);
    let names: Vec<&str> = p.actions.iter().map(|n| n.name.as_str()).collect();
    let answer = if !known_trigger && names.is_empty() {
        "I couldn't tell which apps or schedule you mean, so here is a starting skeleton: a manual trigger and one action. Name the apps (e.g. \"when a Typeform is submitted, add a row in Google Sheets\") for a complete workflow.".to_string()
    } else {
        let start = match (p.trigger, &p.schedule) {
            (Some(t), Some(s)) => format!("Checks {} {} ({})", t.name, s.text, s.cron),
            (Some(t), None) => format!("Starts from {}", t.name),
            (None, Some(s)) => format!("Runs {} ({})", s.text, s.cron),
            _ => "Starts manually".into(),
        };
        let then = if names.is_empty() {
            String::new()
        } else {
            format!(", then {}", names.join(" → "))
        };
        let extra = match (p.conditions.len(), p.delays.len()) {
            (0, 0) => String::new(),
            (c, d) => format!(" ({c} condition(s), {d} delay(s))"),
        };
        format!(
            "{start}{then}{extra}. {} steps, {} pattern.",
            steps.len(),
            p.pattern.replace('_', " ")
        )
    };
    WorkflowResponse {
        success: true,
        answer,
        steps,
        meta: WorkflowMeta {
            source: "fallback",
            pattern: p.pattern,
            confidence,
            engine: crate::ENGINE,
        },
    }
}
