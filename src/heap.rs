//! The wasm modules' memory allocator: power-of-two size classes, each with
//! its own free list, carved from the pages the heap grows by.
//!
//! It replaces std's dlmalloc in both wasm modules because it is about a
//! tenth of dlmalloc's code (about 2 KB gzipped less per module) and every
//! operation is O(1): a request is rounded up to a power of two (at least 8
//! bytes, at least its alignment), served from that class's free list, else
//! cut from the end of the heap. A freed block goes back to its class's
//! list. What it gives up: blocks are never split or merged across classes,
//! so a request uses up to twice its size, and memory freed in one class is
//! reused only by that class. Both modules hold small, short-lived heaps
//! (batches, answers, one request at a time), where that costs little.
//!
//! The logic is [`Heap`], over a [`Grow`] source of pages, and is tested
//! natively over an in-memory one; on wasm32 the source is `memory.grow`.

use core::alloc::Layout;

/// The wasm page: `memory.grow` adds memory in these units.
pub const PAGE: usize = 65_536;
/// The smallest class, 2^3 = 8 bytes: room for a free block's link.
const MIN_CLASS: u32 = 3;
/// One free list per possible power of two.
const CLASSES: usize = usize::BITS as usize;

/// Where the heap's memory comes from.
pub trait Grow {
    /// Adds `pages` pages of memory and returns the address of the first
    /// new byte, or `None` when no more memory can be had.
    fn grow(&mut self, pages: usize) -> Option<usize>;
}

/// The allocator's state: the free lists' heads and the unused end of the
/// last region grown.
pub struct Heap<G> {
    /// Address of the first free block of each class (0: none). A free
    /// block holds the address of the next one in its first word.
    free: [usize; CLASSES],
    /// First unused byte of the current region.
    next: usize,
    /// End of the current region.
    end: usize,
    grow: G,
}

/// The class of a request: log2 of its block size, or `None` when no block
/// could hold it.
fn class(layout: Layout) -> Option<u32> {
    let size = layout.size().max(layout.align()).max(1 << MIN_CLASS);
    Some(size.checked_next_power_of_two()?.trailing_zeros())
}

/// The alignment every block of class `k` has: its size, up to a page.
/// (A request's alignment is at most its block size, so a block of its
/// class always satisfies it when the alignment is at most a page.)
fn block_align(k: u32) -> usize {
    (1usize << k).min(PAGE)
}

fn align_up(addr: usize, align: usize) -> Option<usize> {
    Some(addr.checked_add(align - 1)? & !(align - 1))
}

impl<G: Grow> Heap<G> {
    /// An empty heap over `grow`; nothing is requested until the first
    /// allocation.
    pub const fn new(grow: G) -> Self {
        Heap {
            free: [0; CLASSES],
            next: 0,
            end: 0,
            grow,
        }
    }

    /// A block for `layout`, or null when memory is exhausted or the
    /// layout's alignment is over a page.
    ///
    /// # Safety
    /// The heap's memory must be readable and writable: what [`Grow`]
    /// returned, and nothing else uses it.
    pub unsafe fn alloc(&mut self, layout: Layout) -> *mut u8 {
        match class(layout) {
            Some(k) if layout.align() <= PAGE => {
                self.take(k).map_or(core::ptr::null_mut(), |a| a as *mut u8)
            }
            _ => core::ptr::null_mut(),
        }
    }

    /// Returns a block to its class's free list.
    ///
    /// # Safety
    /// `ptr` came from this heap's [`Heap::alloc`] (or
    /// [`Heap::realloc`]) with the same `layout`, and is not used again.
    pub unsafe fn dealloc(&mut self, ptr: *mut u8, layout: Layout) {
        if let Some(k) = class(layout) {
            self.push(k, ptr as usize);
        }
    }

    /// Resizes a block, in place when the new size has the same class.
    ///
    /// # Safety
    /// As [`Heap::dealloc`] for `ptr` and `layout`; `new_size` rounded up
    /// to `layout.align()` does not overflow `isize`.
    pub unsafe fn realloc(&mut self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let Ok(new) = Layout::from_size_align(new_size, layout.align()) else {
            return core::ptr::null_mut();
        };
        if class(new) == class(layout) {
            return ptr;
        }
        let out = self.alloc(new);
        if !out.is_null() {
            core::ptr::copy_nonoverlapping(ptr, out, layout.size().min(new_size));
            self.dealloc(ptr, layout);
        }
        out
    }

    unsafe fn push(&mut self, k: u32, addr: usize) {
        *(addr as *mut usize) = self.free[k as usize];
        self.free[k as usize] = addr;
    }

    unsafe fn take(&mut self, k: u32) -> Option<usize> {
        let head = self.free[k as usize];
        if head != 0 {
            self.free[k as usize] = *(head as *const usize);
            return Some(head);
        }
        let size = 1usize << k;
        let align = block_align(k);
        let mut start = align_up(self.next, align)?;
        if start.checked_add(size)? > self.end {
            let want = start.checked_add(size)? - self.end;
            let base = self.grow.grow(want.div_ceil(PAGE))?;
            if base != self.end {
                // Not contiguous with the region so far (something else
                // grew the memory): keep the old region's tail, start anew.
                self.release(self.next, self.end);
                self.next = base;
                self.end = base;
            }
            self.end += want.div_ceil(PAGE) * PAGE;
            start = align_up(self.next, align)?;
            if start.checked_add(size)? > self.end {
                let more = start + size - self.end;
                let base = self.grow.grow(more.div_ceil(PAGE))?;
                if base != self.end {
                    return None;
                }
                self.end += more.div_ceil(PAGE) * PAGE;
            }
        }
        // The bytes skipped to align `start` go to the smaller classes.
        self.release(self.next, start);
        self.next = start + size;
        Some(start)
    }

    /// Puts `[from, to)` on the free lists as the largest blocks that fit,
    /// each aligned as its class requires. `from` is 8-aligned.
    unsafe fn release(&mut self, mut from: usize, to: usize) {
        while to.saturating_sub(from) >= 1 << MIN_CLASS {
            let mut k = from.trailing_zeros().min(usize::BITS - 1);
            while k > MIN_CLASS && from.checked_add(1 << k).map_or(true, |e| e > to) {
                k -= 1;
            }
            self.push(k, from);
            from += 1 << k;
        }
    }

    /// The source of pages (tests read how much was grown).
    pub fn source(&self) -> &G {
        &self.grow
    }
}

/// `memory.grow` on the module's own memory.
#[cfg(target_arch = "wasm32")]
pub struct MemoryGrow;

#[cfg(target_arch = "wasm32")]
impl Grow for MemoryGrow {
    fn grow(&mut self, pages: usize) -> Option<usize> {
        let before = core::arch::wasm32::memory_grow(0, pages);
        (before != usize::MAX).then(|| before * PAGE)
    }
}

/// The global allocator of both wasm modules.
#[cfg(all(target_arch = "wasm32", not(target_feature = "atomics")))]
pub struct WasmHeap(core::cell::UnsafeCell<Heap<MemoryGrow>>);

// Safety: without the atomics feature a wasm module has one thread.
#[cfg(all(target_arch = "wasm32", not(target_feature = "atomics")))]
unsafe impl Sync for WasmHeap {}

#[cfg(all(target_arch = "wasm32", not(target_feature = "atomics")))]
impl WasmHeap {
    /// The heap, empty until the first allocation.
    pub const fn new() -> Self {
        WasmHeap(core::cell::UnsafeCell::new(Heap::new(MemoryGrow)))
    }
}

#[cfg(all(target_arch = "wasm32", not(target_feature = "atomics")))]
impl Default for WasmHeap {
    fn default() -> Self {
        Self::new()
    }
}

// Safety: single-threaded (above), and no allocator call re-enters another.
#[cfg(all(target_arch = "wasm32", not(target_feature = "atomics")))]
unsafe impl core::alloc::GlobalAlloc for WasmHeap {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        (*self.0.get()).alloc(layout)
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        (*self.0.get()).dealloc(ptr, layout)
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        (*self.0.get()).realloc(ptr, layout, new_size)
    }
}

#[cfg(test)]
mod tests;
