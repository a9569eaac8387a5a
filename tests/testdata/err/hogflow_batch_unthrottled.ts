// hogflow_batch_unthrottled.json as a @posthog/definitions file (tests/lk_hogflow_ts.py writes it).
import { hogFlow } from "@posthog/definitions";

export default hogFlow({
  key: "Launch announcement",
  name: "Launch announcement",
  status: "active",
  trigger: {
    type: "batch",
    filters: {
      properties: [
        { key: "email", type: "person", value: "is_set", operator: "is_set" },
        {
          key: "marketing_opt_in",
          type: "person",
          value: ["true"],
          operator: "exact",
        },
      ],
    },
  },
  triggerMasking: null,
  exitCondition: "exit_only_at_end",
  edges: [
    { from: "trigger_node", to: "email_launch", type: "continue" },
    { from: "email_launch", to: "exit_node", type: "continue" },
  ],
  actions: [
    {
      id: "trigger_node",
      name: "Everyone opted in",
      description: "",
      type: "trigger",
      filters: null,
      config: {
        type: "batch",
        filters: {
          properties: [
            {
              key: "email",
              type: "person",
              operator: "is_set",
              value: "is_set",
            },
          ],
        },
      },
    },
    {
      id: "email_launch",
      name: "We launched Acme Insights",
      description: "",
      type: "function_email",
      filters: null,
      config: {
        message_category_type: "marketing",
        template_id: "template-email",
        inputs: {
          email: {
            value: {
              to: { email: "{{ person.properties.email }}" },
              subject: "Meet Acme Insights",
            },
          },
        },
      },
    },
    {
      id: "exit_node",
      name: "Exit",
      description: "",
      type: "exit",
      filters: null,
      config: { reason: "Default exit" },
    },
  ],
});
