//! Browser implementations of [`crate::platform`]'s traits: `Date.now()`,
//! `localStorage`/`sessionStorage` (every access guarded: storage may be
//! disabled, full or throwing) and `crypto.getRandomValues`.

use crate::platform::{Clock, KeyValueStore, Random, StorageError};
use wasm_bindgen::JsCast;

/// `Date.now()`.
#[derive(Debug, Default, Clone, Copy)]
pub struct BrowserClock;

impl Clock for BrowserClock {
    fn now_ms(&self) -> f64 {
        js_sys::Date::now()
    }
}

/// Which Web Storage area.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Area {
    /// `window.localStorage`: survives the browser closing.
    Local,
    /// `window.sessionStorage`: survives reloads of this tab.
    Session,
}

/// Web Storage, or nothing when it is disabled or throws on access. The area
/// is opened on first use, not when this is made: in a fresh browsing context
/// the first touch of `localStorage`/`sessionStorage` costs milliseconds (the
/// browser loads the area), and a page that only arms the exit intent need
/// not pay it until the intent would fire.
#[derive(Debug, Clone)]
pub struct WebStorage {
    area: Area,
    storage: std::cell::OnceCell<Option<web_sys::Storage>>,
}

impl WebStorage {
    /// The given area, opened when first read or written; storage that
    /// throws on access reads as empty and refuses writes with
    /// [`StorageError::Unavailable`].
    pub fn open(area: Area) -> Self {
        Self {
            area,
            storage: std::cell::OnceCell::new(),
        }
    }

    fn storage(&self) -> Option<&web_sys::Storage> {
        self.storage
            .get_or_init(|| {
                web_sys::window().and_then(|w| match self.area {
                    Area::Local => w.local_storage().ok().flatten(),
                    Area::Session => w.session_storage().ok().flatten(),
                })
            })
            .as_ref()
    }

    /// Whether the storage area could be opened (opens it).
    pub fn is_available(&self) -> bool {
        self.storage().is_some()
    }
}

fn storage_error(e: wasm_bindgen::JsValue) -> StorageError {
    match e.dyn_ref::<web_sys::DomException>() {
        Some(d) if d.name() == "QuotaExceededError" || d.code() == 22 => {
            StorageError::QuotaExceeded
        }
        _ => StorageError::Unavailable,
    }
}

impl KeyValueStore for WebStorage {
    fn get(&self, key: &str) -> Option<String> {
        self.storage()?.get_item(key).ok().flatten()
    }
    fn set(&self, key: &str, value: &str) -> Result<(), StorageError> {
        let s = self.storage().ok_or(StorageError::Unavailable)?;
        s.set_item(key, value).map_err(storage_error)
    }
    fn remove(&self, key: &str) -> Result<(), StorageError> {
        let s = self.storage().ok_or(StorageError::Unavailable)?;
        s.remove_item(key).map_err(storage_error)
    }
}

/// `crypto.getRandomValues`, falling back to `Math.random` where the Web
/// Crypto API is missing.
#[derive(Debug, Default, Clone, Copy)]
pub struct BrowserRandom;

impl Random for BrowserRandom {
    fn next_u64(&self) -> u64 {
        let mut bytes = [0u8; 8];
        let filled = web_sys::window()
            .and_then(|w| w.crypto().ok())
            .map(|c| c.get_random_values_with_u8_array(&mut bytes).is_ok())
            .unwrap_or(false);
        if filled {
            u64::from_le_bytes(bytes)
        } else {
            let hi = (js_sys::Math::random() * 4_294_967_296.0) as u64;
            let lo = (js_sys::Math::random() * 4_294_967_296.0) as u64;
            (hi << 32) | lo
        }
    }
}
