package ovationtest_test

import (
	"bytes"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"testing"

	"github.com/labwire/labwire/internal/wiretest"
	"github.com/labwire/labwire/ovation/ovationtest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// do sends a raw request to the fake, as a client other than ovation's would.
func do(t *testing.T, srv *ovationtest.Server, method, path, key, body string) (int, map[string]any) {
	t.Helper()
	var rd io.Reader
	if body != "" {
		rd = bytes.NewBufferString(body)
	}
	req, err := http.NewRequest(method, srv.URL+path, rd)
	require.NoError(t, err)
	if key != "" {
		req.Header.Set("Authorization", "Bearer "+key)
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	var out map[string]any
	_ = json.NewDecoder(resp.Body).Decode(&out)
	return resp.StatusCode, out
}

func TestFakeRules(t *testing.T) {
	srv := ovationtest.Start(t, ovationtest.WithTemplate(ovationtest.Template{ID: 5, OrganizationID: 9, PanelCodes: []string{"P"}}))
	k := ovationtest.DefaultAPIKey
	st, _ := do(t, srv, "GET", "/project_templates/5/requisitions", "", "")
	assert.Equal(t, 401, st)
	st, _ = do(t, srv, "GET", "/project_templates/5/requisitions", "wrong", "")
	assert.Equal(t, 401, st)
	st, _ = do(t, srv, "GET", "/project_templates/6/requisitions", k, "")
	assert.Equal(t, 404, st)
	st, body := do(t, srv, "POST", "/project_templates/5/requisitions", k, `{"requisition":{"requestedTests":[{"panelCode":"P"}]}}`)
	assert.Equal(t, 422, st)
	assert.Equal(t, map[string]any{"identifier": []any{"can't be blank"}}, body["errors"], "no autogeneration: identifier required")
	st, body = do(t, srv, "POST", "/project_templates/5/requisitions", k, `{"requisition":{"identifier":"A-1","requestedTests":[{"panelCode":"P"}],"status":"canceled"}}`)
	require.Equal(t, 201, st)
	r := body["requisition"].(map[string]any)
	assert.Equal(t, "A-1", r["identifier"])
	assert.Equal(t, "received", r["status"], "statuses are Ovation's")
	st, body = do(t, srv, "POST", "/project_templates/5/requisitions", k, `{"requisition":{"identifier":"A-1","requestedTests":[{"panelCode":"P"}]}}`)
	assert.Equal(t, 422, st)
	assert.Equal(t, map[string]any{"identifier": []any{"has already been taken"}}, body["errors"])
	st, _ = do(t, srv, "GET", "/project_templates/5/requisitions?perPage=5001", k, "")
	assert.Equal(t, 422, st)
	st, body = do(t, srv, "GET", "/project_templates/5/requisitions?perPage=1", k, "")
	require.Equal(t, 200, st)
	assert.Equal(t, map[string]any{"currentPage": 1.0, "perPage": 1.0, "totalEntries": 1.0}, body["meta"])
	item := body["requisitions"].([]any)[0].(map[string]any)
	assert.Contains(t, item, "accession_status", "lists are snake_case")
	st, _ = do(t, srv, "GET", "/project_templates/789/requisitions/A-1", k, "")
	assert.Equal(t, 404, st, "another template's id")
	st, _ = do(t, srv, "POST", "/project_templates/5/requisitions", k, `{"requisition":{},"requisition":{}}`)
	assert.Equal(t, 400, st, "duplicate keys")
	st, _ = do(t, srv, "GET", "/organizations/9/webhook_endpoint_events?bogus=1", k, "")
	assert.Equal(t, 422, st)

	srv.Script(ovationtest.Fault{Route: ovationtest.RouteGetRequisition, Status: 503})
	st, _ = do(t, srv, "GET", "/project_templates/5/requisitions/A-1", k, "")
	assert.Equal(t, 503, st)
	assert.Empty(t, srv.PendingFaults())
	_, err := ovationtest.NewServer(ovationtest.WithTemplate(ovationtest.Template{}))
	assert.Error(t, err)
}

func TestWithListener(t *testing.T) {
	wiretest.AssertServesOnListener(t, func(l net.Listener) (string, func(), error) {
		srv, err := ovationtest.NewServer(ovationtest.WithListener(l))
		if err != nil {
			return "", nil, err
		}
		return srv.Origin, srv.Close, nil
	}, "/api/v3/project_templates", http.StatusUnauthorized)
}
