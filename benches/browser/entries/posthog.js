// posthog-js for product telemetry, as the npm package is imported.
import posthog from "posthog-js";
export { posthog };
