// hogflow_schema_problems.json as a @posthog/definitions file (tests/lk_hogflow_ts.py writes it).
import { hogFlow } from "@posthog/definitions";

export default hogFlow({
  key: "Win-back",
  name: "Win-back",
  status: "active",
  trigger: {
    type: "event",
    filters: { events: [{ id: "subscription_cancelled", type: "events" }] },
  },
  triggerMasking: { ttl: 86400 },
  exitCondition: "exit_on_conversoin",
  edges: [
    { from: "trigger_node", to: "pause", type: "continue" },
    { from: "pause", to: "email_winback", type: "contine" },
    { from: "email_winback", to: "wait_return", type: "continue" },
    { from: "wait_return", to: "exit_node", type: "branch" },
    { from: "wait_return", to: "exit_node", type: "continue" },
  ],
  actions: [
    {
      id: "trigger_node",
      name: "Cancelled",
      type: "trigger",
      config: { type: "event", filters: {} },
    },
    {
      id: "pause",
      name: "Give them a week",
      type: "delay",
      config: { delay_duration: "1 week" },
    },
    {
      id: "email_winback",
      name: "We miss you",
      type: "function_emial",
      config: { template_id: "template-email", inputs: {} },
    },
    {
      id: "wait_return",
      name: "Wait for a comeback",
      type: "wait_until_condition",
      config: { condition: { filters: {} } },
    },
    {
      id: "email_last_chance",
      name: "Last chance",
      type: "function_email",
      config: {
        template_id: "template-email",
        inputs: { subject: { value: "Come back?" } },
      },
    },
    { id: "exit_node", name: "Exit", type: "exit", config: {} },
  ],
});
