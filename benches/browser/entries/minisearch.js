// MiniSearch for FAQ retrieval over the knowledge-base sections.
import MiniSearch from "minisearch";

/** An index over `{ id, title, keywords, text, topic }` sections. */
export function createIndex(sections) {
  const index = new MiniSearch({
    fields: ["title", "keywords", "text"],
    storeFields: ["topic"],
    searchOptions: { boost: { title: 2, keywords: 2 }, fuzzy: 0.2, prefix: true },
  });
  index.addAll(sections);
  return index;
}
