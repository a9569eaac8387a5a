// hogflow_wiring_mistakes.json as a @posthog/definitions file (tests/lk_hogflow_ts.py writes it).
import { hogFlow } from "@posthog/definitions";

export default hogFlow({
  key: "Trial ending reminder",
  name: "Trial ending reminder",
  status: "active",
  trigger: {
    type: "event",
    filters: {
      events: [{ id: "trial_started", type: "events" }],
      properties: [{ key: "email", type: "person", operator: "is_set", value: "is_set" }],
    },
  },
  triggerMasking: { hash: "{person.id}", ttl: null, threshold: null },
  exitCondition: "exit_only_at_end",
  edges: [
    { from: "trigger_node", to: "wait_12d", type: "continue" },
    { from: "wait_12d", to: "has_upgraded", type: "continue" },
    { from: "has_upgraded", to: "exit_node", type: "branch", index: 0 },
    { from: "has_upgraded", to: "email_trial_endnig", type: "branch", index: 1 },
    { from: "wait_12d", to: "exit_node", type: "continue" },
    { from: "wait_12d", to: "exit_node", type: "branch", index: 0 },
    { from: "email_old_reminder", to: "exit_node", type: "continue" },
    { from: "email_trial_ending", to: "exit_node", type: "continue" },
    { from: "email_trial_ending", to: "exit_node", type: "branch", index: 3 },
  ],
  actions: [
    {
      id: "trigger_node",
      name: "Trial started",
      type: "trigger",
      config: { type: "event", filters: {} },
    },
    {
      id: "wait_12d",
      name: "Wait 12 days",
      type: "delay",
      config: { delay_duration: "12d" },
    },
    {
      id: "has_upgraded",
      name: "Upgraded already?",
      type: "conditional_branch",
      config: {
        conditions: [
          {
            filters: {
              properties: [
                {
                  key: "plan",
                  type: "person",
                  value: ["free"],
                  operator: "is_not",
                },
              ],
            },
          },
          {
            filters: {
              properties: [
                {
                  key: "plan",
                  type: "person",
                  value: ["free"],
                  operator: "exact",
                },
              ],
            },
          },
        ],
      },
    },
    {
      id: "email_trial_ending",
      name: "Your trial ends in two days",
      type: "function_email",
      config: {
        template_id: "template-email",
        inputs: {
          email: {
            value: {
              to: { email: "{{ person.properties.email }}" },
              subject: "Two days left",
            },
          },
        },
      },
    },
    { id: "exit_node", name: "Exit", type: "exit", config: {} },
  ],
});
