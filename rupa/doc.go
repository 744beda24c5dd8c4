// Package rupa is a client for Rupa Health, the lab-ordering platform for practitioners: a
// practitioner platform connects its practitioners' Rupa accounts (OAuth2), creates order
// intents (carts the practitioner checks out at Rupa), lists their clinic's patients, and
// receives Rupa's webhook events for every change to an order of the clinic, among them one
// order.new_result per test result.
//
//	oauth, err := rupa.NewAuthCodeFlow(rupa.AuthCodeFlowConfig{ClientID: id, ClientSecret: secret,
//		RedirectURL: "https://app.example.com/rupa/callback", TokenURL: tokenURLFromRupa})
//	tok, err := oauth.Exchange(ctx, &rupa.ExchangeParams{Code: r.URL.Query().Get("code")})
//	client, err := oauth.NewClient(tok, storeToken)           // one Client per practitioner
//	oi, err := client.OrderIntents.Create(ctx, &rupa.OrderIntentCreateParams{...})
//	http.Redirect(w, r, oi.URL(), http.StatusSeeOther)
//
//	h, err := rupa.NewWebhookHandler(verifier, rupa.EventRouter{
//		OrderNewResult: func(ctx context.Context, n *rupa.OrderNewResult) error {
//			clinic, err := n.ClinicID() // match your practitioners by clinic id
//			...
//		},
//	}.Dispatch)
//
// The subpackage rupatest is an in-memory fake of the API with an event builder and a
// signing sender, and examples/rupa-results-sync is the results-syncing guide done in Go.
//
// # Shape
//
// The labwire shape (see package whoop): NewClient(opts...) with options that validate,
// an immutable Client safe for concurrent use; services as fields (Client.OrderIntents,
// Client.Patients); ctx first, one params struct per method, checks before sending that
// name the field (*ValidationError, matching ErrValidation) and never echo a value; the
// shared error types (*APIError, *RequestError) and category sentinels; Client.Do for
// routes not wrapped yet. Every response keeps its raw JSON (RawJSON). Types that can hold
// patient or personal data print, log and marshal redacted (ids, types and counts only;
// redact_gen.go lists them); store or forward them with RawJSON.
//
// # Authentication
//
// Rupa's API acts on behalf of a practitioner who granted your application access: OAuth2
// authorization code. AuthCodeFlow.AuthCodeURL sends the practitioner to
// https://labs.rupahealth.com/oauth/authorize; AuthCodeFlow.Exchange turns the code they come back
// with into an access and a refresh token; AuthCodeFlow.TokenSource keeps one practitioner's token
// fresh (refresh_token grant, once more after a 401, rotated refresh tokens handed to your
// callback for storage). Make one Client per practitioner with AuthCodeFlow.NewClient or
// WithTokenSource; clients share connections. WithBearerToken takes a token you renew
// yourself. Tokens and sources are golang.org/x/oauth2's types (rupa.Token is
// oauth2.Token); the refresh grant itself is the shared labwire token fetcher's, not
// oauth2.Config.TokenSource, whose internal cache cannot be told that Rupa refused a token
// (so a 401 could not force a refresh) and whose errors carry the endpoint's body.
//
// # Hosts
//
// ProductionBaseURL (https://api.rupahealth.com) is the default; WithEnvironment(Sandbox) selects
// SandboxBaseURL (https://api-sandbox.rupahealth.com); WithBaseURL any other, such as a
// rupatest server.
//
// # Webhooks
//
// An Event is the state of a resource at the time of a change (Data.Object, an order) with
// the resources it links to that Rupa included (Data.Included), as JSON:API resources.
// ParseEvent decodes strictly (invalid UTF-8, duplicate keys and trailing data refused) and
// indexes the resources; Event.ClinicID is the guide's matching rule; Event.OrderNewResult
// types order.new_result. Every other type is delivered as a generic *Event with its type
// and every field kept.
//
// NewWebhookHandler takes the verifier you build (Rupa's scheme is not public), deduplicates
// by event id, and dispatches by type to EventRouter, in package webhook's asynchronous
// (default, answers at once), synchronous (dispatch.WithSync) or inbox (dispatch.WithInbox,
// stored durably before answering) mode. Rupa retries a failed delivery for up to
// three days with exponential backoff, and sends another order.new_result when a result
// changes: make your handler idempotent on the ordered test, not the event.
//
// A failing handler is retried with backoff (asynchronous and inbox modes) or answered 500
// for Rupa to redeliver (sync), never when a retry could repeat a write. An
// OrderIntents.Create that may have reached Rupa fails with ErrOutcomeUnknown (wrap your
// own such failures with it too): return it unchanged and the event goes to the
// dead-letter path (dispatch.WithDeadLetter, category "outcome_unknown"); so do a panic,
// dispatch.Permanent, an unparseable body and the errors of a refused request
// (ErrValidation, ErrBadRequest, ErrUnauthorized, ErrForbidden). Look before writing again
// (NewWebhookHandler says how); dispatch.WithRetryRule sets another rule. Failures are
// logged with the event type, one of EventTypeValues or "unknown", never a payload value.
//
// # Retries and writes
//
// Reads are retried on connection failures, 429 and 5xx with jittered backoff. Creating an
// order intent is retried only after a 429 or when the request provably never left: Rupa
// documents no idempotency key, so on ErrOutcomeUnknown an order intent may exist (an unused
// one does no harm; create another).
//
// # What Rupa's documentation leaves open
//
// Rupa's public documentation could be read only in part; what it does not say, this
// package does not invent. Each gap and what we chose:
//
//   - The token endpoint URL (and revoke endpoint, scopes, token lifetime, PKCE support) is
//     not public: AuthCodeFlowConfig.TokenURL is required and has no default. Token requests are
//     form-encoded per RFC 6749 with the client credentials in the body
//     (AuthCodeFlowConfig.ClientSecretBasic sends raw HTTP Basic instead); scopes and PKCE are sent
//     only if you ask. Revocation is not wrapped; whether the sandbox has its own authorize
//     host is not said (AuthCodeFlowConfig.AuthorizeURL).
//   - The webhook signature scheme (header, algorithm, key, signed string, tolerance) is not
//     public, though Rupa says to verify it: the verifier is a required argument, with no
//     default and no way to skip it.
//   - The list of event types is not public: only order.new_result is named
//     (EventTypeOrderNewResult); others pass through as generic events. The guide's example
//     is neither JSON nor Python (single quotes, trailing commas, one double-quoted value,
//     JSON's null): testdata/order_new_result.json is a corrected JSON copy, changed only in
//     quoting and commas.
//   - The guide's prose says Order.patient_practitioner; the field is patients_practitioner.
//     Its example includes the ordered tests and the practitioner, not the patient, clinic
//     or lab test: resolving those fails with ErrNotIncluded. The clinic's id comes from the
//     practitioner's relationship, so matching works without the clinic included. The
//     example links patients_practitioner to-one, but Rupa also sends relationships as
//     to-many arrays with meta.count: patients_practitioner and clinic are read in both
//     forms (a one-element array is the link; more elements are ErrRelationshipCardinality).
//   - Which envelope fields are required is not said: id, type and data.object are; an
//     event without created_at decodes with a zero CreatedAt. A resource included twice is
//     refused, since JSON:API forbids it and picking one could apply a stale state.
//   - The format of results_pdf, results_hl7 and requisition (URL, inline content, object)
//     is not documented and the examples show null: Document keeps the JSON value, and URL
//     returns it when it is a string.
//   - Order statuses beyond "Pending Payment" and "In Progress", payers beyond "patient", and
//     total_price's unit and currency are not documented: unknown values decode and
//     round-trip; TotalPrice keeps its digits.
//   - Where an order intent's metadata appears in events is not said; it is kept in the raw
//     attributes whatever its place.
//   - The order-intent answer's link is redirect_url in rupa-js and checkout_url in the
//     checkout guide: both are decoded, OrderIntent.URL returns either. The route keeps
//     rupa-js's trailing slash (/order-intents/); /patients is written as the guide writes
//     it.
//   - Whether JSON:API routes answer errors as Rupa's {"code","message","fields"} or as
//     JSON:API's {"errors": [...]} is not said: ErrorDetailsOf reads both. Rupa's
//     RupaValidationError may come with 400 or 422; match ErrBadRequest or ErrValidation, or
//     read ErrorDetails.Code.
//   - Pagination and filters of /patients are not documented: List returns one page with its
//     meta, and All follows JSON:API's links.next when Rupa sends one (taking only its query,
//     so the request stays on the client's base URL). Rate limits are not documented: 429
//     and Retry-After are honoured as everywhere.
//   - Rupa's webhook time budget is not published: the default asynchronous mode answers at
//     once; use dispatch.WithSync only with fast handlers, or dispatch.WithInbox. Event
//     ids are remembered for DefaultDedupTTL, four days, against Rupa's three days of
//     retries.
//   - Patient-create, order, practitioner, clinic and lab-test catalog endpoints are
//     referenced but not documented: not wrapped (Client.Do reaches them). The practitioner
//     endpoint that gives a practitioner's clinic id is among them, so
//     examples/rupa-results-sync takes clinic ids as configuration.
//
//go:generate go run ../internal/vendorgen
package rupa
