package workpathtest_test

import (
	"encoding/base64"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/labwire/labwire/workpath/workpathtest"
)

func token(t *testing.T, srv *workpathtest.Server, key, pw string) string {
	resp, err := http.PostForm(srv.URL+"/oauth/token", url.Values{"grant_type": {"client_credentials"}, "client_id": {key}, "client_secret": {pw}})
	require.NoError(t, err)
	defer resp.Body.Close()
	require.Equal(t, 200, resp.StatusCode)
	var tok map[string]any
	require.NoError(t, json.NewDecoder(resp.Body).Decode(&tok))
	assert.EqualValues(t, 1800, tok["expires_in"])
	assert.Equal(t, "Bearer", tok["token_type"])
	return tok["access_token"].(string)
}

func do(t *testing.T, method, u, auth, ctype, body string) (int, string) {
	req, err := http.NewRequest(method, u, strings.NewReader(body))
	require.NoError(t, err)
	if auth != "" {
		req.Header.Set("Authorization", auth)
	}
	if ctype != "" {
		req.Header.Set("Content-Type", ctype)
	}
	noFollow := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := noFollow.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode == http.StatusFound {
		return resp.StatusCode, resp.Header.Get("Location")
	}
	return resp.StatusCode, string(b)
}

func basic(key, pw string) string {
	return "Basic " + base64.StdEncoding.EncodeToString([]byte(key+":"+pw))
}

func TestClientsAreSeparate(t *testing.T) {
	t.Parallel()
	srv := workpathtest.Start(t,
		workpathtest.WithCredential(workpathtest.Credential{ClientID: "a", Key: "key-a", Password: "pw-a"}),
		workpathtest.WithCredential(workpathtest.Credential{ClientID: "b", Key: "key-b", Password: "pw-b"}))
	code, _ := do(t, "GET", srv.URL+"/api-keys/key-b", basic("key-a", "pw-a"), "", "")
	assert.Equal(t, 401, code, "cross-client access is unauthorized")
	code, _ = do(t, "GET", srv.URL+"/api-keys/key-a", basic("key-a", "pw-a"), "", "")
	assert.Equal(t, 200, code)
	code, _ = do(t, "GET", srv.URL+"/api-keys", basic("key-a", "wrong"), "", "")
	assert.Equal(t, 401, code)

	ta := token(t, srv, "key-a", "pw-a")
	code, body := do(t, "POST", srv.URL+"/intakes", "Bearer "+ta, "application/json",
		`{"order_form":1,"patient":{"first_name":"A","last_name":"B","phone":"+18045550123"},"services":[{"id":1001}]}`)
	require.Equal(t, 200, code, body)
	var in struct{ Appointment int64 }
	require.NoError(t, json.Unmarshal([]byte(body), &in))
	require.NotZero(t, in.Appointment)
	tb := token(t, srv, "key-b", "pw-b")
	code, _ = do(t, "GET", srv.URL+"/appointments/"+itoa(in.Appointment), "Bearer "+tb, "", "")
	assert.Equal(t, 404, code, "another client's appointment")
	code, _ = do(t, "GET", srv.URL+"/appointments/"+itoa(in.Appointment), basic("key-a", "pw-a"), "", "")
	assert.Equal(t, 401, code, "Basic is refused on Bearer routes")
	code, _ = do(t, "GET", srv.URL+"/webhooks", "Bearer "+ta, "", "")
	assert.Equal(t, 401, code, "Bearer is refused on Basic routes")
}

func TestManualOrderFormWaitsForConversion(t *testing.T) {
	t.Parallel()
	srv := workpathtest.Start(t)
	tok := token(t, srv, workpathtest.DefaultAPIKey, workpathtest.DefaultAPIPassword)
	code, body := do(t, "POST", srv.URL+"/intakes", "Bearer "+tok, "application/json",
		`{"order_form":2,"patient":{"first_name":"A","last_name":"B","email":"a@example.test"}}`)
	require.Equal(t, 200, code, body)
	var in struct {
		ID          int64
		Appointment *int64
	}
	require.NoError(t, json.Unmarshal([]byte(body), &in))
	assert.Nil(t, in.Appointment)
	id, ok := srv.ConvertIntake(in.ID)
	require.True(t, ok)
	got, _ := srv.Intake(in.ID)
	assert.Equal(t, id, *got.Appointment)
	_, ok = srv.ConvertIntake(in.ID)
	assert.False(t, ok, "converted once")
	a, _ := srv.Appointment(id)
	assert.Equal(t, "Published", a.Status)
	assert.True(t, srv.SetStatus(id, "In Progress"))
	assert.False(t, srv.SetStatus(id, "in progress"), "statuses are spelt exactly")
	code, _ = do(t, "POST", srv.URL+"/intakes", "Bearer "+tok, "application/json", `{"order_form":99}`)
	assert.Equal(t, 400, code)
}

func TestAuthorizeErrors(t *testing.T) {
	t.Parallel()
	srv := workpathtest.Start(t)
	q := url.Values{"client_id": {workpathtest.DefaultAPIKey}, "redirect_uri": {"https://evil.example/cb"}, "state": {"s"},
		"code_challenge": {strings.Repeat("a", 43)}, "code_challenge_method": {"S256"}, "response_type": {"code"}}
	code, _ := do(t, "GET", srv.URL+"/oauth/authorize?"+q.Encode(), "", "", "")
	assert.Equal(t, 400, code, "never redirects to an unregistered URI")
	q.Set("redirect_uri", workpathtest.DefaultRedirectURI)
	q.Set("code_challenge_method", "plain")
	code, loc := do(t, "GET", srv.URL+"/oauth/authorize?"+q.Encode(), "", "", "")
	require.Equal(t, 302, code)
	u, _ := url.Parse(loc)
	assert.Equal(t, "invalid_request", u.Query().Get("error_type"))
	assert.Equal(t, "s", u.Query().Get("state"))
	assert.Empty(t, u.Query().Get("code"))
	code, _ = do(t, "POST", srv.URL+"/oauth/token", "", "application/json", `{"grant_type":"client_credentials"}`)
	assert.Equal(t, 415, code, "form encoded only")
}

func TestOptions(t *testing.T) {
	t.Parallel()
	_, err := workpathtest.NewServer(workpathtest.WithCredential(workpathtest.Credential{Key: "k"}))
	assert.Error(t, err)
	_, err = workpathtest.NewServer(
		workpathtest.WithCredential(workpathtest.Credential{ClientID: "a", Key: "1", Password: "p"}),
		workpathtest.WithCredential(workpathtest.Credential{ClientID: "a", Key: "2", Password: "p"}),
		workpathtest.WithCredential(workpathtest.Credential{ClientID: "a", Key: "3", Password: "p"}))
	assert.Error(t, err, "two credentials per client")
	_, err = workpathtest.NewServer(workpathtest.WithTokenTTL(0))
	assert.Error(t, err)
}

func itoa(n int64) string { b, _ := json.Marshal(n); return string(b) }
