package workpath_test

import (
	"encoding/base64"
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/labwire/labwire/internal/wiretest"
	"github.com/labwire/labwire/workpath"
	"github.com/labwire/labwire/workpath/workpathtest"
)

// basicHeader is the raw HTTP Basic value of the fake's default credential.
var basicHeader = "Basic " + base64.StdEncoding.EncodeToString([]byte(workpathtest.DefaultAPIKey+":"+workpathtest.DefaultAPIPassword))

// newClient starts a fake and a client with both credentials on it.
func newClient(t *testing.T, opts ...workpath.Option) (*workpathtest.Server, *workpath.Client) {
	t.Helper()
	srv := workpathtest.Start(t)
	all := append([]workpath.Option{
		workpath.WithBaseURL(srv.URL),
		workpath.WithClientCredentials(workpathtest.DefaultAPIKey, workpathtest.DefaultAPIPassword, workpath.TokenAuthBasic),
		workpath.WithAPIKeyAuth(workpathtest.DefaultAPIKey, workpathtest.DefaultAPIPassword),
		workpath.WithRetryWait(1e6, 2e6),
	}, opts...)
	c, err := workpath.NewClient(all...)
	require.NoError(t, err)
	return srv, c
}

// last returns what the fake last saw on route.
func last(t *testing.T, srv *workpathtest.Server, route string) wiretest.Seen {
	t.Helper()
	rs := srv.RequestsMatching(route)
	require.NotEmpty(t, rs, "no request on %s", route)
	return wiretest.FromFake(rs[len(rs)-1])
}

// bearer asserts the request carried a Bearer token and returns it.
func bearer(t *testing.T, seen wiretest.Seen) string {
	t.Helper()
	v := seen.Header.Get("Authorization")
	require.Regexp(t, `^Bearer \S+$`, v)
	return v
}

func ptr[T any](v T) *T { return &v }

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// fakeToken gets a token from the fake with a plain form POST.
func fakeToken(t *testing.T, srv *workpathtest.Server) string {
	t.Helper()
	resp, err := http.PostForm(srv.URL+"/oauth/token", url.Values{"grant_type": {"client_credentials"},
		"client_id": {workpathtest.DefaultAPIKey}, "client_secret": {workpathtest.DefaultAPIPassword}})
	require.NoError(t, err)
	defer resp.Body.Close()
	var tok struct {
		AccessToken string `json:"access_token"`
	}
	require.NoError(t, json.NewDecoder(resp.Body).Decode(&tok))
	require.NotEmpty(t, tok.AccessToken)
	return tok.AccessToken
}

// personUpdate is the update of p's fields (all but the addresses).
func personUpdate(p *workpath.PersonCreateParams) *workpath.PersonUpdateParams {
	return &workpath.PersonUpdateParams{FirstName: p.FirstName, LastName: p.LastName, Gender: p.Gender,
		BiologicalSex: p.BiologicalSex, DateOfBirth: p.DateOfBirth, Phone: p.Phone, Email: p.Email,
		PhotoURL: p.PhotoURL, MessagingEnabled: p.MessagingEnabled}
}
