package transport

import (
	"net/http"
	"net/url"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/oauth2"
)

// Rupa's shape: a token from a code exchange is used until it nears expiry, then renewed
// with the refresh_token grant; a rotated refresh token is used next and handed to OnToken;
// an answer without one keeps the previous one (as x/oauth2's refresher does).
func TestRefreshTokenSource(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		tok := newScript(
			step{status: 200, body: `{"access_token":"at-2","refresh_token":"rt-2","token_type":"bearer","expires_in":3600}`},
			step{status: 200, body: `{"access_token":"at-3","token_type":"bearer","expires_in":3600}`},
		)
		api := newScript(answer(200))
		s := testSettings(tokenRig(tok, api))
		f, err := s.TokenFetcher(TokenEndpoint{URL: "https://auth.lab.test/oauth/token"})
		require.NoError(t, err)
		var mu sync.Mutex
		var stored []string
		ts, err := f.RefreshTokenSource(Refresh{
			ClientID: "rupa-id", ClientSecret: "rupa-secret",
			Token:   &oauth2.Token{AccessToken: "at-1", RefreshToken: "rt-1", Expiry: time.Now().Add(10 * time.Minute)},
			OnToken: func(t *oauth2.Token) { mu.Lock(); stored = append(stored, t.RefreshToken); mu.Unlock() },
		})
		require.NoError(t, err)
		s.Auth = TokenAuth(ts)
		c := newClient(t, s)

		call := func() string {
			_, err := c.Do(t.Context(), get("/patients"), nil)
			require.NoError(t, err)
			hs := api.all()
			return hs[len(hs)-1].Header.Get("Authorization")
		}
		assert.Equal(t, "Bearer at-1", call(), "the stored token is used while valid")
		assert.Equal(t, 0, tok.count())

		time.Sleep(10 * time.Minute)
		assert.Equal(t, "Bearer at-2", call())
		time.Sleep(time.Hour)
		assert.Equal(t, "Bearer at-3", call())

		hs := tok.all()
		require.Len(t, hs, 2)
		for i, want := range []string{"rt-1", "rt-2"} {
			assert.Equal(t, http.MethodPost, hs[i].Method)
			assert.Equal(t, "/oauth/token", hs[i].Path)
			assert.Equal(t, "application/x-www-form-urlencoded", hs[i].Header.Get("Content-Type"))
			assert.Equal(t, c.UserAgent(), hs[i].Header.Get("User-Agent"))
			form, err := url.ParseQuery(string(hs[i].Body))
			require.NoError(t, err)
			assert.Equal(t, url.Values{
				"grant_type": {"refresh_token"}, "refresh_token": {want},
				"client_id": {"rupa-id"}, "client_secret": {"rupa-secret"},
			}, form)
		}
		assert.Equal(t, []string{"rt-2", "rt-2"}, stored, "rotated, then kept")
		cur, err := ts.Token()
		require.NoError(t, err)
		assert.Equal(t, "rt-2", cur.RefreshToken)
	})
}

// A 401 on the API forces one refresh and a replay; a refused refresh token is
// ErrUnauthorized (authorize again); a refresh blip is retried like a read.
func TestRefreshTokenSourceFailures(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		tok := newScript(answer(503), step{status: 200, body: `{"access_token":"at-2","expires_in":3600}`})
		api := newScript(answer(401), answer(200))
		s := testSettings(tokenRig(tok, api))
		f, err := s.TokenFetcher(TokenEndpoint{URL: "/oauth/token"})
		require.NoError(t, err)
		ts, err := f.RefreshTokenSource(Refresh{ClientID: "id", Token: &oauth2.Token{AccessToken: "at-1", RefreshToken: "rt-1"}})
		require.NoError(t, err)
		s.Auth = TokenAuth(ts)
		c := newClient(t, s)

		_, err = c.Do(t.Context(), get("/patients"), nil)

		require.NoError(t, err)
		assert.Equal(t, 2, tok.count(), "the 503 was retried")
		hs := api.all()
		require.Len(t, hs, 2)
		assert.Equal(t, "Bearer at-2", hs[1].Header.Get("Authorization"))
		form, _ := url.ParseQuery(string(tok.all()[0].Body))
		assert.Equal(t, url.Values{"grant_type": {"refresh_token"}, "refresh_token": {"rt-1"}, "client_id": {"id"}}, form, "a public client")
	})
	synctest.Test(t, func(t *testing.T) {
		tok := newScript(step{status: 400, body: `{"error":"invalid_grant","error_description":"refresh token revoked"}`})
		s := testSettings(tok.transport())
		f, err := s.TokenFetcher(TokenEndpoint{URL: "/oauth/token"})
		require.NoError(t, err)
		ts, err := f.RefreshTokenSource(Refresh{ClientID: "id", ClientSecret: "s", Token: &oauth2.Token{RefreshToken: "rt-1"}})
		require.NoError(t, err)
		_, err = ts.Token()
		assert.ErrorIs(t, err, ErrUnauthorized)
		assert.Equal(t, 1, tok.count())
		assert.NotContains(t, sprintAll(err), "revoked")
	})
}

func TestRefreshTokenSourceValidation(t *testing.T) {
	t.Parallel()
	s := testSettings(rtFunc(func(*http.Request) (*http.Response, error) { panic("no request") }))
	f, err := s.TokenFetcher(TokenEndpoint{URL: "/oauth/token"})
	require.NoError(t, err)
	for _, p := range []Refresh{
		{ClientID: "id"},
		{ClientID: "id", Token: &oauth2.Token{AccessToken: "at"}},
		{Token: &oauth2.Token{RefreshToken: "rt"}},
	} {
		_, err := f.RefreshTokenSource(p)
		assert.ErrorIs(t, err, ErrValidation)
	}
}
