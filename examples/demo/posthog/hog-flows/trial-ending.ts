// A reminder before a trial ends. Its step ids come from a module shared by
// several flows, which lintkit does not run: the edge it cannot read is HF013.
import { hogFlow } from "@posthog/definitions";
import { STEP } from "../lib/steps";

export default hogFlow({
  key: "trial-ending",
  name: "Trial ending",
  triggerMasking: { hash: "{person.id}" },
  actions: [
    {
      id: "trigger",
      type: "trigger",
      config: {
        type: "event",
        filters: {
          events: [{ id: "trial_ending_soon", type: "events" }],
          properties: [{ key: "email", type: "person", value: "is_set", operator: "is_set" }],
        },
      },
    },
    {
      id: "reminder",
      type: "function_email",
      name: "Your trial ends in 3 days",
      config: {
        template_id: "template-email",
        inputs: { email: { value: { subject: "Your trial ends in 3 days" } } },
      },
    },
    { id: "exit", type: "exit", config: {} },
  ],
  edges: [
    { from: "trigger", to: STEP.reminder, type: "continue" },
    { from: "reminder", to: "exit", type: "continue" },
  ],
});
