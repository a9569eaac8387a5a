// The Stripe webhook that cancelled without the retention offer (CD301).
package billing

import (
	"encoding/json"
	"net/http"

	"github.com/stripe/stripe-go/v76"
)

func (h *Handler) StripeWebhook(w http.ResponseWriter, r *http.Request) {
	var event stripe.Event
	if err := json.NewDecoder(r.Body).Decode(&event); err != nil {
		http.Error(w, "bad payload", http.StatusBadRequest)
		return
	}
	if event.Type == "customer.subscription.updated" && event.GetObjectValue("cancel_at_period_end") == "true" {
		h.subscriptions.CancelSubscription(r.Context(), event.GetObjectValue("customer"))
	}
	w.WriteHeader(http.StatusOK)
}

func (h *Handler) Cancel(w http.ResponseWriter, r *http.Request) {
	team := r.URL.Query().Get("team")
	offer, _ := h.retention.GetRetentionOffer(r.Context(), team)
	if offer != nil {
		json.NewEncoder(w).Encode(offer)
		return
	}
	h.subscriptions.CancelSubscription(r.Context(), team)
}
