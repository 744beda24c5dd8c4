package whoop

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/labwire/labwire/internal/transport"
	"golang.org/x/oauth2"
)

// tokenScope is the only scope of the Trusted Partner flow.
const tokenScope = "whoop-partner/token"

// tokenRoute is the token endpoint under the base URL.
const tokenRoute = "/v2/partner/token"

// tokenFetcher performs the Trusted Partner client-credentials exchange. WHOOP takes a JSON
// body rather than RFC 6749 form encoding, so golang.org/x/oauth2/clientcredentials cannot be
// used as is. It fetches on every call; the client wraps it in a cache.
type tokenFetcher struct {
	hc           *http.Client
	url          string
	clientID     string
	clientSecret string
	now          func() time.Time
}

func newTokenSource(s *transport.Settings, clientID, clientSecret string) (*transport.CachedTokenSource, error) {
	base, err := transport.ParseBaseURL(s.BaseURL)
	if err != nil {
		return nil, errors.New("whoop: " + err.Error())
	}
	u, err := base.URL(tokenRoute, nil, nil)
	if err != nil {
		return nil, errors.New("whoop: " + err.Error())
	}
	f := &tokenFetcher{hc: s.TokenHTTPClient(), url: u, clientID: clientID, clientSecret: clientSecret, now: time.Now}
	return transport.NewCachedTokenSource(f, 0), nil
}

// Token fetches a token with the token HTTP client's own timeout.
func (f *tokenFetcher) Token() (*oauth2.Token, error) {
	return f.TokenContext(context.Background())
}

// TokenContext fetches a token, bound to ctx.
func (f *tokenFetcher) TokenContext(ctx context.Context) (*oauth2.Token, error) {
	body, err := json.Marshal(struct {
		GrantType    string `json:"grant_type"`
		ClientID     string `json:"client_id"`
		ClientSecret string `json:"client_secret"`
		Scope        string `json:"scope"`
	}{"client_credentials", f.clientID, f.clientSecret, tokenScope})
	if err != nil {
		return nil, errors.New("whoop: encoding the token request failed")
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, f.url, bytes.NewReader(body))
	if err != nil {
		return nil, errors.New("whoop: building the token request failed")
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/json")
	resp, err := f.hc.Do(req)
	if err != nil {
		var ue interface{ Unwrap() error }
		if errors.As(err, &ue) {
			err = ue.Unwrap() // drop the URL
		}
		return nil, &RequestError{Vendor: vendor, Method: http.MethodPost, Route: tokenRoute, Attempts: 1, Err: err}
	}
	defer resp.Body.Close()
	data, err := readTokenBody(resp)
	if err != nil {
		return nil, &RequestError{Vendor: vendor, Method: http.MethodPost, Route: tokenRoute, Attempts: 1, LastStatus: resp.StatusCode, Err: err}
	}
	if resp.StatusCode != http.StatusOK {
		// The body is not kept: a token endpoint may echo the client id or secret.
		return nil, &APIError{Vendor: vendor, Method: http.MethodPost, Route: tokenRoute, StatusCode: resp.StatusCode, Attempts: 1, Header: resp.Header}
	}
	var tr struct {
		AccessToken string `json:"access_token"`
		TokenType   string `json:"token_type"`
		ExpiresIn   int64  `json:"expires_in"`
	}
	if err := json.Unmarshal(data, &tr); err != nil || tr.AccessToken == "" {
		return nil, &RequestError{Vendor: vendor, Method: http.MethodPost, Route: tokenRoute, Attempts: 1, LastStatus: resp.StatusCode,
			Err: errors.New("token response has no access_token")}
	}
	if tr.TokenType != "" && !strings.EqualFold(tr.TokenType, "bearer") {
		return nil, &RequestError{Vendor: vendor, Method: http.MethodPost, Route: tokenRoute, Attempts: 1, LastStatus: resp.StatusCode,
			Err: errors.New("token response has a token_type other than bearer")}
	}
	tok := &oauth2.Token{AccessToken: tr.AccessToken, TokenType: "Bearer"}
	if tr.ExpiresIn > 0 {
		tok.Expiry = f.now().Add(time.Duration(tr.ExpiresIn) * time.Second)
	}
	return tok, nil
}

// maxTokenBody caps the token endpoint's answer.
const maxTokenBody = 1 << 20

func readTokenBody(resp *http.Response) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(resp.Body, maxTokenBody+1))
	if err != nil {
		return nil, errors.New("reading the token response failed")
	}
	if len(data) > maxTokenBody {
		return nil, errors.New("token response exceeds 1 MiB")
	}
	return data, nil
}
