// Values lintkit cannot read without running the code, where the checks need them
// (one HF013 each), and where they do not (an email's body and addresses).
import { hogFlow } from "@posthog/definitions";
import { SIGNUP_EVENT } from "../events/signup";

const stepId = (name: string) => `action_${name}`;
let target = "exit_node";

export default hogFlow({
  key: "welcome",
  name: "Welcome",
  actions: [
    {
      id: "trigger_node",
      type: "trigger",
      config: { type: "event", filters: { events: [{ id: SIGNUP_EVENT, type: "events" }] } },
    },
    {
      id: stepId("welcome"),
      type: "function_email",
      name: "Welcome",
      config: {
        template_id: "template-email",
        inputs: {
          email: {
            value: {
              to: { email: `${"{{ person.properties.email }}"}` },
              subject: "Welcome aboard",
              html: renderWelcome(),
            },
          },
        },
      },
    },
    { id: "exit_node", type: "exit", config: {} },
  ],
  edges: [
    { from: "trigger_node", to: "action_welcome", type: "continue" },
    { from: "action_welcome", to: target, type: "continue" },
  ],
});
