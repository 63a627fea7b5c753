//! The panic message of a closure, for the build-generator tests: each bad
//! line must fail the build with its file and line, and these tests read
//! that message. The panic hook is process-wide, so its swap is serialised.

use std::panic;
use std::sync::Mutex;

/// Serialises the swap of the (process-wide) panic hook between tests.
static HOOK: Mutex<()> = Mutex::new(());

/// The panic message of `f`, or `None` if it returned.
pub fn failure(f: impl FnOnce() + panic::UnwindSafe) -> Option<String> {
    let _guard = HOOK.lock().unwrap_or_else(|e| e.into_inner());
    let hook = panic::take_hook();
    panic::set_hook(Box::new(|_| {}));
    let r = panic::catch_unwind(f);
    panic::set_hook(hook);
    r.err().map(|e| {
        e.downcast_ref::<String>()
            .cloned()
            .or_else(|| e.downcast_ref::<&str>().map(|s| s.to_string()))
            .unwrap_or_default()
    })
}
