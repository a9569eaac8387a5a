// The corrected build of examples/demo/posthog/hog-flows/startup-credits-backfill.ts:
// people who are no longer eligible leave at the exit instead of being sent
// "Your credits were cancelled", and a person enters once (triggerMasking).
import { hogFlow } from "@posthog/definitions";

// Every message of this campaign: transactional, from the same sender.
const transactional = {
  message_category_type: "transactional",
  template_id: "template-email",
} as const;
const to = { name: "{{ person.properties.name }}", email: "{{ person.properties.email }}" };
const from = { name: "Acme", email: "hello@acme.example" };

export default hogFlow({
  key: "startup-credits-backfill",
  name: "Startup credits (backfill)",
  description: "Credits for startup-plan customers found by the backfill.",
  status: "active",
  exitCondition: "exit_only_at_end",
  triggerMasking: { hash: "{person.id}" },
  actions: [
    {
      id: "trigger",
      type: "trigger",
      name: "Backfilled startup customer",
      config: {
        type: "event",
        filters: {
          events: [{ id: "startup_plan_customer_added_backfill", type: "events" }],
          properties: [{ key: "email", type: "person", value: "is_set", operator: "is_set" }],
        },
      },
    },
    { id: "wait_12h", type: "delay", name: "Wait for billing", config: { delay_duration: "12h" } },
    {
      id: "still_eligible",
      type: "conditional_branch",
      name: "Still eligible?",
      description: "Skip people who don't belong here (duplicates, plan changes).",
      config: {
        conditions: [
          {
            name: "On a startup plan",
            filters: {
              properties: [
                { key: "plan", type: "person", value: ["startup", "yc"], operator: "exact" },
              ],
            },
          },
        ],
      },
    },
    {
      id: "send_credits",
      type: "function_email",
      name: "Credits granted",
      config: {
        ...transactional,
        inputs: {
          email: {
            value: {
              to,
              from,
              subject: "Your startup credits are here",
              text: `Hi {{ person.properties.name }}, $5,000 in credits are on your account.`,
            },
          },
        },
      },
    },
    {
      id: "wait_for_usage",
      type: "wait_until_condition",
      name: "Wait until credits are used",
      config: {
        condition: { filters: {} },
        events: [{ filters: { events: [{ id: "credits_used", type: "events" }] } }],
        max_wait_duration: "30d",
      },
    },
    {
      id: "credits_cancelled",
      type: "function_email",
      name: "Credits cancelled",
      config: {
        ...transactional,
        inputs: {
          email: {
            value: {
              to,
              from,
              subject: "Your credits were cancelled",
              text: `Your startup credits were not used within 30 days and have been cancelled.`,
            },
          },
        },
      },
    },
    { id: "exit", type: "exit", name: "Exit", config: { reason: "Default exit" } },
  ],
  edges: [
    { from: "trigger", to: "wait_12h", type: "continue" },
    { from: "wait_12h", to: "still_eligible", type: "continue" },
    { from: "still_eligible", to: "send_credits", type: "branch", index: 0 },
    { from: "still_eligible", to: "exit", type: "continue" },
    { from: "send_credits", to: "wait_for_usage", type: "continue" },
    { from: "wait_for_usage", to: "exit", type: "branch", index: 0 },
    { from: "wait_for_usage", to: "credits_cancelled", type: "continue" },
    { from: "credits_cancelled", to: "exit", type: "continue" },
  ],
});
