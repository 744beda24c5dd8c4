package workpath_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"net/http"
	"net/url"

	"github.com/labwire/labwire/workpath"
	"github.com/labwire/labwire/workpath/workpathtest"
)

// redirectBack follows the authorize URL as a user's browser would and returns the query of
// the redirect to your callback; the fake approves at once.
func redirectBack(authorizeURL string) url.Values {
	noFollow := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := noFollow.Get(authorizeURL)
	if err != nil {
		log.Fatal(err)
	}
	resp.Body.Close()
	back, err := url.Parse(resp.Header.Get("Location"))
	if err != nil {
		log.Fatal(err)
	}
	return back.Query()
}

// NewAuthCodeFlow takes the API key and its registered redirect URI; credential options do
// not apply to it.
func ExampleNewAuthCodeFlow() {
	srv, err := workpathtest.NewServer()
	if err != nil {
		log.Fatal(err)
	}
	defer srv.Close()
	flow, err := workpath.NewAuthCodeFlow(workpathtest.DefaultAPIKey, workpathtest.DefaultRedirectURI, workpath.WithBaseURL(srv.URL))
	fmt.Println(flow != nil, err)

	_, err = workpath.NewAuthCodeFlow(workpathtest.DefaultAPIKey, "/callback")
	var ve *workpath.ValidationError
	fmt.Println(errors.As(err, &ve), ve.Field)
	// Output:
	// true <nil>
	// true redirectURI
}

// Start makes a random state and PKCE verifier: keep both server-side, keyed by the state,
// and send the user to URL.
func ExampleAuthCodeFlow_Start() {
	flow, err := workpath.NewAuthCodeFlow(workpathtest.DefaultAPIKey, workpathtest.DefaultRedirectURI)
	if err != nil {
		log.Fatal(err)
	}
	a, err := flow.Start(&workpath.AuthorizeParams{Onboarding: true})
	if err != nil {
		log.Fatal(err)
	}
	u, err := url.Parse(a.URL)
	if err != nil {
		log.Fatal(err)
	}
	q := u.Query()
	fmt.Println(u.Host, u.Path, q.Get("code_challenge_method"), q.Get("response_type"), q.Get("onboarding"))
	fmt.Println(q.Get("state") == a.State, len(a.Verifier))
	fmt.Println(a) // the state and the verifier never print
	// Output:
	// api.workpath.co /oauth/authorize S256 code 1
	// true 43
	// workpath.Authorization{PHI redacted}
}

// AuthorizeURL is Start with your own state and verifier.
func ExampleAuthCodeFlow_AuthorizeURL() {
	flow, err := workpath.NewAuthCodeFlow(workpathtest.DefaultAPIKey, workpathtest.DefaultRedirectURI)
	if err != nil {
		log.Fatal(err)
	}
	verifier := "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk" // RFC 7636's example
	u, err := flow.AuthorizeURL("session-42", verifier, nil)
	if err != nil {
		log.Fatal(err)
	}
	parsed, err := url.Parse(u)
	if err != nil {
		log.Fatal(err)
	}
	q := parsed.Query()
	fmt.Println(q.Get("state"), q.Get("code_challenge"))

	_, err = flow.AuthorizeURL("session-42", "too-short", nil)
	fmt.Println(errors.Is(err, workpath.ErrValidation))
	// Output:
	// session-42 E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM
	// true
}

// ParseRedirect checks the state before anything else, so a forged redirect is refused.
func ExampleParseRedirect() {
	code, err := workpath.ParseRedirect(url.Values{"state": {"session-42"}, "code": {"abc"}}, "session-42")
	fmt.Println(code, err)

	_, err = workpath.ParseRedirect(url.Values{"state": {"forged"}, "code": {"abc"}}, "session-42")
	fmt.Println(errors.Is(err, workpath.ErrStateMismatch))

	_, err = workpath.ParseRedirect(url.Values{"state": {"session-42"}, "error_type": {"access_denied"}}, "session-42")
	var ae *workpath.AuthorizationError
	fmt.Println(errors.As(err, &ae), ae.Type)
	// Output:
	// abc <nil>
	// true
	// true access_denied
}

// Exchange trades the code for a token, once: a code is single-use.
func ExampleAuthCodeFlow_Exchange() {
	srv, err := workpathtest.NewServer()
	if err != nil {
		log.Fatal(err)
	}
	defer srv.Close()
	ctx := context.Background()
	flow, err := workpath.NewAuthCodeFlow(workpathtest.DefaultAPIKey, workpathtest.DefaultRedirectURI, workpath.WithBaseURL(srv.URL))
	if err != nil {
		log.Fatal(err)
	}
	a, err := flow.Start(nil)
	if err != nil {
		log.Fatal(err)
	}
	code, err := workpath.ParseRedirect(redirectBack(a.URL), a.State)
	if err != nil {
		log.Fatal(err)
	}
	tok, err := flow.Exchange(ctx, code, a.Verifier)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(tok.Type(), tok.RefreshToken == "", tok.ExpiresIn)

	_, err = flow.Exchange(ctx, code, a.Verifier)
	fmt.Println(errors.Is(err, workpath.ErrBadRequest))
	// Output:
	// Bearer true 1800
	// true
}
