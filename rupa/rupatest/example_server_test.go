package rupatest_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"net/http"
	"net/url"
	"time"

	"github.com/labwire/labwire/rupa"
	"github.com/labwire/labwire/rupa/rupatest"
)

// startFake starts a fake with sequential ids and returns it with a rupa client acting as the
// default practitioner. The caller closes the fake.
func startFake(opts ...rupatest.Option) (*rupatest.Server, *rupa.Client) {
	srv, err := rupatest.NewServer(append([]rupatest.Option{rupatest.WithSequentialIDs()}, opts...)...)
	if err != nil {
		log.Fatal(err)
	}
	access, _, err := srv.IssueToken(rupatest.DefaultPractitionerID)
	if err != nil {
		log.Fatal(err)
	}
	client, err := rupa.NewClient(rupa.WithBaseURL(srv.URL), rupa.WithBearerToken(access),
		rupa.WithRetryWait(time.Millisecond, 10*time.Millisecond))
	if err != nil {
		log.Fatal(err)
	}
	return srv, client
}

// newIntent is an order intent for a new synthetic patient.
func newIntent() *rupa.OrderIntentCreateParams {
	return &rupa.OrderIntentCreateParams{
		PatientData: &rupa.PatientData{FirstName: "Testy", LastName: "McTestface", Email: "testy@example.com"},
		LabTests:    []string{"labts_N0EW1vP"},
		ReturnURL:   "https://app.example.com/rupa/return",
	}
}

// NewServer checks its options: a second practitioner in another clinic, checkout links
// named as Rupa's guide names them.
func ExampleNewServer() {
	srv, err := rupatest.NewServer(
		rupatest.WithSequentialIDs(),
		rupatest.WithPractitioner(rupatest.Practitioner{ID: "pra_other01", ClinicID: "cli_other01", FirstName: "Pat", LastName: "Other"}),
		rupatest.WithCheckoutURLField(),
	)
	if err != nil {
		log.Fatal(err)
	}
	defer srv.Close()
	_, _, err = srv.IssueToken("pra_other01")
	fmt.Println(err)

	_, err = rupatest.NewServer(rupatest.WithPageSize(0))
	fmt.Println(err)
	// Output:
	// <nil>
	// rupatest: WithPageSize: must be at least 1
}

// AddPatient seeds a clinic's patients; a practitioner sees only their clinic's.
func ExampleServer_AddPatient() {
	srv, client := startFake()
	defer srv.Close()
	p, err := srv.AddPatient(rupatest.DefaultClinicID, rupatest.Patient{FirstName: "Ann", LastName: "Test", Email: "ann@example.com", Birthday: "1990-04-01"})
	if err != nil {
		log.Fatal(err)
	}
	if _, err := srv.AddPatient("cli_other01", rupatest.Patient{FirstName: "Bea", LastName: "Test", Email: "bea@example.com"}); err != nil {
		log.Fatal(err)
	}
	page, err := client.Patients.List(context.Background(), nil)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(p.ID, len(page.Patients), page.Patients[0].ID == p.ID)
	// Output:
	// pat_0000001 1 true
}

// AuthorizeCode stands for a practitioner who consented and came back with ?code=.
func ExampleServer_AuthorizeCode() {
	srv, err := rupatest.NewServer()
	if err != nil {
		log.Fatal(err)
	}
	defer srv.Close()
	oauth, err := rupa.NewAuthCodeFlow(rupa.AuthCodeFlowConfig{ClientID: rupatest.DefaultClientID, ClientSecret: rupatest.DefaultClientSecret,
		RedirectURL: rupatest.DefaultRedirectURL, TokenURL: srv.TokenURL()})
	if err != nil {
		log.Fatal(err)
	}
	code, err := srv.AuthorizeCode(rupatest.DefaultPractitionerID)
	if err != nil {
		log.Fatal(err)
	}
	tok, err := oauth.Exchange(context.Background(), &rupa.ExchangeParams{Code: code})
	fmt.Println(err, tok.RefreshToken != "")

	_, err = srv.AuthorizeCode("pra_unknown")
	fmt.Println(err)
	// Output:
	// <nil> true
	// rupatest: AuthorizeCode: unknown practitioner "pra_unknown"
}

// AuthorizeURL is the fake's consent page, for rupa.AuthCodeFlowConfig.AuthorizeURL: the whole
// redirect flow then runs offline.
func ExampleServer_AuthorizeURL() {
	srv, err := rupatest.NewServer()
	if err != nil {
		log.Fatal(err)
	}
	defer srv.Close()
	oauth, err := rupa.NewAuthCodeFlow(rupa.AuthCodeFlowConfig{ClientID: rupatest.DefaultClientID, ClientSecret: rupatest.DefaultClientSecret,
		RedirectURL: rupatest.DefaultRedirectURL, TokenURL: srv.TokenURL(), AuthorizeURL: srv.AuthorizeURL()})
	if err != nil {
		log.Fatal(err)
	}
	consent, err := oauth.AuthCodeURL("csrf-state-123")
	if err != nil {
		log.Fatal(err)
	}
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
	tok, err := oauth.Exchange(context.Background(), &rupa.ExchangeParams{Code: back.Query().Get("code")})
	fmt.Println(resp.StatusCode, back.Query().Get("state"), err, tok.Valid())
	// Output:
	// 302 csrf-state-123 <nil> true
}

// SetConsentingPractitioner chooses who consents on the fake's consent page.
func ExampleServer_SetConsentingPractitioner() {
	srv, err := rupatest.NewServer(rupatest.WithSequentialIDs(),
		rupatest.WithPractitioner(rupatest.Practitioner{ID: rupatest.DefaultPractitionerID, ClinicID: rupatest.DefaultClinicID}),
		rupatest.WithPractitioner(rupatest.Practitioner{ID: "pra_other01", ClinicID: "cli_other01"}))
	if err != nil {
		log.Fatal(err)
	}
	defer srv.Close()
	fmt.Println(srv.SetConsentingPractitioner("pra_other01"))
	fmt.Println(srv.SetConsentingPractitioner("pra_unknown"))
	// Output:
	// <nil>
	// rupatest: SetConsentingPractitioner: unknown practitioner "pra_unknown"
}

// Client is an HTTP client for the fake, for tests that speak to it without the rupa package.
func ExampleServer_Client() {
	srv, err := rupatest.NewServer()
	if err != nil {
		log.Fatal(err)
	}
	defer srv.Close()
	resp, err := srv.Client().Get(srv.URL + "/patients")
	if err != nil {
		log.Fatal(err)
	}
	resp.Body.Close()
	fmt.Println(resp.StatusCode, "without a token")
	// Output:
	// 401 without a token
}

func ExampleServer_Close() {
	srv, client := startFake()
	srv.Close()
	_, err := client.Patients.List(context.Background(), nil)
	fmt.Println(err != nil)
	// Output:
	// true
}

// After ExpireTokens a static token is refused; a client with a refreshing token source
// (rupa.AuthCodeFlow.NewClient) refreshes and replays.
func ExampleServer_ExpireTokens() {
	srv, client := startFake()
	defer srv.Close()
	srv.ExpireTokens()
	_, err := client.Patients.List(context.Background(), nil)
	fmt.Println(errors.Is(err, rupa.ErrUnauthorized))
	// Output:
	// true
}

// IssueToken skips the consent dance: an access and a refresh token for a practitioner.
func ExampleServer_IssueToken() {
	srv, err := rupatest.NewServer()
	if err != nil {
		log.Fatal(err)
	}
	defer srv.Close()
	access, refresh, err := srv.IssueToken(rupatest.DefaultPractitionerID)
	fmt.Println(access != "", refresh != "", err, srv.TokensIssued())
	_, _, err = srv.IssueToken("pra_unknown")
	fmt.Println(err)
	// Output:
	// true true <nil> 1
	// rupatest: IssueToken: unknown practitioner "pra_unknown"
}

// OrderIntents holds what reached the fake, for assertions.
func ExampleServer_OrderIntents() {
	srv, client := startFake()
	defer srv.Close()
	if _, err := client.OrderIntents.Create(context.Background(), newIntent()); err != nil {
		log.Fatal(err)
	}
	for _, oi := range srv.OrderIntents() {
		fmt.Println(oi.ID, oi.Practitioner, oi.LabTests, oi.PatientData != nil, oi.Patient == "")
	}
	// Output:
	// ordin_0000001 pra_PbpNmjM [labts_N0EW1vP] true true
}

// A test asserts PendingFaults is empty to know every scripted fault was exercised.
func ExampleServer_PendingFaults() {
	srv, client := startFake()
	defer srv.Close()
	srv.Script(
		rupatest.Fault{Route: rupatest.RouteListPatients, Status: http.StatusServiceUnavailable},
		rupatest.Fault{Route: rupatest.RouteCreateOrderIntent, Status: http.StatusInternalServerError},
	)
	if _, err := client.Patients.List(context.Background(), nil); err != nil {
		log.Fatal(err)
	}
	for _, f := range srv.PendingFaults() {
		fmt.Println(f.Route, f.Status)
	}
	// Output:
	// POST /order-intents/{$} 500
}

// Requests holds every request, the faulted ones too. They hold credentials and patient data:
// assert on them, never log them.
func ExampleServer_Requests() {
	srv, client := startFake()
	defer srv.Close()
	srv.Script(rupatest.Fault{Route: rupatest.RouteListPatients, Status: http.StatusServiceUnavailable})
	if _, err := client.Patients.List(context.Background(), nil); err != nil {
		log.Fatal(err)
	}
	for _, r := range srv.Requests() {
		fmt.Println(r.Method, r.Path, r.Header.Get("Accept"), r.Fault != nil)
	}
	// Output:
	// GET /patients application/vnd.api+json true
	// GET /patients application/vnd.api+json false
}

// RequestsMatching takes a route pattern: what one route received.
func ExampleServer_RequestsMatching() {
	srv, client := startFake()
	defer srv.Close()
	p := newIntent()
	p.PatientData = nil
	p.Patient = "pat_unknown"
	_, err := client.OrderIntents.Create(context.Background(), p)
	fmt.Println(errors.Is(err, rupa.ErrBadRequest))
	for _, r := range srv.RequestsMatching(rupatest.RouteCreateOrderIntent) {
		fmt.Println(r.Method, r.Path, string(r.Body))
	}
	// Output:
	// true
	// POST /order-intents/ {"patient":"pat_unknown","lab_tests":["labts_N0EW1vP"],"return_url":"https://app.example.com/rupa/return"}
}

// Script queues faults answered before authentication. A create that failed with a 500 may
// have happened: the client does not retry it and says so.
func ExampleServer_Script() {
	srv, client := startFake()
	defer srv.Close()
	srv.Script(rupatest.Fault{Route: rupatest.RouteCreateOrderIntent, Status: http.StatusInternalServerError})
	_, err := client.OrderIntents.Create(context.Background(), newIntent())
	fmt.Println(errors.Is(err, rupa.ErrOutcomeUnknown), len(srv.OrderIntents()))
	// Output:
	// true 0
}

// After RevokeRefreshTokens, as when a practitioner disconnects your application, a refresh
// is refused and the practitioner must consent again.
func ExampleServer_RevokeRefreshTokens() {
	srv, err := rupatest.NewServer()
	if err != nil {
		log.Fatal(err)
	}
	defer srv.Close()
	oauth, err := rupa.NewAuthCodeFlow(rupa.AuthCodeFlowConfig{ClientID: rupatest.DefaultClientID, ClientSecret: rupatest.DefaultClientSecret,
		RedirectURL: rupatest.DefaultRedirectURL, TokenURL: srv.TokenURL()})
	if err != nil {
		log.Fatal(err)
	}
	_, refresh, err := srv.IssueToken(rupatest.DefaultPractitionerID)
	if err != nil {
		log.Fatal(err)
	}
	srv.RevokeRefreshTokens()
	ts, err := oauth.TokenSource(&rupa.Token{RefreshToken: refresh}, nil)
	if err != nil {
		log.Fatal(err)
	}
	_, err = ts.Token()
	fmt.Println(errors.Is(err, rupa.ErrUnauthorized))
	// Output:
	// true
}

// TokenURL is the fake's token endpoint, for rupa.AuthCodeFlowConfig.TokenURL (Rupa does not publish
// its own).
func ExampleServer_TokenURL() {
	srv, err := rupatest.NewServer()
	if err != nil {
		log.Fatal(err)
	}
	defer srv.Close()
	u, err := url.Parse(srv.TokenURL())
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(u.Path == rupatest.TokenPath, u.Path)
	// Output:
	// true /oauth/token/
}

// TokensIssued counts the access tokens issued, by the token route or IssueToken.
func ExampleServer_TokensIssued() {
	srv, client := startFake()
	defer srv.Close()
	for range 2 {
		if _, err := client.Patients.List(context.Background(), nil); err != nil {
			log.Fatal(err)
		}
	}
	fmt.Println(srv.TokensIssued())
	// Output:
	// 1
}
