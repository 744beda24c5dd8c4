package workpathtest

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/labwire/labwire/internal/fake"
	"github.com/labwire/labwire/webhook"
)

// SignatureHeader is the header the fake signs deliveries in.
const SignatureHeader = "WP-Signature"

// Delivery is one webhook POST the fake made.
type Delivery struct {
	WebhookID int64
	URL       string
	Action    string
	// Body is the exact bytes sent; Signature the WP-Signature header.
	Body      []byte
	Signature string
	// StatusCode is the receiver's answer, 0 when the POST failed.
	StatusCode int
	// Err is the transport error, nil when the receiver answered.
	Err error
}

// pending is one event to deliver to the subscriptions that want it, built under s.mu and
// sent after it is released (a receiver may call the fake back).
type pending struct {
	body    []byte
	action  string
	targets []Webhook
}

// event renders the event of a on the subscriptions of its client that asked for action;
// the caller holds s.mu.
func (s *Server) event(a *Appointment, action string) *pending {
	var targets []Webhook
	for _, wh := range s.webhooks {
		if wh.client != a.client {
			continue
		}
		if (action == "create" && wh.Create) || (action == "modify" && wh.Modify) || (action == "destroy" && wh.Destroy) {
			targets = append(targets, *wh)
		}
	}
	if len(targets) == 0 {
		return nil
	}
	slices.SortFunc(targets, func(x, y Webhook) int { return int(x.ID - y.ID) })
	body, _ := json.Marshal(map[string]any{"type": "Appointment", "action": action, "eventTs": s.now().Unix(), "data": a})
	return &pending{body: body, action: action, targets: targets}
}

// deliver POSTs ev to each target once, signed "t=<unix>,v1=<hex HMAC-SHA256(secret, t.body)>"
// with t equal to eventTs. No retries: Workpath documents none.
func (s *Server) deliver(ev *pending) {
	if ev == nil {
		return
	}
	for _, wh := range ev.targets {
		sig := webhook.SignTimestamped(s.now(), ev.body, wh.Secret)
		d := Delivery{WebhookID: wh.ID, URL: wh.URL, Action: ev.action, Body: ev.body, Signature: sig}
		req, err := http.NewRequestWithContext(context.Background(), http.MethodPost, wh.URL, bytes.NewReader(ev.body))
		if err == nil {
			req.Header.Set("Content-Type", "application/json")
			req.Header.Set(SignatureHeader, sig)
			req.Header.Set("User-Agent", "workpathtest")
			var resp *http.Response
			resp, err = s.webhookClient.Do(req)
			if err == nil {
				d.StatusCode = resp.StatusCode
				_ = resp.Body.Close()
			}
		}
		d.Err = err
		s.mu.Lock()
		s.deliveries = append(s.deliveries, d)
		s.mu.Unlock()
	}
}

// Deliveries returns every webhook POST made so far, in order.
func (s *Server) Deliveries() []Delivery {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Delivery, len(s.deliveries))
	copy(out, s.deliveries)
	return out
}

// webhookBody is the create/update body; "delete" (the tables' name) is accepted for
// "destroy" (every example's).
type webhookBody struct {
	URL     string `json:"url"`
	Create  *bool  `json:"create"`
	Modify  *bool  `json:"modify"`
	Destroy *bool  `json:"destroy"`
	Delete  *bool  `json:"delete"`
}

func (b *webhookBody) problem() problem {
	u, err := url.Parse(b.URL)
	if b.URL == "" || err != nil || u.Host == "" || (u.Scheme != "https" && u.Scheme != "http") {
		return problem(MessageMissing("url"))
	}
	return ""
}

func boolOf(p *bool) bool { return p != nil && *p }

func (s *Server) handleCreateWebhook(w http.ResponseWriter, r *http.Request) {
	var b webhookBody
	if !readJSON(w, r, &b) {
		return
	}
	if pr := b.problem(); pr != "" {
		badRequest(w, pr)
		return
	}
	secret := make([]byte, 24)
	_, _ = rand.Read(secret)
	s.mu.Lock()
	wh := &Webhook{ID: s.id(), URL: b.URL, Create: boolOf(b.Create), Modify: boolOf(b.Modify),
		Destroy: boolOf(b.Destroy) || boolOf(b.Delete), Secret: base64.StdEncoding.EncodeToString(secret),
		OrganizationID: 1001, client: clientOf(r.Context())}
	s.webhooks[wh.ID] = wh
	out := *wh
	s.mu.Unlock()
	fake.WriteJSON(w, http.StatusOK, out)
}

func (s *Server) webhook(w http.ResponseWriter, r *http.Request) (*Webhook, bool) {
	id, ok := pathID(w, r, "id")
	if !ok {
		return nil, false
	}
	wh := s.webhooks[id]
	if wh == nil || wh.client != clientOf(r.Context()) {
		notFound(w)
		return nil, false
	}
	return wh, true
}

func (s *Server) handleGetWebhook(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	wh, ok := s.webhook(w, r)
	var out Webhook
	if ok {
		out = *wh
	}
	s.mu.Unlock()
	if ok {
		fake.WriteJSON(w, http.StatusOK, out)
	}
}

func (s *Server) handleListWebhooks(w http.ResponseWriter, r *http.Request) {
	client := clientOf(r.Context())
	s.mu.Lock()
	out := []Webhook{}
	for _, wh := range s.webhooks {
		if wh.client == client {
			out = append(out, *wh)
		}
	}
	s.mu.Unlock()
	slices.SortFunc(out, func(x, y Webhook) int { return int(x.ID - y.ID) })
	fake.WriteJSON(w, http.StatusOK, out)
}

func (s *Server) handleUpdateWebhook(w http.ResponseWriter, r *http.Request) {
	var b webhookBody
	if !readJSON(w, r, &b) {
		return
	}
	if pr := b.problem(); pr != "" {
		badRequest(w, pr)
		return
	}
	s.mu.Lock()
	wh, ok := s.webhook(w, r)
	var out Webhook
	if ok {
		wh.URL, wh.Create, wh.Modify, wh.Destroy = b.URL, boolOf(b.Create), boolOf(b.Modify), boolOf(b.Destroy) || boolOf(b.Delete)
		out = *wh
	}
	s.mu.Unlock()
	if ok {
		fake.WriteJSON(w, http.StatusOK, out)
	}
}

func (s *Server) handleDeleteWebhook(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	wh, ok := s.webhook(w, r)
	if ok {
		delete(s.webhooks, wh.ID)
	}
	rid := s.id()
	s.mu.Unlock()
	if ok {
		fake.WriteJSON(w, http.StatusOK, map[string]int64{"request_id": rid})
	}
}

// AddWebhook subscribes url for client's appointments (as POST /webhooks would) and returns
// the subscription with its secret, for tests that do not go through the API.
func (s *Server) AddWebhook(client, rawURL string) Webhook {
	s.mu.Lock()
	defer s.mu.Unlock()
	wh := &Webhook{ID: s.id(), URL: rawURL, Create: true, Modify: true, Destroy: true,
		Secret: "workpathtest-" + strings.Repeat("s", 24), OrganizationID: 1001, client: client}
	s.webhooks[wh.ID] = wh
	return *wh
}
