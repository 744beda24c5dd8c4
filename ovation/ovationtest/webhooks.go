package ovationtest

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/labwire/labwire/internal/fake"
)

// Delivery is one webhook delivery attempt the fake made.
type Delivery struct {
	// EventID is the webhook endpoint event (see the events list route).
	EventID int64
	// EventType and Body are what was sent.
	EventType string
	Body      []byte
	// Status is the receiver's answer, 0 when the request failed.
	Status int
}

// WebhookEndpoint is an endpoint to add with AddWebhookEndpoint.
type WebhookEndpoint struct {
	// TargetURL receives the deliveries of Event (an event type such as "report_signed"),
	// sent with Username and Password as HTTP Basic credentials. All four are required.
	TargetURL, Event, Username, Password string
	// RequestHeaders are added to each delivery.
	RequestHeaders map[string]string
}

// AddWebhookEndpoint registers an endpoint of the template, as the create route does, and
// returns its id.
func (s *Server) AddWebhookEndpoint(templateID int64, e WebhookEndpoint) (int64, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.st.templates[templateID] == nil {
		return 0, errors.New("ovationtest: AddWebhookEndpoint: unknown template")
	}
	if e.TargetURL == "" || e.Event == "" || e.Username == "" || e.Password == "" {
		return 0, errors.New("ovationtest: AddWebhookEndpoint: TargetURL, Event, Username and Password are required")
	}
	ep := &endpoint{id: s.st.next(), templateID: templateID, targetURL: e.TargetURL, event: e.Event,
		username: e.Username, password: e.Password, headers: e.RequestHeaders}
	s.st.endpoints[ep.id] = ep
	return ep.id, nil
}

// Deliveries returns every delivery attempt so far, in order.
func (s *Server) Deliveries() []Delivery {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.fired)
}

// fire delivers an event to every endpoint of the template subscribed to its type. It must
// be called without s.mu held. Each delivery is one attempt, as Ovation's first: a failed
// one is left send-failed for the retry route (Ovation's own retries at 64 s and 729 s are
// not simulated).
func (s *Server) fire(templateID int64, eventType, identifier string, payload map[string]any) {
	body, _ := json.Marshal(payload)
	s.mu.Lock()
	var evs []*event
	for _, id := range sortedKeys(s.st.endpoints) {
		ep := s.st.endpoints[id]
		if ep.templateID == templateID && ep.event == eventType {
			ev := &event{id: s.st.next(), endpointID: ep.id, templateID: templateID, eventType: eventType,
				status: "pending", identifier: identifier, body: body}
			s.st.events = append(s.st.events, ev)
			evs = append(evs, ev)
		}
	}
	s.mu.Unlock()
	for _, ev := range evs {
		s.deliver(ev)
	}
}

// deliver makes one attempt of ev, with the endpoint's Basic credentials and headers.
func (s *Server) deliver(ev *event) {
	s.mu.Lock()
	ep := s.st.endpoints[ev.endpointID]
	s.mu.Unlock()
	status := 0
	msg := ""
	req, err := http.NewRequestWithContext(context.Background(), http.MethodPost, ep.targetURL, bytes.NewReader(ev.body))
	if err == nil {
		for k, v := range ep.headers {
			req.Header.Set(k, v)
		}
		req.Header.Set("Content-Type", "application/json")
		req.SetBasicAuth(ep.username, ep.password)
		resp, err := s.webhookClient.Do(req)
		if err == nil {
			status = resp.StatusCode
			b, _ := io.ReadAll(io.LimitReader(resp.Body, 1<<10))
			_ = resp.Body.Close()
			msg = strings.TrimSpace(string(b))
		} else {
			msg = "request failed"
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	ev.lastSent = s.now()
	ev.status = "sent"
	if status < 200 || status > 299 {
		ev.status = "send-failed"
	}
	ev.responseMsg = msg
	s.fired = append(s.fired, Delivery{EventID: ev.id, EventType: ev.eventType, Body: slices.Clone(ev.body), Status: status})
}

func sortedKeys[V any](m map[int64]V) []int64 {
	ks := make([]int64, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	slices.Sort(ks)
	return ks
}

func endpointJSON(ep *endpoint) map[string]any {
	h := map[string]string{}
	for k, v := range ep.headers {
		h[k] = v
	}
	return map[string]any{"id": ep.id, "target_url": ep.targetURL, "event": ep.event, "username": ep.username,
		"project_requisition_template_association_id": ep.templateID, "requestHeaders": h}
}

func (s *Server) listEndpoints(w http.ResponseWriter, r *http.Request) {
	t, ok := s.template(w, r)
	if !ok {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	out := []any{}
	for _, id := range sortedKeys(s.st.endpoints) {
		if ep := s.st.endpoints[id]; ep.templateID == t.ID {
			out = append(out, endpointJSON(ep))
		}
	}
	fake.WriteJSON(w, http.StatusOK, map[string]any{"webhook_endpoint": out})
}

// endpointBody reads {"webhookEndpoint": {...}}.
func endpointBody(w http.ResponseWriter, r *http.Request) (map[string]any, bool) {
	body, ok := readBody(w, r)
	if !ok {
		return nil, false
	}
	in, _ := body["webhookEndpoint"].(map[string]any)
	if in == nil {
		writeErrors(w, http.StatusUnprocessableEntity, map[string][]string{"webhookEndpoint": {"is required"}})
		return nil, false
	}
	return in, true
}

func (s *Server) createEndpoint(w http.ResponseWriter, r *http.Request) {
	t, ok := s.template(w, r)
	if !ok {
		return
	}
	in, ok := endpointBody(w, r)
	if !ok {
		return
	}
	e := WebhookEndpoint{}
	e.TargetURL, _ = in["targetUrl"].(string)
	e.Username, _ = in["username"].(string)
	e.Password, _ = in["password"].(string)
	e.Event, _ = in["event"].(string)
	id, err := s.AddWebhookEndpoint(t.ID, e)
	if err != nil {
		writeErrors(w, http.StatusUnprocessableEntity, map[string][]string{"webhookEndpoint": {"targetUrl, username, password and event are required"}})
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	fake.WriteJSON(w, http.StatusCreated, endpointJSON(s.st.endpoints[id]))
}

func (s *Server) endpointOf(w http.ResponseWriter, r *http.Request) (*endpoint, bool) {
	t, ok := s.template(w, r)
	if !ok {
		return nil, false
	}
	id, ok := pathID(w, r, "id")
	if !ok {
		return nil, false
	}
	s.mu.Lock()
	ep := s.st.endpoints[id]
	s.mu.Unlock()
	if ep == nil || ep.templateID != t.ID {
		notFound(w, "Webhook endpoint not found")
		return nil, false
	}
	return ep, true
}

func (s *Server) getEndpoint(w http.ResponseWriter, r *http.Request) {
	ep, ok := s.endpointOf(w, r)
	if !ok {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	fake.WriteJSON(w, http.StatusOK, endpointJSON(ep))
}

func (s *Server) updateEndpoint(w http.ResponseWriter, r *http.Request) {
	ep, ok := s.endpointOf(w, r)
	if !ok {
		return
	}
	in, ok := endpointBody(w, r)
	if !ok {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	for k, dst := range map[string]*string{"targetUrl": &ep.targetURL, "username": &ep.username, "password": &ep.password, "event": &ep.event} {
		if v, ok := in[k].(string); ok && v != "" {
			*dst = v
		}
	}
	fake.WriteJSON(w, http.StatusOK, endpointJSON(ep))
}

// eventParams are the documented filters of the events list; another one is 422.
var eventParams = []string{"projectTemplateIds", "webhookEndpointIds", "eventStatus", "startDate", "endDate", "perPage", "page"}

func (s *Server) listEvents(w http.ResponseWriter, r *http.Request) {
	org, ok := pathID(w, r, "org")
	if !ok {
		return
	}
	q := r.URL.Query()
	for k := range q {
		if !slices.Contains(eventParams, k) {
			writeErrors(w, http.StatusUnprocessableEntity, strconv.Quote(k)+" not found")
			return
		}
	}
	page, perPage := 1, 1000
	if v := q.Get("page"); v != "" {
		page, _ = strconv.Atoi(v)
	}
	if v := q.Get("perPage"); v != "" {
		perPage, _ = strconv.Atoi(v)
	}
	if page < 1 || perPage < 1 || perPage > 1000 {
		writeErrors(w, http.StatusUnprocessableEntity, map[string][]string{"perPage": {"must be between 1 and 1000"}})
		return
	}
	split := func(k string) []string {
		if v := q.Get(k); v != "" {
			return strings.Split(v, ",")
		}
		return nil
	}
	tids, eids, status := split("projectTemplateIds"), split("webhookEndpointIds"), q.Get("eventStatus")
	s.mu.Lock()
	defer s.mu.Unlock()
	var match []*event
	for _, ev := range s.st.events {
		t := s.st.templates[ev.templateID]
		if t.OrganizationID != org || (status != "" && ev.status != status) ||
			(tids != nil && !slices.Contains(tids, strconv.FormatInt(ev.templateID, 10))) ||
			(eids != nil && !slices.Contains(eids, strconv.FormatInt(ev.endpointID, 10))) {
			continue
		}
		match = append(match, ev)
	}
	from, to := pageBounds(page, perPage, len(match))
	evs, eps := []any{}, []any{}
	seen := map[int64]bool{}
	for _, ev := range match[from:to] {
		m := map[string]any{"id": ev.id, "status": ev.status, "eventType": ev.eventType, "responseMsg": ev.responseMsg,
			"requisitionIdentifier": ev.identifier, "webhook_endpoint_id": ev.endpointID}
		if !ev.lastSent.IsZero() {
			m["lastSentAt"] = ev.lastSent.Format("2006-01-02T15:04:05.000Z07:00")
		}
		evs = append(evs, m)
		if !seen[ev.endpointID] {
			seen[ev.endpointID] = true
			eps = append(eps, endpointJSON(s.st.endpoints[ev.endpointID]))
		}
	}
	fake.WriteJSON(w, http.StatusOK, map[string]any{"webhook_endpoints": eps, "webhook_endpoint_events": evs,
		"meta": map[string]any{"currentPage": page, "perPage": perPage, "totalEntries": len(match)}})
}

func (s *Server) retryEvents(w http.ResponseWriter, r *http.Request) {
	if _, ok := pathID(w, r, "org"); !ok {
		return
	}
	var body struct {
		IDs []json.Number `json:"webhookEndpointEventIds"`
	}
	if !fake.ReadJSON(w, r, &body, fake.RejectUnknownFields) {
		return
	}
	s.mu.Lock()
	var evs []*event
	for _, n := range body.IDs {
		id, _ := n.Int64()
		var found *event
		for _, ev := range s.st.events {
			if ev.id == id {
				found = ev
			}
		}
		if found == nil {
			s.mu.Unlock()
			writeErrors(w, http.StatusUnprocessableEntity, "Error while trying to requeue")
			return
		}
		evs = append(evs, found)
	}
	s.mu.Unlock()
	if len(evs) == 0 {
		writeErrors(w, http.StatusUnprocessableEntity, "Error while trying to requeue")
		return
	}
	for _, ev := range evs {
		s.deliver(ev)
	}
	fake.WriteJSON(w, http.StatusOK, map[string]any{"message": "Events requeued"})
}
