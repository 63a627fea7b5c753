//! The client's options: the one API origin it may contact ([`ApiBase`]),
//! timeouts, breaker and size limits, with defaults and clamped ranges, and
//! the error an unusable `apiBase` is reported with.

use super::breaker::BreakerConfig;
use super::Endpoint;
use crate::input::{self, Field};
use crate::json::Json;

/// A configuration error (`LevqorClient.configError`).
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct ConfigError {
    /// Always `false`.
    pub success: bool,
    /// A sentence a developer can read.
    pub error: String,
    /// What a program switches on (`invalid_api_base`).
    pub code: ConfigErrorCode,
}

pub use crate::vocab::ConfigErrorCode;

impl ConfigError {
    fn api_base(why: &str) -> Self {
        Self {
            success: false,
            error: [
                "apiBase ",
                why,
                ": use https://…, or http://localhost / http://127.0.0.1 for development.",
            ]
            .concat(),
            code: ConfigErrorCode::InvalidApiBase,
        }
    }

    /// What a program switches on.
    pub fn code(&self) -> ConfigErrorCode {
        self.code
    }
}

impl std::fmt::Display for ConfigError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.error)
    }
}

impl std::error::Error for ConfigError {}

impl crate::json_write::ToJson for ConfigError {
    /// Byte for byte what the derive writes (the test below checks it).
    fn write_json(&self, out: &mut String) {
        crate::json_write::Obj::new(out)
            .bool("success", self.success)
            .str("error", &self.error)
            .str("code", self.code.as_str())
            .end();
    }
}

/// The one origin (plus an optional path prefix) the bridge may contact.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiBase {
    origin: String,
    prefix: String,
}

impl ApiBase {
    /// Parses `apiBase`: `https://host[:port][/prefix]`, or `http://` for
    /// `localhost`, `127.0.0.1` and `[::1]` only. No user info, query,
    /// fragment, backslash, `..` segment, whitespace or control character.
    pub fn parse(raw: &str) -> Result<ApiBase, ConfigError> {
        let s = raw.trim();
        if s.len() > 2048 {
            return Err(ConfigError::api_base("is too long"));
        }
        if s.chars()
            .any(|c| c.is_whitespace() || c.is_control() || matches!(c, '\\' | '?' | '#' | '@'))
        {
            return Err(ConfigError::api_base(
                "contains a character a base URL cannot have",
            ));
        }
        let lower = s.to_ascii_lowercase();
        let (secure, rest) = if let Some(r) = lower.strip_prefix("https://") {
            (true, r)
        } else if let Some(r) = lower.strip_prefix("http://") {
            (false, r)
        } else {
            return Err(ConfigError::api_base("must start with https://"));
        };
        let rest_orig = &s[s.len() - rest.len()..];
        let (authority, path) = match rest.find('/') {
            Some(i) => (&rest[..i], &rest_orig[i..]),
            None => (rest, ""),
        };
        let (host, port) = if let Some(after) = authority.strip_prefix('[') {
            let end = after
                .find(']')
                .ok_or_else(|| ConfigError::api_base("has a malformed host"))?;
            (&authority[..end + 2], &after[end + 1..])
        } else {
            match crate::digits::rfind_byte(authority, b':') {
                Some(i) => (&authority[..i], &authority[i..]),
                None => (authority, ""),
            }
        };
        let host_ok = !host.is_empty()
            && (host.starts_with('[')
                || host
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'.'));
        if !host_ok {
            return Err(ConfigError::api_base("has a malformed host"));
        }
        if !port.is_empty() {
            let digits = &port[1..];
            let ok = port.starts_with(':')
                && !digits.is_empty()
                && digits.len() <= 5
                && digits.bytes().all(|b| b.is_ascii_digit())
                && crate::digits::parse_u64(digits).is_some_and(|p| (1..=65_535).contains(&p));
            if !ok {
                return Err(ConfigError::api_base("has a malformed port"));
            }
        }
        if !secure && !matches!(host, "localhost" | "127.0.0.1" | "[::1]") {
            return Err(ConfigError::api_base(
                "uses plain http:// for a host other than localhost",
            ));
        }
        let path = path.trim_end_matches('/');
        let path_ok = path.bytes().all(|b| {
            b.is_ascii_alphanumeric() || matches!(b, b'/' | b'-' | b'_' | b'.' | b'~' | b'%')
        }) && !path.split('/').any(|seg| seg == "..");
        if !path_ok {
            return Err(ConfigError::api_base("has a path a base URL cannot have"));
        }
        Ok(ApiBase {
            origin: [if secure { "https://" } else { "http://" }, authority].concat(),
            prefix: path.to_owned(),
        })
    }

    /// `scheme://host[:port]`, lower-cased.
    pub fn origin(&self) -> &str {
        &self.origin
    }

    /// The full URL of `endpoint`.
    pub fn url(&self, endpoint: Endpoint) -> String {
        [self.origin.as_str(), &self.prefix, endpoint.path()].concat()
    }
}

/// Client options, with defaults and ranges (values are clamped).
#[derive(Debug, Clone, PartialEq)]
pub struct Config {
    /// Where the server is; `None` answers every call from the wasm.
    pub api_base: Option<ApiBase>,
    /// Per-request timeout, ms. Default 15 000, range 100–120 000.
    pub timeout_ms: f64,
    /// Largest response body accepted, bytes. Default 262 144, range 1 024–4 194 304.
    pub max_response_bytes: usize,
    /// Breaker settings (`failureThreshold` default 3 in 1–100; `cooldownMs`
    /// default 30 000 in 0–3 600 000).
    pub breaker: BreakerConfig,
    /// Probe `GET /health` when the cool-down ends (instead of waiting for
    /// the next real call). Default true.
    pub health_probe: bool,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            api_base: None,
            timeout_ms: 15_000.0,
            max_response_bytes: 262_144,
            breaker: BreakerConfig::default(),
            health_probe: true,
        }
    }
}

impl Config {
    /// Reads options from whatever JS passed. Numbers of the wrong type fall
    /// back to their default and are clamped to their range; an unusable
    /// `apiBase` is reported (the client then runs on the wasm alone).
    pub fn from_json(v: &Json) -> (Config, Option<ConfigError>) {
        let d = Config::default();
        let num = |k: &str, def: f64, lo: f64, hi: f64| match input::number(v, k) {
            Field::Value(x) => x.clamp(lo, hi),
            _ => def,
        };
        let (api_base, error) = match input::string(v, "apiBase") {
            Field::Missing => (None, None),
            Field::Value(s) if s.trim().is_empty() => (None, None),
            Field::Value(s) => match ApiBase::parse(s) {
                Ok(b) => (Some(b), None),
                Err(e) => (None, Some(e)),
            },
            _ => (None, Some(ConfigError::api_base("must be a string"))),
        };
        let timeout_ms = num("timeoutMs", d.timeout_ms, 100.0, 120_000.0);
        let cfg = Config {
            api_base,
            timeout_ms,
            max_response_bytes: num(
                "maxResponseBytes",
                d.max_response_bytes as f64,
                1_024.0,
                4_194_304.0,
            ) as usize,
            breaker: BreakerConfig {
                failure_threshold: num("failureThreshold", 3.0, 1.0, 100.0) as u32,
                cooldown_ms: num("cooldownMs", 30_000.0, 0.0, 3_600_000.0),
                probe_timeout_ms: timeout_ms + 1_000.0,
            },
            health_probe: input::get(v, "healthProbe")
                .and_then(Json::as_bool)
                .unwrap_or(true),
        };
        (cfg, error)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json_write::ToJson;

    #[test]
    fn config_errors_are_written_as_the_derive_writes_them() {
        let e = ConfigError::api_base("is \"odd\"");
        assert_eq!(e.to_json(), serde_json::to_string(&e).unwrap());
    }
}
