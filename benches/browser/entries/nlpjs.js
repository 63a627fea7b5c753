// nlp.js as a Levqor engineer would use it for intent matching in the
// browser: @nlpjs/nlp with the minimal English language package.
import { containerBootstrap } from "@nlpjs/core";
import { Nlp } from "@nlpjs/nlp";
import { LangEn } from "@nlpjs/lang-en-min";

/** A fresh NLP manager (no autosave, English). */
export async function createNlp() {
  const container = await containerBootstrap();
  container.use(Nlp);
  container.use(LangEn);
  const nlp = container.get("nlp");
  nlp.settings.autoSave = false;
  // no per-epoch console lines while training
  nlp.nluManager.settings.log = false;
  nlp.addLanguage("en");
  return nlp;
}
