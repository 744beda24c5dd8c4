package transport

import (
	"encoding/json"
	"strings"
	"testing"
	"time"
)

// FuzzTokenResponse: a token endpoint's answer is untrusted. Reading it never panics; a
// token it yields has an access token, the Bearer type, and an expiry that is either unknown
// or within a year (never in the past, whatever expires_in says); an error never quotes the
// answer. The seed corpus is in testdata/fuzz/FuzzTokenResponse, so `go test` replays it.
func FuzzTokenResponse(f *testing.F) {
	now := time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, body []byte) {
		var tr tokenResponse
		if err := json.Unmarshal(body, &tr); err != nil {
			return
		}
		tok, err := tr.token("acme", "/token", 1, now)
		if err != nil {
			if len(tr.AccessToken) >= 12 && strings.Contains(err.Error(), tr.AccessToken) {
				t.Fatalf("error quotes the access token: %v", err)
			}
			return
		}
		switch {
		case tok.AccessToken == "":
			t.Fatal("token without an access token")
		case !headerSafe(tok.AccessToken):
			t.Fatalf("access token %q cannot be sent in a header", tok.AccessToken)
		case tok.TokenType != "Bearer":
			t.Fatalf("token type %q", tok.TokenType)
		case !tok.Expiry.IsZero() && !tok.Expiry.After(now):
			t.Fatalf("expiry %v not after now (expires_in %v)", tok.Expiry, tr.ExpiresIn.seconds)
		case tok.Expiry.After(now.Add(maxTokenLifetime)):
			t.Fatalf("expiry %v beyond a year", tok.Expiry)
		case tok.ExpiresIn < 0:
			t.Fatalf("negative ExpiresIn %d", tok.ExpiresIn)
		}
	})
}
