// A hogFlow file cut short by a bad merge: one WF001 where TypeScript stops parsing.
import { hogFlow } from "@posthog/definitions";

export default hogFlow({
  key: "welcome",
  name: "Welcome",
  actions: [
    { id: "trigger", type: "trigger", config: { type: "event", filters: {} } },
    { id: "exit", type: "exit", config: {} }
    { id: "wait", type: "delay", config: { delay_duration: "1d" } },
  ],
  edges: [{ from: "trigger", to: "exit", type: "continue" }],
});
