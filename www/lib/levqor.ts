// Loads levqor-wasm once per page, in the browser only. Every client component
// calls `loadLevqor()` inside `useEffect`; the first call fetches and
// instantiates the .wasm, later calls share the same promise. Server rendering
// never touches the module.
import type * as Levqor from "levqor-wasm";

export type LevqorModule = typeof Levqor;

let loading: Promise<LevqorModule> | undefined;

export function loadLevqor(): Promise<LevqorModule> {
  if (typeof window === "undefined") {
    return Promise.reject(new Error("levqor-wasm is browser-only: call loadLevqor() inside useEffect"));
  }
  loading ??= import("levqor-wasm").then(async (m) => {
    await m.default();
    return m;
  });
  return loading;
}
