//! `onboarding/next-step`: the guided path (profile setup → first workflow →
//! explore templates → invite team → optimise plan, from
//! `src/assistant/onboarding.md`), the next step and the progress so far.

use super::kb::ONBOARDING;
use super::validate::{AssistantError, ErrorCode};
use crate::input::{self, Field};
use crate::json::Json;

/// The next step.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "camelCase"))]
pub struct Step {
    /// Stable id (`all_set` once everything is done).
    pub id: &'static str,
    /// Heading.
    pub title: &'static str,
    /// What to do.
    pub description: &'static str,
    /// Tips.
    pub tips: Vec<&'static str>,
    /// Estimated minutes (0 for `all_set`).
    pub estimated_minutes: u32,
}

/// `{ done, total, percent }`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Progress {
    /// Known steps completed.
    pub done: usize,
    /// Steps on the path.
    pub total: usize,
    /// Rounded percentage.
    pub percent: usize,
}

/// `meta` of an onboarding answer.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct OnboardingMeta {
    /// `"fallback"`.
    pub source: &'static str,
    /// The module.
    pub engine: &'static str,
    /// Always 1: the path is deterministic.
    #[cfg_attr(feature = "serde", serde(serialize_with = "super::confidence"))]
    pub confidence: f32,
}

/// An onboarding answer.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct OnboardingResponse {
    /// Always `true`.
    pub success: bool,
    /// The next step.
    pub step: Step,
    /// Progress so far.
    pub progress: Progress,
    /// Source and engine.
    pub meta: OnboardingMeta,
}

const ALL_SET: Step = Step {
    id: "all_set",
    title: "You're all set",
    description: "You've finished the guided setup. Your workflows are running; come back any time to build more or check your usage.",
    tips: Vec::new(),
    estimated_minutes: 0,
};

pub(super) fn respond(request: &Json) -> Result<OnboardingResponse, AssistantError> {
    if !matches!(request, Json::Object(_)) {
        return Err(AssistantError::new(
            ErrorCode::InvalidType,
            "The request must be an object such as { completed: [\"profile_setup\"] }.",
        ));
    }
    let completed = match input::string_list(request, "completed") {
        Field::Value(ids) => ids,
        Field::Missing => Vec::new(),
        Field::WrongType(t) => {
            return Err(AssistantError::new(
                ErrorCode::InvalidType,
                format!("`completed` must be a list of step ids, not a {t}."),
            ))
        }
        Field::NotFinite => {
            return Err(AssistantError::new(
                ErrorCode::InvalidType,
                "`completed` must be a list of step ids, not a number.",
            ))
        }
    };
    let is_done = |id: &str| completed.iter().any(|c| c.trim() == id);
    let done = ONBOARDING.iter().filter(|s| is_done(s.id)).count();
    let total = ONBOARDING.len();
    let step = ONBOARDING
        .iter()
        .find(|s| !is_done(s.id))
        .map_or(ALL_SET, |s| Step {
            id: s.id,
            title: s.title,
            description: s.description,
            tips: s.tips.to_vec(),
            estimated_minutes: s.minutes,
        });
    Ok(OnboardingResponse {
        success: true,
        step,
        progress: Progress {
            done,
            total,
            percent: (done * 100 + total / 2).checked_div(total).unwrap_or(100),
        },
        meta: OnboardingMeta {
            source: "fallback",
            engine: crate::ENGINE,
            confidence: 1.0,
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json;

    #[test]
    fn walks_the_path_in_order() {
        let ids = [
            "profile_setup",
            "first_workflow",
            "explore_templates",
            "invite_team",
            "optimise_plan",
        ];
        assert_eq!(ONBOARDING.iter().map(|s| s.id).collect::<Vec<_>>(), ids);
        for k in 0..ids.len() {
            let r = respond(&json!({ "completed": &ids[..k] })).unwrap();
            assert_eq!(r.step.id, ids[k]);
            assert_eq!(r.progress.done, k);
            assert_eq!(r.progress.total, 5);
            assert_eq!(r.progress.percent, k * 20);
            assert!(r.step.estimated_minutes > 0 && !r.step.tips.is_empty());
        }
        let r = respond(&json!({ "completed": ids })).unwrap();
        assert_eq!(r.step.id, "all_set");
        assert_eq!(r.progress.percent, 100);
    }

    #[test]
    fn unknown_ids_duplicates_and_order_do_not_matter() {
        let r = respond(&json!({ "completed": ["invite_team", "nope", 7, null, "invite_team", "profile_setup"] })).unwrap();
        assert_eq!(r.progress.done, 2);
        assert_eq!(r.step.id, "first_workflow");
        let r = respond(&json!({})).unwrap();
        assert_eq!(r.step.id, "profile_setup");
    }

    #[test]
    fn wrong_types_are_typed_errors() {
        assert_eq!(
            respond(&json!({ "completed": "profile_setup" }))
                .unwrap_err()
                .code,
            ErrorCode::InvalidType
        );
        assert_eq!(
            respond(&json!(null)).unwrap_err().code,
            ErrorCode::InvalidType
        );
    }
}
