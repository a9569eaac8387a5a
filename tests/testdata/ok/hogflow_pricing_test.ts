// hogflow_pricing_test.json as a @posthog/definitions file (tests/lk_hogflow_ts.py writes it).
import { hogFlow } from "@posthog/definitions";

export default hogFlow({
  key: "Annual plan offer (A/B)",
  name: "Annual plan offer (A/B)",
  status: "active",
  trigger: {
    type: "event",
    filters: {
      events: [
        {
          id: "pricing_page_viewed",
          name: "pricing_page_viewed",
          type: "events",
          order: 0,
        },
      ],
      properties: [{ key: "email", type: "person", value: "is_set", operator: "is_set" }],
    },
  },
  triggerMasking: { hash: "{person.id}", ttl: 2592000, threshold: null },
  exitCondition: "exit_on_conversion",
  conversion: {
    filters: [
      {
        key: "billing_period",
        type: "person",
        value: ["annual"],
        operator: "exact",
      },
    ],
    window_minutes: null,
  },
  email_sending_rate_limit: { count: 200, period: "minute" },
  edges: [
    { from: "trigger_node", to: "split", type: "continue" },
    { from: "split", to: "email_discount", type: "branch", index: 0 },
    { from: "split", to: "email_plain", type: "branch", index: 1 },
    { from: "split", to: "exit_node", type: "continue" },
    { from: "email_discount", to: "wait_upgrade", type: "continue" },
    { from: "email_plain", to: "wait_upgrade", type: "continue" },
    { from: "wait_upgrade", to: "notify_sales", type: "branch", index: 0 },
    { from: "wait_upgrade", to: "route_by_plan", type: "continue" },
    { from: "route_by_plan", to: "email_team_offer", type: "branch", index: 0 },
    {
      from: "route_by_plan",
      to: "email_startup_offer",
      type: "branch",
      index: 1,
    },
    { from: "route_by_plan", to: "exit_node", type: "continue" },
    { from: "email_team_offer", to: "exit_node", type: "continue" },
    { from: "email_startup_offer", to: "exit_node", type: "continue" },
    { from: "notify_sales", to: "exit_node", type: "continue" },
  ],
  actions: [
    {
      id: "trigger_node",
      name: "Viewed pricing",
      description: "",
      type: "trigger",
      filters: null,
      config: {
        type: "event",
        filters: { events: [{ id: "pricing_page_viewed", type: "events" }] },
      },
    },
    {
      id: "split",
      name: "Split 50/50",
      description: "",
      type: "random_cohort_branch",
      filters: null,
      config: {
        cohorts: [
          { percentage: 50, name: "Discount" },
          { percentage: 50, name: "Control" },
        ],
      },
    },
    {
      id: "email_discount",
      name: "Annual plan, 20% off",
      description: "",
      type: "function_email",
      filters: null,
      config: {
        template_id: "template-email",
        inputs: {
          email: {
            value: {
              to: { email: "{{ person.properties.email }}" },
              subject: "20% off when you go annual",
            },
          },
        },
      },
    },
    {
      id: "email_plain",
      name: "Annual plan",
      description: "",
      type: "function_email",
      filters: null,
      config: {
        template_id: "template-email",
        inputs: {
          email: {
            value: {
              to: { email: "{{ person.properties.email }}" },
              subject: "Save with an annual plan",
            },
          },
        },
      },
    },
    {
      id: "wait_upgrade",
      name: "Wait for an upgrade",
      description: "",
      type: "wait_until_condition",
      filters: null,
      config: {
        condition: {
          filters: {
            properties: [
              {
                key: "billing_period",
                type: "person",
                value: ["annual"],
                operator: "exact",
              },
            ],
          },
        },
        max_wait_duration: "7d",
      },
    },
    {
      id: "notify_sales",
      name: "Tell sales in Slack",
      description: "",
      type: "function",
      filters: null,
      config: {
        template_id: "template-slack",
        inputs: {
          channel: { value: "#sales" },
          text: { value: "{{ person.properties.email }} went annual" },
        },
      },
    },
    {
      id: "route_by_plan",
      name: "Which plan?",
      description: "",
      type: "conditional_branch",
      filters: null,
      config: {
        conditions: [
          {
            name: "Team",
            filters: {
              properties: [
                {
                  key: "plan",
                  type: "person",
                  value: ["team_legacy", "team_basic"],
                  operator: "exact",
                },
              ],
            },
          },
          {
            name: "Startup",
            filters: {
              properties: [
                {
                  key: "plan",
                  type: "person",
                  value: "startup",
                  operator: "exact",
                },
              ],
            },
          },
        ],
      },
    },
    {
      id: "email_team_offer",
      name: "Team offer",
      description: "",
      type: "function_email",
      filters: null,
      config: {
        template_id: "template-email",
        inputs: {
          email: {
            value: {
              to: { email: "{{ person.properties.email }}" },
              subject: "An offer for your team",
            },
          },
        },
      },
    },
    {
      id: "email_startup_offer",
      name: "Startup offer",
      description: "",
      type: "function_email",
      filters: null,
      config: {
        template_id: "template-email",
        inputs: {
          email: {
            value: {
              to: { email: "{{ person.properties.email }}" },
              subject: "An offer for startups",
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
      config: {},
    },
  ],
});
