//! The localStorage document: the outbox (wire batches plus retry state), the
//! ids of batches already delivered or merged away (so that other tabs sharing
//! the key do not re-adopt them), the `open` batches (counts each instance has
//! persisted but not sealed yet, under the id they will be sent with), and an
//! unsealed `current` aggregate (always empty when written by this version;
//! read for documents written before `open` existed). Reading never fails:
//! corrupt or other-version data is counted in `dropped.corrupt` and dropped.

use super::aggregate::Aggregate;
use super::wire::WireBatch;
use super::Sealed;
use crate::json::Json;
use crate::json_write::Obj;

/// Version of the stored document.
pub const STORE_VERSION: u32 = 1;

struct StoredBatch {
    batch: WireBatch,
    attempts: u32,
    next_at: f64,
    tried: bool,
}

impl StoredBatch {
    /// `tried` may be absent (older writers); everything else is required.
    fn from_value(v: &Json) -> Option<StoredBatch> {
        let o = v.as_object()?;
        Some(StoredBatch {
            batch: WireBatch::from_value(o.get("batch")?)?,
            attempts: u32::try_from(o.get("attempts")?.as_u64()?).ok()?,
            next_at: o.get("nextAt")?.as_f64()?,
            tried: match o.get("tried") {
                None => false,
                Some(t) => t.as_bool()?,
            },
        })
    }
}

/// Most ids kept in the `done` list.
pub const MAX_DONE: usize = 64;

/// Serialises the state; `open` are (id, counts) of the open batches.
/// Written by hand, byte for byte what serde's derive of the document
/// writes (the test below checks it), each batch straight from its
/// aggregate ([`Aggregate::write_wire`]).
pub fn save(
    open: &[(&str, &Aggregate)],
    outbox: &[Sealed],
    done: &[String],
    minute: u32,
) -> String {
    let mut out = String::new();
    let mut o = Obj::new(&mut out);
    o.uint("v", u64::from(STORE_VERSION));
    Aggregate::default().write_wire("", minute, o.key("current"));
    if !open.is_empty() {
        let list = o.key("open");
        list.push('[');
        for (i, (id, a)) in open.iter().enumerate() {
            if i > 0 {
                list.push(',');
            }
            a.write_wire(id, minute, list);
        }
        list.push(']');
    }
    let list = o.key("outbox");
    list.push('[');
    for (i, b) in outbox.iter().enumerate() {
        if i > 0 {
            list.push(',');
        }
        let mut s = Obj::new(list);
        b.agg.write_wire(&b.id, minute, s.key("batch"));
        s.uint("attempts", u64::from(b.attempts))
            .float("nextAt", b.next_at)
            .bool("tried", b.tried)
            .end();
    }
    list.push(']');
    o.field("done", done).end();
    out
}

/// Whether `id` has the shape of a batch id (32 hex digits).
pub(crate) fn valid_id(id: &str) -> bool {
    id.len() == 32 && id.bytes().all(|c| c.is_ascii_hexdigit())
}

/// What [`load`] read.
#[derive(Debug, Default)]
pub struct Loaded {
    /// The unsealed aggregate (loss counters include what was corrupt).
    pub current: Aggregate,
    /// Open batches: (id, counts) persisted by an instance, not yet sealed.
    pub open: Vec<(String, Aggregate)>,
    /// Batches waiting for delivery.
    pub outbox: Vec<Sealed>,
    /// Ids delivered or merged away.
    pub done: Vec<String>,
}

/// Reads the state; `None` is an empty store.
pub fn load(raw: Option<&str>, now: f64) -> Loaded {
    let mut current = Aggregate::default();
    let mut outbox = Vec::new();
    let Some(raw) = raw else {
        return Loaded::default();
    };
    let doc: Json = match crate::json::parse(raw) {
        Some(v) => v,
        None => {
            current.dropped.corrupt += 1;
            return Loaded {
                current,
                ..Loaded::default()
            };
        }
    };
    if doc.get("v").and_then(Json::as_u64) != Some(u64::from(STORE_VERSION)) {
        current.dropped.corrupt += 1;
        return Loaded {
            current,
            ..Loaded::default()
        };
    }
    // The first MAX_DONE valid ids; a plain loop (an adapter chain here
    // instantiated four iterator types).
    let mut done: Vec<String> = Vec::new();
    for id in doc
        .get("done")
        .and_then(Json::as_array)
        .map_or(&[][..], Vec::as_slice)
    {
        if done.len() == MAX_DONE {
            break;
        }
        match id.as_str() {
            Some(id) if valid_id(id) => done.push(id.to_owned()),
            _ => {}
        }
    }
    match doc.get("current").and_then(WireBatch::from_value) {
        Some(w) => current = Aggregate::from_wire(&w),
        _ => current.dropped.corrupt += 1,
    }
    let mut open = Vec::new();
    for item in doc
        .get("open")
        .and_then(Json::as_array)
        .map_or(&[][..], Vec::as_slice)
    {
        match WireBatch::from_value(item) {
            Some(w) if valid_id(&w.batch_id) => {
                let mut agg = Aggregate::from_wire(&w);
                current.dropped.corrupt += std::mem::take(&mut agg.dropped.corrupt);
                open.push((w.batch_id, agg));
            }
            _ => current.dropped.corrupt += 1,
        }
    }
    if let Some(items) = doc.get("outbox").and_then(Json::as_array) {
        for item in items {
            match StoredBatch::from_value(item) {
                Some(s) if valid_id(&s.batch.batch_id) => {
                    let mut agg = Aggregate::from_wire(&s.batch);
                    // Corrupt rows inside a batch are reported with the next batch.
                    current.dropped.corrupt += std::mem::take(&mut agg.dropped.corrupt);
                    let next_at = if s.next_at.is_finite() {
                        s.next_at
                            .clamp(now, now + super::delivery::MAX_RETRY_AFTER_MS)
                    } else {
                        now
                    };
                    outbox.push(Sealed {
                        id: s.batch.batch_id,
                        agg,
                        attempts: s.attempts,
                        next_at,
                        in_flight: false,
                        tried: s.tried,
                    });
                }
                _ => current.dropped.corrupt += 1,
            }
        }
    } else {
        current.dropped.corrupt += 1;
    }
    Loaded {
        current,
        open,
        outbox,
        done,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The stored document as serde's derive writes it.
    #[derive(serde::Serialize)]
    struct Doc<'a> {
        v: u32,
        current: WireBatch,
        #[serde(skip_serializing_if = "Vec::is_empty")]
        open: Vec<WireBatch>,
        outbox: Vec<StoredBatchRef>,
        done: &'a [String],
    }

    #[derive(serde::Serialize)]
    #[serde(rename_all = "camelCase")]
    struct StoredBatchRef {
        batch: WireBatch,
        attempts: u32,
        next_at: f64,
        tried: bool,
    }

    fn batch(a: &Aggregate, id: &str, minute: u32) -> WireBatch {
        let v = crate::json::parse(&a.wire_json(id, minute)).expect("JSON");
        WireBatch::from_value(&v).expect("a batch")
    }

    #[test]
    fn documents_are_written_as_the_derives_write_them() {
        let v = crate::json::parse(include_str!("wire.example.json")).expect("example parses");
        let agg = Aggregate::from_wire(&WireBatch::from_value(&v).expect("example reads"));
        let id = "0123456789abcdef0123456789abcdef";
        let done = [id.to_owned()];
        let outbox: Vec<Sealed> = [(3, 1_733_000_123_456.789, true), (0, 0.0, false)]
            .into_iter()
            .map(|(attempts, next_at, tried)| Sealed {
                id: id.to_owned(),
                agg: agg.clone(),
                attempts,
                next_at,
                in_flight: false,
                tried,
            })
            .collect();
        for open in [vec![], vec![(id, &agg), (id, &agg)]] {
            let doc = Doc {
                v: STORE_VERSION,
                current: batch(&Aggregate::default(), "", 7),
                open: open.iter().map(|(id, a)| batch(a, id, 7)).collect(),
                outbox: outbox
                    .iter()
                    .map(|b| StoredBatchRef {
                        batch: batch(&b.agg, &b.id, 7),
                        attempts: b.attempts,
                        next_at: b.next_at,
                        tried: b.tried,
                    })
                    .collect(),
                done: &done,
            };
            assert_eq!(
                save(&open, &outbox, &done, 7),
                serde_json::to_string(&doc).unwrap()
            );
        }
    }

    #[test]
    fn done_keeps_the_first_valid_ids_up_to_the_cap() {
        let ids: Vec<String> = (0..MAX_DONE as u32 + 6)
            .map(|i| format!("{i:032x}"))
            .collect();
        let mut list = vec![serde_json::json!(5), serde_json::json!("not-an-id")];
        list.extend(ids.iter().map(|id| serde_json::json!(id)));
        list.insert(10, serde_json::json!("g".repeat(32)));
        let doc = serde_json::json!({ "v": STORE_VERSION, "done": list }).to_string();
        assert_eq!(load(Some(&doc), 0.0).done, ids[..MAX_DONE]);
    }
}
