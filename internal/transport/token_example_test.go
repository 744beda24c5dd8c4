package transport_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"

	"github.com/labwire/labwire/internal/transport"
)

// A vendor declares its token endpoint once; ClientCredentials gives the cached token
// source that TokenAuth puts on every request.
func ExampleSettings_ClientCredentials() {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/api/oauth/token":
			if user, pass, ok := r.BasicAuth(); !ok || user != "api-key" || pass != "SX0LGy6z!Pa~,V-!A:az" {
				w.WriteHeader(http.StatusUnauthorized)
				return
			}
			w.Header().Set("Content-Type", "application/json")
			fmt.Fprint(w, `{"access_token":"at-1","token_type":"Bearer","expires_in":"1800"}`)
		case "/api/orders":
			fmt.Println("API call with", r.Header.Get("Authorization"))
		default:
			w.WriteHeader(http.StatusServiceUnavailable)
		}
	}))
	defer srv.Close()

	s := transport.Settings{Vendor: "acme", BaseURL: srv.URL + "/api"}
	ep := transport.TokenEndpoint{URL: "/oauth/token", Encoding: transport.FormBody, ClientAuth: transport.BasicRaw}
	ts, err := s.ClientCredentials(ep, "api-key", "SX0LGy6z!Pa~,V-!A:az")
	if err != nil {
		fmt.Println(err)
		return
	}
	s.Auth = transport.TokenAuth(ts)
	c, err := transport.New(s)
	if err != nil {
		fmt.Println(err)
		return
	}
	for range 2 {
		if _, err := c.Do(context.Background(), &transport.Request{Op: "orders.list", Method: http.MethodGet, Route: "/orders"}, nil); err != nil {
			fmt.Println(err)
		}
	}

	// A token endpoint that is down is a server error, not a credential problem.
	down := transport.Settings{Vendor: "acme", BaseURL: srv.URL + "/api", MaxRetries: transport.NoRetries}
	ts, _ = down.ClientCredentials(transport.TokenEndpoint{URL: "/down/token"}, "api-key", "secret")
	_, err = ts.Token()
	fmt.Println(err, errors.Is(err, transport.ErrUnauthorized))
	// Output:
	// API call with Bearer at-1
	// API call with Bearer at-1
	// acme: POST /down/token: 503 service unavailable false
}

// An authorization code with PKCE: the verifier stays with you, its challenge goes on the
// authorize URL, and the exchange sends the verifier back.
func ExampleTokenFetcher_ExchangeCode() {
	verifier := "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk" // use transport.NewVerifier()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_ = r.ParseForm()
		if transport.S256Challenge(r.PostForm.Get("code_verifier")) != "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM" {
			w.WriteHeader(http.StatusBadRequest)
			fmt.Fprint(w, `{"error":"invalid_grant"}`)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprint(w, `{"access_token":"at-1","token_type":"Bearer","expires_in":1800}`)
	}))
	defer srv.Close()

	s := transport.Settings{Vendor: "acme", BaseURL: srv.URL}
	f, err := s.TokenFetcher(transport.TokenEndpoint{URL: "/oauth/token"})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("challenge:", transport.S256Challenge(verifier))
	tok, err := f.ExchangeCode(context.Background(), transport.CodeExchange{
		Code: "code-from-redirect", Verifier: verifier, ClientID: "public-client", RedirectURI: "https://lab.example/cb",
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(tok.AccessToken, tok.RefreshToken == "")

	_, err = f.ExchangeCode(context.Background(), transport.CodeExchange{
		Code: "code-from-redirect", Verifier: transport.NewVerifier(), ClientID: "public-client",
	})
	fmt.Println(err, errors.Is(err, transport.ErrUnauthorized))
	// Output:
	// challenge: E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM
	// at-1 true
	// acme: POST /oauth/token: 400 bad request true
}
