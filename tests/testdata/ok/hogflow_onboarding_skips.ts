// hogflow_onboarding_skips.json as a @posthog/definitions file (tests/lk_hogflow_ts.py writes it).
import { hogFlow } from "@posthog/definitions";

export default hogFlow({
  key: "Onboarding nudges",
  name: "Onboarding nudges",
  description: "Tips in the first week; each email only goes to people it still applies to.",
  status: "active",
  trigger: {
    type: "event",
    filters: {
      events: [{ id: "signed_up", name: "signed_up", type: "events", order: 0 }],
      properties: [
        {
          key: "$is_identified",
          type: "event",
          value: ["true"],
          operator: "exact",
        },
      ],
      filter_test_accounts: true,
    },
  },
  triggerMasking: { hash: "{person.id}", ttl: null, threshold: null },
  conversion: {
    filters: [],
    events: [
      {
        filters: {
          events: [
            {
              id: "onboarding_completed",
              name: "onboarding_completed",
              type: "events",
            },
          ],
        },
      },
    ],
    window_minutes: 10080,
  },
  exitCondition: "exit_on_conversion",
  email_sending_rate_limit: { count: 500, period: "hour" },
  edges: [
    { from: "trigger_node", to: "delay_1d", type: "continue" },
    { from: "delay_1d", to: "email_connect_data", type: "continue" },
    { from: "email_connect_data", to: "delay_2d", type: "continue" },
    { from: "delay_2d", to: "email_invite_team", type: "continue" },
    { from: "email_invite_team", to: "morning", type: "continue" },
    { from: "morning", to: "sms_book_call", type: "continue" },
    { from: "sms_book_call", to: "exit_node", type: "continue" },
  ],
  actions: [
    {
      id: "trigger_node",
      name: "Signed up",
      description: "",
      type: "trigger",
      filters: null,
      config: {
        type: "event",
        filters: {
          events: [{ id: "signed_up", name: "signed_up", type: "events", order: 0 }],
        },
      },
    },
    {
      id: "delay_1d",
      name: "Wait a day",
      description: "",
      type: "delay",
      filters: null,
      config: { delay_duration: "1d" },
    },
    {
      id: "email_connect_data",
      name: "Connect your data",
      description: "Only for people who have not connected a source yet.",
      type: "function_email",
      filters: {
        properties: [
          {
            key: "data_source_connected",
            type: "person",
            value: "is_not_set",
            operator: "is_not_set",
          },
        ],
      },
      config: {
        template_id: "template-email",
        inputs: {
          email: {
            value: {
              to: { email: "{{ person.properties.email }}" },
              from: { email: "team@acme.example" },
              subject: "Connect your first data source",
              text: "It takes two minutes.",
            },
          },
        },
      },
    },
    {
      id: "delay_2d",
      name: "Wait two days",
      description: "",
      type: "delay",
      filters: null,
      config: { delay_duration: "2d" },
    },
    {
      id: "email_invite_team",
      name: "Invite your team",
      description: "Solo accounts only.",
      type: "function_email",
      filters: {
        properties: [{ key: "team_size", type: "person", value: "2", operator: "lt" }],
      },
      config: {
        template_id: "template-email",
        inputs: {
          email: {
            value: {
              to: { email: "{{ person.properties.email }}" },
              from: { email: "team@acme.example" },
              subject: "Acme is better with your team",
              text: "Invite a colleague.",
            },
          },
        },
      },
    },
    {
      id: "morning",
      name: "Weekday morning",
      description: "",
      type: "wait_until_time_window",
      filters: null,
      config: {
        timezone: null,
        use_person_timezone: true,
        fallback_timezone: "UTC",
        day: "weekday",
        time: ["09:00", "11:00"],
      },
    },
    {
      id: "sms_book_call",
      name: "Offer a call",
      description: "Only people who gave a phone number.",
      type: "function_sms",
      filters: {
        properties: [{ key: "phone", type: "person", value: "is_set", operator: "is_set" }],
      },
      config: {
        template_id: "template-twilio",
        inputs: {
          to_number: { value: "{{ person.properties.phone }}" },
          message: { value: "Want a 15 minute setup call? Reply YES." },
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
