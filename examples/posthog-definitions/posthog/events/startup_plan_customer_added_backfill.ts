import { eventDefinition } from "@posthog/definitions";

// Recorded by the billing backfill for each startup-plan customer it finds.
export default eventDefinition({
  key: "startup_plan_customer_added_backfill",
  name: "startup_plan_customer_added_backfill",
  description: "A startup-plan customer found by the billing backfill",
});
