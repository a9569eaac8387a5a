// A file someone left half-edited: tree-sitter cannot read line 4 (TS001).
export function startCheckout(plan) {
  return fetch("/api/checkout", {
    method: "POST",
    body: JSON.stringify({ plan }
  });
}
