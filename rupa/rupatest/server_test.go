package rupatest_test

import (
	"encoding/base64"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/labwire/labwire/rupa/rupatest"
	"github.com/labwire/labwire/webhook"
)

func do(t *testing.T, method, u string, header map[string]string, body string) (int, map[string]any) {
	t.Helper()
	req, err := http.NewRequest(method, u, strings.NewReader(body))
	require.NoError(t, err)
	for k, v := range header {
		req.Header.Set(k, v)
	}
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	var m map[string]any
	_ = json.Unmarshal(b, &m)
	return resp.StatusCode, m
}

func form(v url.Values) (map[string]string, string) {
	return map[string]string{"Content-Type": "application/x-www-form-urlencoded"}, v.Encode()
}

func TestTokenRoute(t *testing.T) {
	t.Parallel()
	srv := rupatest.Start(t)
	code, err := srv.AuthorizeCode(rupatest.DefaultPractitionerID)
	require.NoError(t, err)
	_, err = srv.AuthorizeCode("pra_unknown")
	require.Error(t, err)

	good := url.Values{"grant_type": {"authorization_code"}, "code": {code}, "redirect_uri": {rupatest.DefaultRedirectURL},
		"client_id": {rupatest.DefaultClientID}, "client_secret": {rupatest.DefaultClientSecret}}
	with := func(k, v string) url.Values {
		c := url.Values{}
		for kk, vv := range good {
			c[kk] = vv
		}
		if v == "" {
			c.Del(k)
		} else {
			c.Set(k, v)
		}
		return c
	}
	for _, tc := range []struct {
		name   string
		v      url.Values
		status int
		code   string
	}{
		{"wrong secret", with("client_secret", "nope"), 401, "invalid_client"},
		{"no client", with("client_id", ""), 401, "invalid_client"},
		{"wrong redirect", with("redirect_uri", "https://evil.example/cb"), 400, "invalid_grant"},
		{"unknown code", with("code", "nope"), 400, "invalid_grant"},
		{"no grant", with("grant_type", ""), 400, "invalid_request"},
		{"other grant", with("grant_type", "client_credentials"), 400, "unsupported_grant_type"},
	} {
		h, b := form(tc.v)
		status, m := do(t, http.MethodPost, srv.TokenURL(), h, b)
		assert.Equal(t, tc.status, status, tc.name)
		assert.Equal(t, tc.code, m["error"], tc.name)
	}
	status, _ := do(t, http.MethodPost, srv.TokenURL(), map[string]string{"Content-Type": "application/json"}, `{}`)
	assert.Equal(t, 400, status, "form encoding only")

	h, b := form(good)
	status, m := do(t, http.MethodPost, srv.TokenURL(), h, b)
	require.Equal(t, 200, status)
	assert.Equal(t, "Bearer", m["token_type"])
	assert.Equal(t, float64(3600), m["expires_in"])
	refresh := m["refresh_token"].(string)
	status, _ = do(t, http.MethodPost, srv.TokenURL(), h, b)
	assert.Equal(t, 400, status, "a code is single-use")

	// Refresh with HTTP Basic client authentication; the refresh token rotates.
	basic := map[string]string{"Content-Type": "application/x-www-form-urlencoded",
		"Authorization": "Basic " + base64.StdEncoding.EncodeToString([]byte(rupatest.DefaultClientID+":"+rupatest.DefaultClientSecret))}
	rb := url.Values{"grant_type": {"refresh_token"}, "refresh_token": {refresh}}.Encode()
	status, m = do(t, http.MethodPost, srv.TokenURL(), basic, rb)
	require.Equal(t, 200, status)
	assert.NotEqual(t, refresh, m["refresh_token"])
	status, _ = do(t, http.MethodPost, srv.TokenURL(), basic, rb)
	assert.Equal(t, 400, status, "the old refresh token is retired")
	assert.Equal(t, 2, srv.TokensIssued())
}

func TestCodeExpires(t *testing.T) {
	t.Parallel()
	now := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	srv := rupatest.Start(t, rupatest.WithClock(func() time.Time { return now }))
	code, err := srv.AuthorizeCode(rupatest.DefaultPractitionerID)
	require.NoError(t, err)
	now = now.Add(11 * time.Minute)
	h, b := form(url.Values{"grant_type": {"authorization_code"}, "code": {code}, "redirect_uri": {rupatest.DefaultRedirectURL},
		"client_id": {rupatest.DefaultClientID}, "client_secret": {rupatest.DefaultClientSecret}})
	status, m := do(t, http.MethodPost, srv.TokenURL(), h, b)
	assert.Equal(t, 400, status)
	assert.Equal(t, "invalid_grant", m["error"])
}

func TestOrderIntentRouteEnforces(t *testing.T) {
	t.Parallel()
	srv := rupatest.Start(t)
	access, _, err := srv.IssueToken(rupatest.DefaultPractitionerID)
	require.NoError(t, err)
	h := map[string]string{"Authorization": "Bearer " + access, "Content-Type": "application/json"}
	u := srv.URL + "/order-intents/"

	status, m := do(t, http.MethodPost, u, map[string]string{"Content-Type": "application/json"}, `{}`)
	assert.Equal(t, 401, status)
	assert.Equal(t, "RupaNotAuthenticatedError", m["code"])

	status, m = do(t, http.MethodPost, u, h, `{"patient_data":{"first_name":"A","last_name":"","email":"a@b"},"patient":"pat_1","return_url":"nope","metadata":[1]}`)
	assert.Equal(t, 400, status)
	assert.Equal(t, "RupaValidationError", m["code"])
	fields := m["fields"].(map[string]any)
	keys := make([]string, 0, len(fields))
	for k := range fields {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	assert.Equal(t, []string{"metadata", "non_field_errors", "patient", "patient_data.last_name", "return_url"}, keys)

	status, m = do(t, http.MethodPost, u, h, `{"patient_data":{"first_name":"A","last_name":"B","email":"a@example.com","phone_number":"555","birthday":"1990-13-01"},"return_url":"https://x.example/r"}`)
	assert.Equal(t, 400, status)
	assert.Contains(t, m["fields"], "patient_data.phone_number")
	assert.Contains(t, m["fields"], "patient_data.birthday")

	status, m = do(t, http.MethodPost, u, h, `{"patient_data":{"first_name":"CANARY-Jane","last_name":"B","email":"CANARY-Jane@@x"},"return_url":"https://x.example/CANARY-Jane"}`)
	assert.Equal(t, 400, status)
	b, _ := json.Marshal(m)
	assert.NotContains(t, string(b), "CANARY", "error messages never echo values")
	assert.Contains(t, m["fields"], "patient_data.email")

	status, m = do(t, http.MethodPost, u, h, `{"patient":"pat_1","return_url":"https://x.example/r","extra":1}`)
	assert.Equal(t, 400, status, "unknown members are refused")
	assert.Equal(t, "RupaValidationError", m["code"])
	status, _ = do(t, http.MethodPost, u, h, `{"patient":"pat_1","patient":"pat_2","return_url":"https://x.example/r"}`)
	assert.Equal(t, 400, status, "duplicate keys are refused")
	status, _ = do(t, http.MethodPost, u, map[string]string{"Authorization": "Bearer " + access, "Content-Type": "text/plain"}, `{}`)
	assert.Equal(t, 415, status)
	assert.Empty(t, srv.OrderIntents())

	status, m = do(t, http.MethodPost, u, h, `{"patient_data":{"first_name":"A","last_name":"B","email":"a@example.com"},"return_url":"https://x.example/r","metadata":{"k":"v"}}`)
	assert.Equal(t, 201, status)
	assert.Regexp(t, `^ordin_[0-9A-Za-z]{7}$`, m["id"])
	assert.Equal(t, srv.URL+"/checkout/"+m["id"].(string), m["redirect_url"])
	got := srv.OrderIntents()
	require.Len(t, got, 1)
	assert.JSONEq(t, `{"k":"v"}`, string(got[0].Metadata))
}

func TestPatientsRouteEnforces(t *testing.T) {
	t.Parallel()
	srv := rupatest.Start(t, rupatest.WithPageSize(1), rupatest.WithSequentialIDs(),
		rupatest.WithPractitioner(rupatest.Practitioner{ID: rupatest.DefaultPractitionerID, ClinicID: rupatest.DefaultClinicID}),
		rupatest.WithPractitioner(rupatest.Practitioner{ID: "pra_other", ClinicID: "cli_other"}))
	_, err := srv.AddPatient(rupatest.DefaultClinicID, rupatest.Patient{FirstName: "A", Birthday: "1990-01-02"})
	require.NoError(t, err)
	_, err = srv.AddPatient(rupatest.DefaultClinicID, rupatest.Patient{FirstName: "B"})
	require.NoError(t, err)
	access, _, err := srv.IssueToken(rupatest.DefaultPractitionerID)
	require.NoError(t, err)
	jsonapi := map[string]string{"Authorization": "Bearer " + access, "Accept": rupatest.MediaTypeJSONAPI}

	status, _ := do(t, http.MethodGet, srv.URL+"/patients", map[string]string{"Authorization": "Bearer " + access, "Accept": "application/json"}, "")
	assert.Equal(t, 406, status)
	status, m := do(t, http.MethodGet, srv.URL+"/patients", jsonapi, "")
	require.Equal(t, 200, status)
	data := m["data"].([]any)
	require.Len(t, data, 1)
	assert.Equal(t, map[string]any{"id": "pat_0000001", "type": "patient",
		"attributes": map[string]any{"first_name": "A", "last_name": "", "email": "", "birthday": "1990-01-02"}}, data[0])
	assert.Equal(t, map[string]any{"count": float64(2)}, m["meta"])
	next := m["links"].(map[string]any)["next"].(string)
	status, m = do(t, http.MethodGet, next, jsonapi, "")
	require.Equal(t, 200, status)
	assert.Nil(t, m["links"].(map[string]any)["next"])
	status, _ = do(t, http.MethodGet, srv.URL+"/patients?page%5Bnumber%5D=0", jsonapi, "")
	assert.Equal(t, 400, status)
	status, _ = do(t, http.MethodGet, srv.URL+"/patients?q=x", jsonapi, "")
	assert.Equal(t, 400, status)

	other, _, err := srv.IssueToken("pra_other")
	require.NoError(t, err)
	status, m = do(t, http.MethodGet, srv.URL+"/patients", map[string]string{"Authorization": "Bearer " + other, "Accept": rupatest.MediaTypeJSONAPI}, "")
	require.Equal(t, 200, status)
	assert.Empty(t, m["data"], "another clinic's practitioner sees none of them")
}

// The builder's event has the seed's shape: the same keys at every level, plus the clinic in
// included.
func TestEventBuilderShape(t *testing.T) {
	t.Parallel()
	b := rupatest.EventBuilder{SequentialIDs: true, Now: func() time.Time {
		return time.Date(2024, 6, 13, 13, 28, 50, 776301000, time.FixedZone("", -7*3600))
	}}
	e := b.OrderNewResult(rupatest.Order{Tests: []rupatest.OrderedTest{{ResultsPDF: "https://r/x.pdf"}}})
	var m map[string]any
	require.NoError(t, json.Unmarshal(e.JSON(), &m))
	assert.Equal(t, "order.new_result", m["type"])
	assert.Equal(t, e.ID, m["id"])
	assert.Equal(t, "2024-06-13T13:28:50-07:00", m["created_at"])
	obj := m["data"].(map[string]any)["object"].(map[string]any)
	assert.Equal(t, "2024-06-13T13:28:50.776301-07:00", obj["attributes"].(map[string]any)["date_submitted"])
	assert.Equal(t, json.Number("0"), json.Number(jsonNum(t, e.JSON(), "total_price")))
	rels := obj["relationships"].(map[string]any)
	for _, k := range []string{"line_items", "ordered_tests", "patient", "patients_practitioner", "signing_practitioner", "order_intent"} {
		assert.Contains(t, rels, k)
	}
	included := m["data"].(map[string]any)["included"].([]any)
	var types []string
	for _, r := range included {
		types = append(types, r.(map[string]any)["type"].(string))
	}
	assert.Equal(t, []string{"ordered_test", "practitioner", "clinic"}, types)
	assert.Len(t, e.Without("practitioner", "clinic").Included, 1)
	assert.Len(t, e.Included, 3, "Without copies")
}

func jsonNum(t *testing.T, b []byte, key string) string {
	t.Helper()
	i := strings.Index(string(b), `"`+key+`":`)
	require.GreaterOrEqual(t, i, 0)
	rest := string(b[i+len(key)+3:])
	return rest[:strings.IndexAny(rest, ",}")]
}

func TestSenderSigns(t *testing.T) {
	t.Parallel()
	got := make(chan http.Header, 3)
	recv := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got <- r.Header.Clone()
		w.WriteHeader(http.StatusNoContent)
	})
	ts := newServer(t, recv)
	now := time.Unix(1718300000, 0)
	var b rupatest.EventBuilder
	e := b.OrderNewResult(rupatest.Order{})
	for _, tc := range []struct {
		sign  rupatest.SignFunc
		check func(h http.Header)
	}{
		{rupatest.SignBodyHMAC("X-Sig", "k"), func(h http.Header) {
			assert.Equal(t, webhook.SignBody("k", e.JSON()), h.Get("X-Sig"))
		}},
		{rupatest.SignTimestampedHMAC("X-Sig", "k"), func(h http.Header) {
			assert.Equal(t, webhook.SignTimestamped(now, e.JSON(), "k"), h.Get("X-Sig"))
		}},
		{rupatest.SignBasicAuth("u", "p"), func(h http.Header) {
			assert.Equal(t, webhook.BasicAuthHeader("u", "p"), h.Get("Authorization"))
		}},
	} {
		s, err := rupatest.NewSender(tc.sign, nil, func() time.Time { return now })
		require.NoError(t, err)
		status, err := s.Send(t.Context(), ts, e)
		require.NoError(t, err)
		assert.Equal(t, http.StatusNoContent, status)
		h := <-got
		assert.Equal(t, "application/json", h.Get("Content-Type"))
		tc.check(h)
	}
	_, err := rupatest.NewSender(nil, nil, nil)
	require.Error(t, err)
}

func TestAuthorizeRoute(t *testing.T) {
	t.Parallel()
	srv := rupatest.Start(t, rupatest.WithPractitioner(rupatest.Practitioner{ID: "pra_a", ClinicID: "cli_a"}),
		rupatest.WithPractitioner(rupatest.Practitioner{ID: "pra_b", ClinicID: "cli_b"}))
	require.Error(t, srv.SetConsentingPractitioner("pra_nobody"))
	require.NoError(t, srv.SetConsentingPractitioner("pra_b"))
	c := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	get := func(q url.Values) (int, url.Values) {
		resp, err := c.Get(srv.AuthorizeURL() + "?" + q.Encode())
		require.NoError(t, err)
		resp.Body.Close()
		loc, _ := url.Parse(resp.Header.Get("Location"))
		if loc == nil {
			return resp.StatusCode, nil
		}
		return resp.StatusCode, loc.Query()
	}
	ok := url.Values{"client_id": {rupatest.DefaultClientID}, "redirect_uri": {rupatest.DefaultRedirectURL}, "response_type": {"code"}, "state": {"s"}}
	status, q := get(ok)
	require.Equal(t, http.StatusFound, status)
	assert.Equal(t, "s", q.Get("state"))
	// The code belongs to the consenting practitioner: its token lists pra_b's clinic.
	h, b := form(url.Values{"grant_type": {"authorization_code"}, "code": {q.Get("code")}, "redirect_uri": {rupatest.DefaultRedirectURL},
		"client_id": {rupatest.DefaultClientID}, "client_secret": {rupatest.DefaultClientSecret}})
	status, m := do(t, http.MethodPost, srv.TokenURL(), h, b)
	require.Equal(t, 200, status)
	_, err := srv.AddPatient("cli_b", rupatest.Patient{FirstName: "B"})
	require.NoError(t, err)
	status, m = do(t, http.MethodGet, srv.URL+"/patients", map[string]string{"Authorization": "Bearer " + m["access_token"].(string), "Accept": rupatest.MediaTypeJSONAPI}, "")
	require.Equal(t, 200, status)
	assert.Len(t, m["data"], 1)

	bad := url.Values{"client_id": {"other"}, "redirect_uri": {rupatest.DefaultRedirectURL}, "response_type": {"code"}}
	status, _ = get(bad)
	assert.Equal(t, http.StatusBadRequest, status, "an unknown client is not redirected anywhere")
	bad = url.Values{"client_id": {rupatest.DefaultClientID}, "redirect_uri": {"https://evil.example/cb"}, "response_type": {"code"}}
	status, _ = get(bad)
	assert.Equal(t, http.StatusBadRequest, status, "nor is a redirect_uri that is not the registered one")
	tokenFlow := url.Values{"client_id": {rupatest.DefaultClientID}, "redirect_uri": {rupatest.DefaultRedirectURL}, "response_type": {"token"}}
	status, q = get(tokenFlow)
	assert.Equal(t, http.StatusFound, status)
	assert.Equal(t, "unsupported_response_type", q.Get("error"))
	assert.Empty(t, q.Get("code"))
}
