package whooptest

import (
	"bytes"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The ids of WHOOP's tutorial, used as seeds so that answers can be compared
// with the tutorial's JSON.
const (
	tutorialRequisitionID    = "a1b2c3d4-e5f6-7890-abcd-ef1234567890"
	tutorialServiceRequestID = "3fa85f64-5717-4562-b3fc-2c963f66afa6"
	tutorialPatientID        = "569250ea-0a6b-49ab-804b-13cf486aacc7"
)

var tutorialTime = time.Date(2024, 1, 15, 10, 30, 0, 0, time.UTC)

func newServer(t *testing.T, opts ...Option) *Server {
	t.Helper()
	return Start(t, opts...)
}

func TestRoutesAreServedWithAndWithoutTheDeveloperPrefix(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	seedTutorial(t, srv)
	assert.Equal(t, srv.Origin+"/developer", srv.URL)
	tok := defaultToken(t, srv)
	for _, base := range []string{srv.URL, srv.Origin} {
		req, err := http.NewRequestWithContext(t.Context(), http.MethodGet, base+"/v2/partner/requisition/"+tutorialRequisitionID, nil)
		require.NoError(t, err)
		req.Header.Set("Authorization", "Bearer "+tok)
		resp, err := srv.Client().Do(req)
		require.NoError(t, err)
		require.NoError(t, resp.Body.Close())
		assert.Equal(t, http.StatusOK, resp.StatusCode, base)
	}
	got := srv.RequestsMatching(RouteGetRequisition)
	require.Len(t, got, 2, "patterns match both forms")
	assert.Equal(t, "/developer/v2/partner/requisition/"+tutorialRequisitionID, got[0].Path, "recorded as sent")
	assert.Equal(t, "/v2/partner/requisition/"+tutorialRequisitionID, got[1].Path)
}

// seedTutorial stores the tutorial's requisition for the default partner.
func seedTutorial(t *testing.T, srv *Server) LabRequisition {
	t.Helper()
	req, err := srv.AddRequisition(DefaultClientID, LabRequisition{
		ID:        tutorialRequisitionID,
		CreatedAt: tutorialTime,
		Patient:   json.RawMessage(`{"id":"` + tutorialPatientID + `"}`),
		ServiceRequests: []ServiceRequest{{
			ID:              tutorialServiceRequestID,
			Code:            "LIPID_PANEL",
			TaskDescription: "Fasting lipid panel",
		}},
	})
	require.NoError(t, err)
	return req
}

// answer is one HTTP answer of the fake.
type answer struct {
	status int
	header http.Header
	body   string
}

// call sends one request; a non-empty token goes in a Bearer header and a
// non-empty body is sent as JSON.
func call(t *testing.T, srv *Server, method, path, token, body string) answer {
	t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, err := http.NewRequestWithContext(t.Context(), method, srv.URL+path, rd)
	require.NoError(t, err)
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := srv.Client().Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return answer{status: resp.StatusCode, header: resp.Header, body: string(b)}
}

// token gets a token through the token route.
func token(t *testing.T, srv *Server, clientID, secret string) string {
	t.Helper()
	a := call(t, srv, http.MethodPost, "/v2/partner/token", "",
		`{"grant_type":"client_credentials","client_id":"`+clientID+`","client_secret":"`+secret+`","scope":"whoop-partner/token"}`)
	require.Equal(t, http.StatusOK, a.status, a.body)
	var tr tokenResponse
	require.NoError(t, json.Unmarshal([]byte(a.body), &tr))
	return tr.AccessToken
}

func defaultToken(t *testing.T, srv *Server) string {
	t.Helper()
	return token(t, srv, DefaultClientID, DefaultClientSecret)
}

func TestEveryRouteButTokenNeedsAToken(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	seedTutorial(t, srv)
	good := defaultToken(t, srv)
	routes := []struct{ method, path, body string }{
		{http.MethodGet, "/v2/partner/requisition/" + tutorialRequisitionID, ""},
		{http.MethodPatch, "/v2/partner/requisition/" + tutorialRequisitionID + "/status", `{"task_business_status":"ORDER_CONFIRMED"}`},
		{http.MethodGet, "/v2/partner/service-request/" + tutorialServiceRequestID, ""},
		{http.MethodPatch, "/v2/partner/service-request/" + tutorialServiceRequestID + "/status", `{"task_business_status":"ORDER_CONFIRMED"}`},
		{http.MethodPost, "/v2/partner/service-request/" + tutorialServiceRequestID + "/results", `{"status":"final","observations":[{"code":"HDL","value_numeric":50}]}`},
		{http.MethodPost, "/v2/partner/development/add-test-data", ""},
	}
	for _, r := range routes {
		for _, tok := range []string{"", "forged-token", good + "x"} {
			a := call(t, srv, r.method, r.path, tok, r.body)
			assert.Equal(t, http.StatusUnauthorized, a.status, "%s %s with %q", r.method, r.path, tok)
			assert.JSONEq(t, `{"error":"unauthorized"}`, a.body)
			assert.Contains(t, a.header.Get("WWW-Authenticate"), "Bearer")
		}
	}
	sr, _ := srv.ServiceRequest(tutorialServiceRequestID)
	assert.Empty(t, sr.TaskBusinessStatus, "no unauthorized request changed anything")
	assert.Empty(t, srv.Results(tutorialServiceRequestID))
	assert.Len(t, srv.RequisitionIDs(DefaultClientID), 1)
}

func TestUnknownRoutesAndMethods(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	tok := defaultToken(t, srv)
	assert.Equal(t, http.StatusNotFound, call(t, srv, http.MethodGet, "/v2/partner/requisitions", tok, "").status)
	assert.Equal(t, http.StatusNotFound, call(t, srv, http.MethodGet, "/developer/v2/partner/requisition/"+tutorialRequisitionID, tok, "").status,
		"routes sit directly under the server URL")
	a := call(t, srv, http.MethodDelete, "/v2/partner/requisition/"+tutorialRequisitionID, tok, "")
	assert.Equal(t, http.StatusMethodNotAllowed, a.status)
	assert.Equal(t, http.StatusMethodNotAllowed, call(t, srv, http.MethodGet, "/v2/partner/token", "", "").status)
}

func TestOptionsValidate(t *testing.T) {
	t.Parallel()
	bad := map[string]Option{
		"empty client id":      WithPartner(Partner{ClientSecret: "s", WebhookSecret: "w"}),
		"empty client secret":  WithPartner(Partner{ClientID: "c", WebhookSecret: "w"}),
		"empty webhook secret": WithPartner(Partner{ClientID: "c", ClientSecret: "s"}),
		"nil clock":            WithClock(nil),
		"zero ttl":             WithTokenTTL(0),
		"fractional ttl":       WithTokenTTL(1500 * time.Millisecond),
		"nil webhook client":   WithWebhookClient(nil),
	}
	for name, opt := range bad {
		srv, err := NewServer(opt)
		assert.Error(t, err, name)
		assert.Nil(t, srv, name)
	}
	p := Partner{ClientID: "c", ClientSecret: "s", WebhookSecret: "w"}
	_, err := NewServer(WithPartner(p), WithPartner(p))
	assert.ErrorContains(t, err, "given twice")
}

func TestSeveralPartners(t *testing.T) {
	t.Parallel()
	a := Partner{ClientID: "lab-a", ClientSecret: "secret-a", WebhookSecret: "wh-a"}
	b := Partner{ClientID: "lab-b", ClientSecret: "secret-b", WebhookSecret: "wh-b"}
	srv := newServer(t, WithPartner(a), WithPartner(b))

	_, err := srv.AddRequisition(DefaultClientID, LabRequisition{ServiceRequests: []ServiceRequest{{Code: "CBC"}}})
	assert.ErrorContains(t, err, "unknown partner", "the default partner exists only without WithPartner")
	assert.Equal(t, http.StatusUnauthorized, call(t, srv, http.MethodPost, "/v2/partner/token", "",
		`{"client_id":"`+DefaultClientID+`","client_secret":"`+DefaultClientSecret+`"}`).status)

	reqA, err := srv.AddRequisition("lab-a", LabRequisition{ServiceRequests: []ServiceRequest{{Code: "CBC"}}})
	require.NoError(t, err)
	reqB, err := srv.AddRequisition("lab-b", LabRequisition{ServiceRequests: []ServiceRequest{{Code: "CBC"}}})
	require.NoError(t, err)
	tokA, tokB := token(t, srv, "lab-a", "secret-a"), token(t, srv, "lab-b", "secret-b")
	assert.Equal(t, http.StatusUnauthorized, call(t, srv, http.MethodPost, "/v2/partner/token", "",
		`{"client_id":"lab-a","client_secret":"secret-b"}`).status, "another partner's secret")

	srA, srB := reqA.ServiceRequests[0].ID, reqB.ServiceRequests[0].ID
	assert.Equal(t, http.StatusOK, call(t, srv, http.MethodGet, "/v2/partner/requisition/"+reqA.ID, tokA, "").status)
	assert.Equal(t, http.StatusOK, call(t, srv, http.MethodGet, "/v2/partner/service-request/"+srA, tokA, "").status)
	assert.Equal(t, http.StatusOK, call(t, srv, http.MethodGet, "/v2/partner/service-request/"+srB, tokB, "").status)

	// Another partner's resources are 404, exactly like unknown ids, on every route.
	status := `{"task_business_status":"ORDER_CONFIRMED"}`
	results := `{"status":"final","observations":[{"code":"HDL","value_numeric":50}]}`
	for _, r := range []struct{ method, path, body string }{
		{http.MethodGet, "/v2/partner/requisition/" + reqB.ID, ""},
		{http.MethodPatch, "/v2/partner/requisition/" + reqB.ID + "/status", status},
		{http.MethodGet, "/v2/partner/service-request/" + srB, ""},
		{http.MethodPatch, "/v2/partner/service-request/" + srB + "/status", status},
		{http.MethodPost, "/v2/partner/service-request/" + srB + "/results", results},
	} {
		a := call(t, srv, r.method, r.path, tokA, r.body)
		assert.Equal(t, http.StatusNotFound, a.status, "%s %s", r.method, r.path)
		assert.JSONEq(t, `{"error":"not found"}`, a.body)
	}
	got, _ := srv.ServiceRequest(srB)
	assert.Empty(t, got.TaskBusinessStatus)
	assert.Empty(t, srv.Results(srB))
	assert.Equal(t, []string{reqA.ID}, srv.RequisitionIDs("lab-a"))
	assert.Equal(t, []string{reqB.ID}, srv.RequisitionIDs("lab-b"))
}

func TestConcurrentUse(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	req, err := srv.AddRequisition(DefaultClientID, LabRequisition{
		ServiceRequests: []ServiceRequest{{Code: "LIPID_PANEL"}, {Code: "CBC"}},
	})
	require.NoError(t, err)
	tok := defaultToken(t, srv)
	var wg sync.WaitGroup
	for i := range 8 {
		sr := req.ServiceRequests[i%2].ID
		wg.Go(func() {
			body := `{"status":"partial","observations":[{"code":"HDL","value_numeric":` + string(rune('0'+i)) + `}]}`
			r, err := http.NewRequestWithContext(t.Context(), http.MethodPost, srv.URL+"/v2/partner/service-request/"+sr+"/results", bytes.NewBufferString(body))
			if !assert.NoError(t, err) {
				return
			}
			r.Header.Set("Content-Type", "application/json")
			r.Header.Set("Authorization", "Bearer "+tok)
			resp, err := srv.Client().Do(r)
			if assert.NoError(t, err) {
				assert.Equal(t, http.StatusCreated, resp.StatusCode)
				_ = resp.Body.Close()
			}
		})
		wg.Go(func() {
			_, _ = srv.Requisition(req.ID)
			_ = srv.Results(sr)
			_ = srv.Requests()
		})
	}
	wg.Wait()
	assert.Len(t, srv.Results(req.ServiceRequests[0].ID), 4)
	assert.Len(t, srv.Results(req.ServiceRequests[1].ID), 4)
}

func TestWithListener(t *testing.T) {
	t.Parallel()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	srv := newServer(t, WithListener(l))
	assert.Equal(t, "http://"+l.Addr().String(), srv.Origin)
	assert.Equal(t, "http://"+l.Addr().String()+"/developer", srv.URL)
	assert.NotEmpty(t, defaultToken(t, srv), "served on the given listener")
	_, err = NewServer(WithListener(nil))
	assert.Error(t, err)
}

// A nil Option is skipped, as in every labwire fake, instead of panicking.
func TestNilOptionSkipped(t *testing.T) {
	t.Parallel()
	srv, err := NewServer(nil, WithClock(func() time.Time { return tutorialTime }), nil)
	require.NoError(t, err)
	defer srv.Close()
	assert.NotEmpty(t, srv.URL)
}
