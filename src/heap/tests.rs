//! The heap over an in-memory page source: alignment, reuse, no overlap
//! under a random mix of allocations, frees and resizes.

use super::{Grow, Heap, PAGE};
use core::alloc::Layout;

/// Up to `cap` pages of real memory, handed out in order; `skip` pages are
/// passed over before the next grow, as if something else had grown the
/// memory in between.
struct Pages {
    base: *mut u8,
    cap: usize,
    used: usize,
    skip: usize,
    calls: usize,
}

impl Pages {
    fn new(cap: usize) -> Self {
        let layout = Layout::from_size_align(cap * PAGE, PAGE).unwrap();
        // Safety: non-zero size.
        let base = unsafe { std::alloc::alloc_zeroed(layout) };
        assert!(!base.is_null());
        Pages {
            base,
            cap,
            used: 0,
            skip: 0,
            calls: 0,
        }
    }
    fn bounds(&self) -> (usize, usize) {
        (self.base as usize, self.base as usize + self.used * PAGE)
    }
}

impl Drop for Pages {
    fn drop(&mut self) {
        let layout = Layout::from_size_align(self.cap * PAGE, PAGE).unwrap();
        // Safety: allocated in `new` with this layout.
        unsafe { std::alloc::dealloc(self.base, layout) }
    }
}

impl Grow for Pages {
    fn grow(&mut self, pages: usize) -> Option<usize> {
        self.calls += 1;
        let start = self.used + std::mem::take(&mut self.skip);
        if start + pages > self.cap {
            return None;
        }
        self.used = start + pages;
        Some(self.base as usize + start * PAGE)
    }
}

fn lay(size: usize, align: usize) -> Layout {
    Layout::from_size_align(size, align).unwrap()
}

#[test]
fn blocks_are_aligned_as_asked_and_inside_the_grown_pages() {
    let mut h = Heap::new(Pages::new(64));
    for &(size, align) in &[
        (1, 1),
        (3, 2),
        (8, 8),
        (24, 8),
        (100, 4),
        (17, 16),
        (64, 64),
        (5, 4096),
        (70_000, 8),
        (9, 65_536),
    ] {
        let p = unsafe { h.alloc(lay(size, align)) } as usize;
        assert_ne!(p, 0, "{size}/{align}");
        assert_eq!(p % align, 0, "{size}/{align} at {p:#x}");
        let (lo, hi) = h.source().bounds();
        assert!(p >= lo && p + size <= hi, "{size}/{align} outside the heap");
    }
}

#[test]
fn a_freed_block_is_reused_and_the_heap_does_not_grow() {
    let mut h = Heap::new(Pages::new(4));
    let l = lay(40, 8);
    let first = unsafe { h.alloc(l) };
    unsafe { h.dealloc(first, l) };
    for _ in 0..100_000 {
        let p = unsafe { h.alloc(l) };
        assert_eq!(p, first, "the freed block comes back");
        unsafe { h.dealloc(p, l) };
    }
    assert_eq!(
        h.source().used,
        1,
        "one page is enough for one block at a time"
    );
}

#[test]
fn same_class_resizes_stay_in_place_and_others_keep_the_bytes() {
    let mut h = Heap::new(Pages::new(8));
    let l = lay(33, 1); // a 64-byte block
    let p = unsafe { h.alloc(l) };
    unsafe { core::ptr::copy_nonoverlapping(b"levqor".as_ptr(), p, 6) };
    let q = unsafe { h.realloc(p, l, 60) };
    assert_eq!(q, p, "33 -> 60 bytes is the same 64-byte class");
    let r = unsafe { h.realloc(q, lay(60, 1), 5_000) };
    assert_ne!(r, q);
    assert_eq!(unsafe { core::slice::from_raw_parts(r, 6) }, b"levqor");
    // The old block went back to its list.
    assert_eq!(unsafe { h.alloc(lay(50, 1)) }, p);
}

#[test]
fn bytes_skipped_for_alignment_serve_smaller_requests() {
    let mut h = Heap::new(Pages::new(4));
    let small = unsafe { h.alloc(lay(8, 8)) } as usize;
    let big = unsafe { h.alloc(lay(1024, 1024)) } as usize;
    assert_eq!(big % 1024, 0);
    assert!(big > small + 8, "there is a gap to reuse");
    // Every block below `big` that the gap holds is handed out before the
    // heap's end moves.
    for size in [8, 16, 32, 64, 128, 256, 512] {
        let p = unsafe { h.alloc(lay(size, 8)) } as usize;
        assert!(
            p < big,
            "{size}-byte block from the gap, got {p:#x} (big at {big:#x})"
        );
    }
}

#[test]
fn memory_grown_elsewhere_starts_a_new_region_and_keeps_the_old_tail() {
    let mut h = Heap::new(Pages::new(16));
    let a = unsafe { h.alloc(lay(16, 8)) } as usize;
    h.grow.skip = 2;
    let b = unsafe { h.alloc(lay(2 * PAGE, 8)) } as usize;
    let base = h.source().base as usize;
    assert!(
        b >= base + 3 * PAGE,
        "the new region starts after the pages grown elsewhere"
    );
    // The first page's tail still serves small requests.
    let c = unsafe { h.alloc(lay(16, 8)) } as usize;
    assert!(c > a && c < base + PAGE, "{c:#x}");
}

#[test]
fn exhausted_memory_and_impossible_layouts_answer_null() {
    let mut h = Heap::new(Pages::new(2));
    assert!(unsafe { h.alloc(lay(3 * PAGE, 8)) }.is_null());
    assert!(
        unsafe { h.alloc(lay(8, 2 * PAGE)) }.is_null(),
        "alignment over a page"
    );
    assert!(unsafe { h.alloc(lay(isize::MAX as usize - 7, 8)) }.is_null());
    // Still usable afterwards.
    assert!(!unsafe { h.alloc(lay(100, 8)) }.is_null());
}

/// A random mix, checked against a list of what is live: every live block
/// keeps its fill byte (no block overlaps another), blocks are aligned, and
/// freed memory is reused (the heap stays near the peak of live bytes).
#[test]
fn random_allocations_never_overlap_and_memory_is_reused() {
    let mut h = Heap::new(Pages::new(2048));
    let mut seed = 0x2545_f491_4f6c_dd1du64;
    let mut rnd = move |n: u64| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed % n
    };
    let mut live: Vec<(usize, Layout, u8)> = Vec::new();
    let (mut asked, mut live_bytes, mut peak) = (0usize, 0usize, 0usize);
    for i in 0..60_000u32 {
        let op = rnd(10);
        if op < 4 || live.is_empty() {
            let size = match rnd(100) {
                0 => 1 + rnd(300_000) as usize,
                1..=10 => 1 + rnd(5_000) as usize,
                _ => 1 + rnd(120) as usize,
            };
            let align = [1, 2, 4, 8, 16, 64, 4096][rnd(7) as usize].min(size.next_power_of_two());
            let l = lay(size, align);
            let p = unsafe { h.alloc(l) };
            assert!(!p.is_null());
            assert_eq!(p as usize % align, 0);
            let tag = (i % 251) as u8 + 1;
            unsafe { p.write_bytes(tag, size) };
            live.push((p as usize, l, tag));
            asked += size;
            live_bytes += size;
            peak = peak.max(live_bytes);
        } else if op < 8 {
            let (p, l, tag) = live.swap_remove(rnd(live.len() as u64) as usize);
            let s = unsafe { core::slice::from_raw_parts(p as *const u8, l.size()) };
            assert!(s.iter().all(|&b| b == tag), "block {p:#x} was overwritten");
            unsafe { h.dealloc(p as *mut u8, l) };
            live_bytes -= l.size();
        } else {
            let at = rnd(live.len() as u64) as usize;
            let (p, l, tag) = live[at];
            let new_size = 1 + rnd(2 * l.size() as u64 + 16) as usize;
            let q = unsafe { h.realloc(p as *mut u8, l, new_size) };
            assert!(!q.is_null());
            let kept = l.size().min(new_size);
            let s = unsafe { core::slice::from_raw_parts(q, kept) };
            assert!(s.iter().all(|&b| b == tag), "realloc lost bytes");
            unsafe { q.write_bytes(tag, new_size) };
            live[at] = (q as usize, lay(new_size, l.align()), tag);
            live_bytes = live_bytes - l.size() + new_size;
            peak = peak.max(live_bytes);
        }
        if i % 5_000 == 0 {
            let mut spans: Vec<(usize, usize)> =
                live.iter().map(|&(p, l, _)| (p, p + l.size())).collect();
            spans.sort_unstable();
            for w in spans.windows(2) {
                assert!(w[0].1 <= w[1].0, "blocks {:#x?} overlap", w);
            }
        }
    }
    for &(p, l, tag) in &live {
        let s = unsafe { core::slice::from_raw_parts(p as *const u8, l.size()) };
        assert!(s.iter().all(|&b| b == tag), "block {p:#x} was overwritten");
    }
    // Power-of-two rounding at most doubles a block, and a class keeps what
    // it freed: the heap stays within a small multiple of the peak live
    // bytes, far below everything ever asked.
    let grown = h.source().used * PAGE;

    assert!(
        asked > 10 * peak,
        "the mix must reuse memory to be a test: asked {asked}, peak {peak}"
    );
    assert!(
        grown < 4 * peak + 8 * PAGE,
        "grew {grown} bytes for a peak of {peak} live ({asked} asked)"
    );
}
