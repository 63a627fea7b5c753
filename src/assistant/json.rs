//! `json`: the endpoints' answers written as JSON text by hand, byte for
//! byte what `serde_json::to_string` writes for their `Serialize` derives
//! (field order, renames, skipped empties, escapes; a test checks it),
//! through [`crate::json_write`]'s writer, which the core shares. In
//! the wasm this replaces serde's serializer, which is monomorphised per
//! response type (~12 KB of code); the derives stay for native callers.

use super::chat::{ChatMeta, ChatResponse};
use super::debug::{DebugMeta, DebugResponse, Signals};
use super::onboarding::{OnboardingMeta, OnboardingResponse, Progress, Step};
use super::workflow::{Schedule, WorkflowMeta, WorkflowResponse, WorkflowStep};

pub use crate::json_write::ToJson;
use crate::json_write::{float, string, Obj};

/// A confidence as [`super::confidence`] serialises it: rounded to two
/// decimals, as an `f64` (serde_json's shortest form).
fn confidence(out: &mut String, x: f32) {
    float(out, (f64::from(x) * 100.0).round() / 100.0);
}

fn strings<S: AsRef<str>>(out: &mut String, items: &[S]) {
    out.push('[');
    for (i, s) in items.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        string(out, s.as_ref());
    }
    out.push(']');
}

impl ToJson for ChatMeta {
    fn write_json(&self, out: &mut String) {
        let mut o = Obj::new(out);
        o.str("source", self.source);
        o.str("topic", self.topic.as_str());
        confidence(o.key("confidence"), self.confidence);
        o.str("engine", self.engine);
        o.end();
    }
}

impl ToJson for ChatResponse {
    fn write_json(&self, out: &mut String) {
        let mut o = Obj::new(out);
        o.bool("success", self.success);
        o.str("answer", &self.answer);
        strings(o.key("steps"), &self.steps);
        strings(o.key("suggestions"), &self.suggestions);
        o.bool("escalationSuggested", self.escalation_suggested);
        o.str("conversationId", &self.conversation_id);
        o.field("meta", &self.meta);
        o.end();
    }
}

impl ToJson for Schedule {
    fn write_json(&self, out: &mut String) {
        let mut o = Obj::new(out);
        o.str("text", &self.text);
        o.str("cron", &self.cron);
        o.end();
    }
}

impl ToJson for WorkflowStep {
    fn write_json(&self, out: &mut String) {
        let mut o = Obj::new(out);
        o.str("type", self.kind);
        o.str("label", &self.label);
        o.str("description", &self.description);
        if let Some(app) = &self.app {
            o.str("app", app);
        }
        if let Some(s) = &self.schedule {
            o.field("schedule", s);
        }
        o.end();
    }
}

impl ToJson for WorkflowMeta {
    fn write_json(&self, out: &mut String) {
        let mut o = Obj::new(out);
        o.str("source", self.source);
        o.str("pattern", self.pattern);
        confidence(o.key("confidence"), self.confidence);
        o.str("engine", self.engine);
        o.end();
    }
}

impl ToJson for WorkflowResponse {
    fn write_json(&self, out: &mut String) {
        let mut o = Obj::new(out);
        o.bool("success", self.success);
        o.str("answer", &self.answer);
        let out = o.key("steps");
        out.push('[');
        for (i, s) in self.steps.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            s.write_json(out);
        }
        out.push(']');
        o.field("meta", &self.meta);
        o.end();
    }
}

impl ToJson for Signals {
    fn write_json(&self, out: &mut String) {
        let mut o = Obj::new(out);
        if let Some(n) = self.http_status {
            o.uint("httpStatus", u64::from(n));
        }
        for (name, v) in [
            ("errno", &self.errno),
            ("codes", &self.codes),
            ("exceptions", &self.exceptions),
            ("providers", &self.providers),
            ("matched", &self.matched),
        ] {
            if !v.is_empty() {
                strings(o.key(name), v);
            }
        }
        o.end();
    }
}

impl ToJson for DebugMeta {
    fn write_json(&self, out: &mut String) {
        let mut o = Obj::new(out);
        o.str("source", self.source);
        o.str("category", self.category);
        confidence(o.key("confidence"), self.confidence);
        o.str("engine", self.engine);
        o.field("signals", &self.signals);
        o.end();
    }
}

impl ToJson for DebugResponse {
    fn write_json(&self, out: &mut String) {
        let mut o = Obj::new(out);
        o.bool("success", self.success);
        o.str("answer", &self.answer);
        o.str("explanation", &self.explanation);
        strings(o.key("steps"), &self.steps);
        o.str("prevention", &self.prevention);
        o.field("meta", &self.meta);
        o.end();
    }
}

impl ToJson for Step {
    fn write_json(&self, out: &mut String) {
        let mut o = Obj::new(out);
        o.str("id", self.id);
        o.str("title", self.title);
        o.str("description", self.description);
        strings(o.key("tips"), &self.tips);
        o.uint("estimatedMinutes", u64::from(self.estimated_minutes));
        o.end();
    }
}

impl ToJson for Progress {
    fn write_json(&self, out: &mut String) {
        let mut o = Obj::new(out);
        o.uint("done", self.done as u64);
        o.uint("total", self.total as u64);
        o.uint("percent", self.percent as u64);
        o.end();
    }
}

impl ToJson for OnboardingMeta {
    fn write_json(&self, out: &mut String) {
        let mut o = Obj::new(out);
        o.str("source", self.source);
        o.str("engine", self.engine);
        confidence(o.key("confidence"), self.confidence);
        o.end();
    }
}

impl ToJson for OnboardingResponse {
    fn write_json(&self, out: &mut String) {
        let mut o = Obj::new(out);
        o.bool("success", self.success);
        o.field("step", &self.step);
        o.field("progress", &self.progress);
        o.field("meta", &self.meta);
        o.end();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::assistant::{Assistant, AssistantError, ErrorCode};
    use crate::json;

    fn same<T: ToJson + serde::Serialize>(v: &T) {
        assert_eq!(v.to_json(), serde_json::to_string(v).unwrap());
    }

    #[test]
    fn strings_escape_like_serde_json() {
        for s in [
            "",
            "plain",
            "q\"b\\s",
            "\n\r\t\u{8}\u{c}",
            "\u{1}\u{1f}\u{7f}",
            "é → 😀",
        ] {
            let mut out = String::new();
            string(&mut out, s);
            assert_eq!(out, serde_json::to_string(s).unwrap());
        }
        for n in [0u64, 7, 10, 99, 1234567, u64::MAX] {
            let mut out = String::new();
            crate::digits::push_dec(&mut out, n, 1);
            assert_eq!(out, n.to_string());
        }
    }

    #[test]
    fn every_answer_writes_what_serde_json_writes() {
        let mut a = Assistant::new(7);
        same(&AssistantError::new(ErrorCode::InvalidType, "bad \"x\"\n"));
        for q in [
            "How much is the yearly plan?",
            "how do I reset my password",
            "I want to talk to a human, this is broken\tagain",
            "zzzz qqqq",
        ] {
            same(&a.chat(&json!({ "query": q })).unwrap());
        }
        for q in [
            "every night back up Dropbox to S3",
            "when a new row is added in Google Sheets send a Slack message to #sales",
            "every monday at 9am email me a summary of new Stripe payments over $100",
            "do something",
        ] {
            same(&a.workflow(&json!({ "query": q })).unwrap());
        }
        for e in [
            "Request failed with status code 429",
            "Error: connect ECONNREFUSED 127.0.0.1:5432 at TCPConnectWrapper",
            "psycopg2.errors.UniqueViolation: duplicate key 23505",
            "HTTP 401 from Slack: invalid_auth",
            "something weird happened",
        ] {
            same(&a.debug(&json!({ "error": e })).unwrap());
        }
        for done in [
            json!([]),
            json!(["profile_setup"]),
            json!([
                "profile_setup",
                "first_workflow",
                "explore_templates",
                "invite_team",
                "optimise_plan"
            ]),
        ] {
            same(
                &a.onboarding_next_step(&json!({ "completed": done }))
                    .unwrap(),
            );
        }
    }
}
