//! Status subscribers: who is told when the badge changes, in the order
//! they subscribed, each removable by the id its subscription returned.
//! Generic over the callback so the browser keeps JS functions in it and
//! the tests keep closures.

use std::cell::{Cell, RefCell};

/// An ordered list of subscribers, each with an id.
#[derive(Debug)]
pub struct Listeners<F> {
    list: RefCell<Vec<(u32, F)>>,
    next: Cell<u32>,
}

impl<F> Default for Listeners<F> {
    fn default() -> Self {
        Self {
            list: RefCell::new(Vec::new()),
            next: Cell::new(0),
        }
    }
}

impl<F: Clone> Listeners<F> {
    /// Adds `f`; the id removes it.
    pub fn add(&self, f: F) -> u32 {
        let id = self.next.get();
        self.next.set(id.wrapping_add(1));
        self.list.borrow_mut().push((id, f));
        id
    }

    /// Removes the subscriber `id` (nothing if it is gone already).
    pub fn remove(&self, id: u32) {
        self.list.borrow_mut().retain(|(i, _)| *i != id);
    }

    /// Removes every subscriber.
    pub fn clear(&self) {
        self.list.borrow_mut().clear();
    }

    /// The subscribers now, in order: a copy, so a callback may subscribe
    /// or unsubscribe while they are being called.
    pub fn snapshot(&self) -> Vec<F> {
        let mut out = Vec::new();
        for (_, f) in self.list.borrow().iter() {
            out.push(f.clone());
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn in_order_removable_by_id_and_safe_to_change_while_called() {
        let l = Listeners::default();
        let a = l.add("a");
        let _b = l.add("b");
        let c = l.add("c");
        assert_eq!(l.snapshot(), ["a", "b", "c"]);
        l.remove(a);
        l.remove(a);
        assert_eq!(l.snapshot(), ["b", "c"]);
        for f in l.snapshot() {
            if f == "b" {
                l.remove(c);
                l.add("d");
            }
        }
        assert_eq!(l.snapshot(), ["b", "d"]);
        assert_ne!(l.add("e"), c, "ids are not reused");
        l.clear();
        assert!(l.snapshot().is_empty());
    }
}
