package rupa_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"net/http"
	"net/url"

	"golang.org/x/oauth2"

	"github.com/labwire/labwire/rupa"
	"github.com/labwire/labwire/rupa/rupatest"
)

// fakeOAuth returns your application's OAuth flow against the fake, with its consent page too,
// so the whole redirect flow runs offline.
func fakeOAuth(srv *rupatest.Server) *rupa.AuthCodeFlow {
	oauth, err := rupa.NewAuthCodeFlow(rupa.AuthCodeFlowConfig{
		ClientID: rupatest.DefaultClientID, ClientSecret: rupatest.DefaultClientSecret,
		RedirectURL:  rupatest.DefaultRedirectURL,
		TokenURL:     srv.TokenURL(),     // Rupa does not publish its token URL: ask Rupa
		AuthorizeURL: srv.AuthorizeURL(), // omit for https://labs.rupahealth.com/oauth/authorize
	})
	if err != nil {
		log.Fatal(err)
	}
	return oauth
}

// NewAuthCodeFlow checks your application's configuration; Rupa does not publish its token
// endpoint, so TokenURL has no default.
func ExampleNewAuthCodeFlow() {
	_, err := rupa.NewAuthCodeFlow(rupa.AuthCodeFlowConfig{
		ClientID: "your-client-id", ClientSecret: "your-client-secret",
		RedirectURL: "https://app.example.com/rupa/callback",
	})
	var ve *rupa.ValidationError
	fmt.Println(errors.As(err, &ve), ve.Field)

	oauth, err := rupa.NewAuthCodeFlow(rupa.AuthCodeFlowConfig{
		ClientID: "your-client-id", ClientSecret: "your-client-secret",
		RedirectURL: "https://app.example.com/rupa/callback",
		TokenURL:    "https://api.rupahealth.example/oauth/token",
	})
	fmt.Println(oauth != nil, err)
	// Output:
	// true AuthCodeFlowConfig.TokenURL
	// true <nil>
}

// AuthCodeURL is where a practitioner consents; tie state to their session and check it when
// they come back. PKCE, which Rupa does not document, is an option.
func ExampleAuthCodeFlow_AuthCodeURL() {
	srv, err := rupatest.NewServer()
	if err != nil {
		log.Fatal(err)
	}
	defer srv.Close()
	oauth := fakeOAuth(srv)
	verifier := oauth2.GenerateVerifier() // keep it with the state
	consent, err := oauth.AuthCodeURL("csrf-state-123", oauth2.S256ChallengeOption(verifier))
	if err != nil {
		log.Fatal(err)
	}
	// The practitioner's browser: the fake's consent page approves at once.
	noFollow := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := noFollow.Get(consent)
	if err != nil {
		log.Fatal(err)
	}
	resp.Body.Close()
	back, err := url.Parse(resp.Header.Get("Location"))
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(resp.StatusCode, back.Path, back.Query().Get("state"), back.Query().Get("code") != "")

	_, err = oauth.AuthCodeURL("")
	fmt.Println(errors.Is(err, rupa.ErrValidation))
	// Output:
	// 302 /rupa/callback csrf-state-123 true
	// true
}

// Exchange trades the code once; a second exchange of the same code is refused.
func ExampleAuthCodeFlow_Exchange() {
	srv, err := rupatest.NewServer()
	if err != nil {
		log.Fatal(err)
	}
	defer srv.Close()
	oauth := fakeOAuth(srv)
	ctx := context.Background()
	code, err := srv.AuthorizeCode(rupatest.DefaultPractitionerID) // the ?code= the practitioner came back with
	if err != nil {
		log.Fatal(err)
	}
	tok, err := oauth.Exchange(ctx, &rupa.ExchangeParams{Code: code})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(tok.Type(), tok.RefreshToken != "", tok.Valid())

	_, err = oauth.Exchange(ctx, &rupa.ExchangeParams{Code: code})
	fmt.Println(errors.Is(err, rupa.ErrUnauthorized))
	// Output:
	// Bearer true true
	// true
}

// TokenSource refreshes a practitioner's token when it expires or is refused; store each
// refreshed token, or the practitioner must consent again after a restart.
func ExampleAuthCodeFlow_TokenSource() {
	srv, err := rupatest.NewServer()
	if err != nil {
		log.Fatal(err)
	}
	defer srv.Close()
	oauth := fakeOAuth(srv)
	access, refresh, err := srv.IssueToken(rupatest.DefaultPractitionerID)
	if err != nil {
		log.Fatal(err)
	}
	stored := &oauth2.Token{AccessToken: access, RefreshToken: refresh} // as you stored it, no expiry known
	ts, err := oauth.TokenSource(stored, func(t *oauth2.Token) { fmt.Println("store the refreshed token") })
	if err != nil {
		log.Fatal(err)
	}
	client, err := rupa.NewClient(rupa.WithBaseURL(srv.URL), rupa.WithTokenSource(ts))
	if err != nil {
		log.Fatal(err)
	}
	srv.ExpireTokens() // the access token stops working
	_, err = client.Patients.List(context.Background(), nil)
	fmt.Println(err)

	srv.ExpireTokens()
	srv.RevokeRefreshTokens() // the practitioner disconnected your application
	_, err = client.Patients.List(context.Background(), nil)
	fmt.Println(errors.Is(err, rupa.ErrUnauthorized))
	// Output:
	// store the refreshed token
	// <nil>
	// true
}

// NewClient is the client of one practitioner, from their stored token.
func ExampleAuthCodeFlow_NewClient() {
	srv, err := rupatest.NewServer(rupatest.WithSequentialIDs())
	if err != nil {
		log.Fatal(err)
	}
	defer srv.Close()
	oauth := fakeOAuth(srv)
	access, refresh, err := srv.IssueToken(rupatest.DefaultPractitionerID)
	if err != nil {
		log.Fatal(err)
	}
	client, err := oauth.NewClient(&oauth2.Token{AccessToken: access, RefreshToken: refresh},
		func(t *oauth2.Token) { /* store it for this practitioner */ },
		rupa.WithBaseURL(srv.URL))
	if err != nil {
		log.Fatal(err)
	}
	oi, err := client.OrderIntents.Create(context.Background(), &rupa.OrderIntentCreateParams{
		PatientData: &rupa.PatientData{FirstName: "Testy", LastName: "McTestface", Email: "testy@example.com"},
		ReturnURL:   "https://app.example.com/rupa/return",
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(oi.ID, srv.OrderIntents()[0].Practitioner == rupatest.DefaultPractitionerID)
	// Output:
	// ordin_0000001 true
}
