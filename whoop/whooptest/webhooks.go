package whooptest

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"

	"github.com/labwire/labwire/webhook"
)

// SignatureHeader is the header that carries the signature of a WHOOP
// partner webhook: the lowercase hex HMAC-SHA256 of the raw body, keyed with
// the partner's webhook signing secret. It is spelt as WHOOP's docs spell it,
// not in Go's canonical form ("Whoop-Signed"): read it with
// [http.Header.Get], never by indexing the header map.
const SignatureHeader = "WHOOP-Signed"

// SetWebhookURL sets the URL that receives the webhooks of the partner with
// client id clientID (see [Partner.WebhookURL]); empty turns delivery off.
func (s *Server) SetWebhookURL(clientID, url string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	p, ok := s.partners[clientID]
	if !ok {
		return fmt.Errorf("whooptest: SetWebhookURL: unknown partner client id %q", clientID)
	}
	p.WebhookURL = url
	return nil
}

// SendWebhook delivers e to url as WHOOP does: a POST of
// {"event_type":…,"resource_id":…} with Content-Type application/json and
// the WHOOP-Signed header computed with the webhook secret of the partner
// with client id clientID. An empty url means the partner's webhook URL,
// and then nothing is sent (and 0, nil returned) if it has none. It makes
// one attempt and returns the receiver's status code; WHOOP expects 204.
// The response body is read (up to 64 KiB) and discarded.
func (s *Server) SendWebhook(ctx context.Context, clientID, url string, e Event) (status int, err error) {
	s.mu.Lock()
	p, ok := s.partners[clientID]
	var secret string
	if ok {
		secret = p.WebhookSecret
		if url == "" {
			url = p.WebhookURL
		}
	}
	s.mu.Unlock()
	if !ok {
		return 0, fmt.Errorf("whooptest: SendWebhook: unknown partner client id %q", clientID)
	}
	if url == "" {
		return 0, nil
	}
	body, err := json.Marshal(e)
	if err != nil {
		return 0, fmt.Errorf("whooptest: SendWebhook: %w", err)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(body))
	if err != nil {
		return 0, fmt.Errorf("whooptest: SendWebhook: %w", err)
	}
	req.Header.Set("Content-Type", "application/json")
	// Set as WHOOP spells it; HTTP header names are case-insensitive.
	req.Header[SignatureHeader] = []string{webhook.SignBody(secret, body)}
	resp, err := s.webhookClient.Do(req)
	if err != nil {
		return 0, fmt.Errorf("whooptest: SendWebhook: %w", err)
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	return resp.StatusCode, nil
}
