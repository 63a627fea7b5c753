//! Why `track` refuses an event: the closed set of refusal reasons, their
//! wire names and which of them mean personal data.

use serde::Serialize;

/// Why `track` refused an event. Counted per reason, never thrown, and the
/// refused value itself is never kept or logged.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Reason {
    /// The event name is not in the schema.
    UnknownEvent,
    /// `props` was not an object (or undefined/null).
    PropsNotObject,
    /// A prop key the event does not declare.
    UnknownProp,
    /// A value outside the prop's closed set, of the wrong type, or out of range.
    InvalidValue,
    /// A value containing words (free text is never accepted).
    FreeText,
    /// Looks like an email address.
    Email,
    /// Looks like a phone number.
    Phone,
    /// A Luhn-valid card number.
    CardNumber,
    /// An IPv4 or IPv6 address.
    IpAddress,
    /// A JSON Web Token.
    Jwt,
    /// An API key, bearer token or secret.
    ApiKey,
    /// A UUID or 32-hex id.
    Uuid,
    /// Some other long id (hex hash, long number).
    Identifier,
}

impl Reason {
    /// Every reason, in wire order.
    pub const ALL: [Reason; 13] = [
        Reason::UnknownEvent,
        Reason::PropsNotObject,
        Reason::UnknownProp,
        Reason::InvalidValue,
        Reason::FreeText,
        Reason::Email,
        Reason::Phone,
        Reason::CardNumber,
        Reason::IpAddress,
        Reason::Jwt,
        Reason::ApiKey,
        Reason::Uuid,
        Reason::Identifier,
    ];

    /// The wire name (`"card_number"`).
    pub fn as_str(self) -> &'static str {
        match self {
            Reason::UnknownEvent => "unknown_event",
            Reason::PropsNotObject => "props_not_object",
            Reason::UnknownProp => "unknown_prop",
            Reason::InvalidValue => "invalid_value",
            Reason::FreeText => "free_text",
            Reason::Email => "email",
            Reason::Phone => "phone",
            Reason::CardNumber => "card_number",
            Reason::IpAddress => "ip_address",
            Reason::Jwt => "jwt",
            Reason::ApiKey => "api_key",
            Reason::Uuid => "uuid",
            Reason::Identifier => "identifier",
        }
    }

    /// Parses a wire name.
    pub fn parse(s: &str) -> Option<Reason> {
        Reason::ALL.into_iter().find(|r| r.as_str() == s)
    }

    /// Whether this reason means personal data or a secret was detected.
    pub fn is_pii(self) -> bool {
        !matches!(
            self,
            Reason::UnknownEvent
                | Reason::PropsNotObject
                | Reason::UnknownProp
                | Reason::InvalidValue
                | Reason::FreeText
        )
    }
}
