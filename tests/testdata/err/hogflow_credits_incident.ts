// hogflow_credits_incident.json as a @posthog/definitions file (tests/lk_hogflow_ts.py writes it).
import { hogFlow } from "@posthog/definitions";

export default hogFlow({
  key: "Startup credits",
  name: "Startup credits",
  description: "Grant credits to new startup-plan customers; cancel them if unused after 30 days.",
  status: "active",
  triggerMasking: null,
  conversion: { filters: [], window_minutes: null },
  exitCondition: "exit_only_at_end",
  edges: [
    { from: "trigger_node", to: "action_delay_12h", type: "continue" },
    { from: "action_delay_12h", to: "action_still_eligible", type: "continue" },
    {
      from: "action_still_eligible",
      to: "action_send_credits",
      type: "branch",
      index: 0,
    },
    {
      from: "action_still_eligible",
      to: "action_credits_cancelled",
      type: "continue",
    },
    {
      from: "action_send_credits",
      to: "action_wait_for_usage",
      type: "continue",
    },
    { from: "action_wait_for_usage", to: "exit_node", type: "branch", index: 0 },
    {
      from: "action_wait_for_usage",
      to: "action_credits_cancelled",
      type: "continue",
    },
    { from: "action_credits_cancelled", to: "exit_node", type: "continue" },
  ],
  actions: [
    {
      id: "trigger_node",
      name: "Startup plan customer added",
      description: "",
      on_error: null,
      created_at: 0,
      updated_at: 0,
      filters: null,
      type: "trigger",
      config: {
        type: "event",
        filters: {
          events: [
            {
              id: "startup_plan_customer_added",
              name: "startup_plan_customer_added",
              type: "events",
              order: 0,
            },
          ],
          properties: [
            {
              key: "email",
              type: "person",
              value: "is_set",
              operator: "is_set",
            },
          ],
          filter_test_accounts: false,
        },
      },
      output_variable: null,
    },
    {
      id: "action_delay_12h",
      name: "Wait for billing to settle",
      description: "",
      on_error: "continue",
      created_at: 1741079564120,
      updated_at: 1741079564120,
      filters: null,
      type: "delay",
      config: { delay_duration: "12h" },
      output_variable: null,
    },
    {
      id: "action_still_eligible",
      name: "Still eligible?",
      description: "Skip people who don't belong here (backfill duplicates, plan changes).",
      on_error: "continue",
      created_at: 1747756990551,
      updated_at: 1747756990551,
      filters: null,
      type: "conditional_branch",
      config: {
        conditions: [
          {
            name: "On a startup plan",
            filters: {
              properties: [
                {
                  key: "plan",
                  type: "person",
                  value: ["startup", "yc"],
                  operator: "exact",
                },
              ],
            },
          },
        ],
      },
      output_variable: null,
    },
    {
      id: "action_send_credits",
      name: "Credits granted",
      description: "",
      on_error: "continue",
      created_at: 1741079601870,
      updated_at: 1741079601870,
      filters: null,
      type: "function_email",
      config: {
        message_category_type: "transactional",
        template_id: "template-email",
        inputs: {
          email: {
            value: {
              to: {
                name: "{{ person.properties.name }}",
                email: "{{ person.properties.email }}",
              },
              from: { name: "Acme", email: "hello@acme.example" },
              subject: "Your startup credits are here",
              text: "Hi {{ person.properties.name }}, $5,000 in credits are now on your account.",
              html: "<p>Hi {{ person.properties.name }}, $5,000 in credits are now on your account.</p>",
            },
          },
        },
      },
      output_variable: null,
    },
    {
      id: "action_wait_for_usage",
      name: "Wait until credits are used",
      description: "",
      on_error: "continue",
      created_at: 1741079633012,
      updated_at: 1741079633012,
      filters: null,
      type: "wait_until_condition",
      config: {
        condition: { filters: {} },
        events: [
          {
            filters: {
              events: [
                {
                  id: "credits_used",
                  name: "credits_used",
                  type: "events",
                  order: 0,
                },
              ],
            },
          },
        ],
        max_wait_duration: "30d",
      },
      output_variable: null,
    },
    {
      id: "action_credits_cancelled",
      name: "Credits cancelled",
      description: "Final message of the campaign.",
      on_error: "continue",
      created_at: 1741079680402,
      updated_at: 1741079680402,
      filters: null,
      type: "function_email",
      config: {
        message_category_type: "transactional",
        template_id: "template-email",
        inputs: {
          email: {
            value: {
              to: {
                name: "{{ person.properties.name }}",
                email: "{{ person.properties.email }}",
              },
              from: { name: "Acme", email: "hello@acme.example" },
              subject: "Your credits were cancelled",
              text: "Your startup credits were not used within 30 days and have been cancelled.",
              html: "<p>Your startup credits were not used within 30 days and have been cancelled.</p>",
            },
          },
        },
      },
      output_variable: null,
    },
    {
      id: "exit_node",
      name: "Exit",
      description: "",
      on_error: null,
      created_at: 0,
      updated_at: 0,
      filters: null,
      type: "exit",
      config: { reason: "Default exit" },
      output_variable: null,
    },
  ],
});
