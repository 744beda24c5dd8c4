package main

import (
	"log/slog"
	"net/http"

	"github.com/labwire/labwire/rupa"
	"github.com/labwire/labwire/webhook"
)

// newReceiver returns the webhook endpoint: Rupa's deliveries verified with a body HMAC in
// header (Rupa's scheme is not public; adjust it to what Rupa tells you), deduplicated by
// event id, and processed before the answer (webhook.WithSync), so that a failure answers
// 500 and Rupa redelivers, for up to three days. logger may be nil.
func newReceiver(header, secret string, s *syncer, logger *slog.Logger) (*webhook.Handler, error) {
	v, err := webhook.NewBodyHMAC(header, [][]byte{[]byte(secret)})
	if err != nil {
		return nil, err
	}
	opts := []webhook.HandlerOption{webhook.WithSync()}
	if logger != nil {
		opts = append(opts, webhook.WithLogger(logger))
	}
	return rupa.NewWebhookHandler(v, s.handlers(), opts...)
}

var _ http.Handler = (*webhook.Handler)(nil)
