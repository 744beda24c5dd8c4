package main

import (
	"log/slog"
	"net/http"

	"github.com/labwire/labwire/rupa"
	"github.com/labwire/labwire/webhook"
	"github.com/labwire/labwire/webhook/dispatch"
)

// newReceiver returns the webhook endpoint: Rupa's deliveries verified with a body HMAC in
// header (Rupa's scheme is not public; adjust it to what Rupa tells you), deduplicated by
// event id, and processed before the answer (dispatch.WithSync), so that a failure a
// redelivery can fix answers 500 and Rupa redelivers, for up to three days. A failure it
// cannot fix (an event that does not parse, one without the practitioner to match the clinic
// by, a write whose outcome is unknown) goes to the dead-letter function, which prints it, and
// is acknowledged. logger may be nil.
func newReceiver(header, secret string, s *syncer, logger *slog.Logger) (*dispatch.Handler, error) {
	v, err := webhook.NewBodyHMAC(header, []string{secret})
	if err != nil {
		return nil, err
	}
	opts := []dispatch.HandlerOption{dispatch.WithSync(), dispatch.WithDeadLetter(s.deadLetter)}
	if logger != nil {
		opts = append(opts, dispatch.WithLogger(logger))
	}
	return rupa.NewWebhookHandler(v, s.handlers().Dispatch, opts...)
}

var _ http.Handler = (*dispatch.Handler)(nil)
