// Package whoop is a client for the WHOOP Partner API (Advanced Labs, "Trusted Partner"):
// a lab partner receives lab requisitions from WHOOP, moves each service request (one lab
// test) through its workflow status, and submits diagnostic results.
//
//	client, err := whoop.NewClient(whoop.WithClientCredentials(clientID, clientSecret))
//	req, err := client.Requisitions.Get(ctx, requisitionID)
//	sr, err := client.ServiceRequests.UpdateStatus(ctx, req.ServiceRequests[0].ID,
//		&whoop.ServiceRequestUpdateStatusParams{TaskBusinessStatus: whoop.TaskBusinessStatusOrderConfirmed})
//
// The subpackage whooptest is an in-memory fake of the API for tests, and
// examples/whoop-lab-order runs the whole tutorial flow against it.
//
// # Shape (every labwire vendor package follows it)
//
//   - NewClient(opts ...Option) (*Client, error): options validate and return errors; the
//     Client is immutable and safe for concurrent use. Credentials are explicit options;
//     nothing is read from the environment.
//   - One service per resource, as a field: Client.Requisitions, Client.ServiceRequests,
//     Client.Development. Methods take ctx first, then ids, then one params struct per method
//     (ServiceRequestUpdateStatusParams), then ...RequestOption. Params are never modified.
//     Client.Do is the escape hatch for routes not wrapped yet, through the same stack.
//   - Arguments are checked before any request: a bad one is a *ValidationError naming the
//     field, matching ErrValidation.
//   - Errors are the shared labwire types, re-exported: *APIError (status, route template,
//     request id, attempts; body and vendor message kept out of Error()), *RequestError, and
//     category sentinels for errors.Is (ErrNotFound, ErrRateLimited, ErrOutcomeUnknown, ...).
//   - Result types keep the raw JSON (RawJSON) so fields not modelled here are not lost: the
//     requisition, its patient, service requests and appointments each find theirs in the one
//     answer read, without a second decode. Answers are decoded strictly: invalid UTF-8,
//     duplicate or case-variant keys (which encoding/json would silently merge) and a 2xx
//     without a usable body (empty, null, 204 where a value is returned) are errors matching
//     ErrInvalidResponse.
//   - Types that can hold patient data (LabRequisition, Patient, Appointment,
//     CollectionAddress, ServiceRequest, Observation and the update and results params) show
//     only ids, statuses and counts under every fmt verb, slog handler and json.Marshal, on
//     their own or nested in slices, maps, pointers and structs. json.Marshal therefore does
//     not write their data: store or forward RawJSON; the methods send their fields. (fmt
//     cannot call their methods when they sit in an unexported field of your own struct:
//     keep them in exported fields.) Which types, and what each shows, is declared once:
//     phi struct tags on the fields, and redact_gen.go, generated for every type that can
//     hold patient data (see internal/phi).
//   - Lab values are Decimal (ParseDecimal("5.20") is sent as 5.20). Enums are typed strings
//     with prefixed constants, XValues and IsKnown; unknown values decode and round-trip, so a
//     switch on them needs a default case.
//   - Webhooks: typed events (events.go), a verifier of the vendor's signature scheme, and a
//     handler built on package webhook.
//
// # Authentication
//
// WithClientCredentials runs the Trusted Partner client-credentials flow: POST
// /v2/partner/token with a JSON body {grant_type, client_id, client_secret, scope
// "whoop-partner/token"} (not RFC 6749 form encoding, so golang.org/x/oauth2/clientcredentials
// is not used). The token is cached until a minute before expires_in (a value too large to
// be real is read as a year) and shared by every call of the client; a 401 invalidates it and
// replays the request once. The token request carries the labwire User-Agent and is retried
// like a read (5xx, 429 with its Retry-After, resets, timeouts), so a blip at the token
// endpoint does not fail your call. A failure keeps its category: an outage of the token
// endpoint matches ErrServer or ErrRateLimited, or is a network *RequestError; only a 400 or
// 401 from it (credentials refused) matches ErrUnauthorized. WHOOP's answer body is never
// kept. WithBearerToken takes a token you manage; WithTokenSource any oauth2.TokenSource.
//
// # Retries and writes
//
// Reads are retried on connection failures, 429, 500, 502, 503 and 504 with jittered backoff
// (Retry-After honoured up to the maximum wait). Writes (PATCH status, POST results) are
// retried only after a 429 or when the request provably never left; otherwise the error
// matches ErrOutcomeUnknown. WHOOP offers no idempotency key and answers a results POST with
// 201 and no body, so a duplicate submission would create a second report: read the service
// request back before submitting again.
//
// # What WHOOP's documentation leaves open, and what this package chose
//
//   - task_business_status is a free string in WHOOP's OpenAPI, whose description even gives
//     'Specimen collected' as an example; the documented enum of seven values is taken as
//     authoritative and UpdateStatus refuses anything else before sending.
//   - The order of the workflow is documented, the allowed skips are not.
//     TaskBusinessStatus.CanTransitionTo is the strict reading (PARTIAL_RESULTS_READY may be
//     skipped; issue statuses and FULL_RESULTS_READY are terminal), applied only when a call
//     sets CheckTransition.
//   - The patient object is partner-specific (a oneOf in the OpenAPI). Patient decodes the one
//     published variant and keeps every field in RawJSON.
//   - The service-request docs table omits intent and the requisition table omits
//     appointments; both are decoded, as the OpenAPI and every example have them.
//   - The tutorial's results example omits the per-observation status; Observation.Status is
//     optional.
//   - The two status PATCH routes answer differently: 200 with the service request, 204 for
//     a whole requisition. Results answer 201 with no body, so there is no report id.
//   - No error body schema, rate limits for partners, sandbox host, webhook retry horizon or
//     event id is published. Errors keep the raw body; DefaultDedupTTL is a day.
//   - Ids are UUIDs in the OpenAPI; the client refuses other ids before sending.
//
// # Webhooks
//
// WHOOP signs partner webhooks with the WHOOP-Signed header: the lowercase hex HMAC-SHA256
// of the raw body under your partner signing secret (distinct from the client secret). No
// timestamp is signed, so a captured delivery verifies for ever: NewWebhookHandler
// deduplicates on the signature. WHOOP counts a delivery as failed unless it gets 204 within
// one second, so the handler answers 204 at once and processes on a worker pool. Do not
// confuse this scheme with the consumer API's X-WHOOP-Signature (base64, timestamped, keyed
// with the client secret).
//
// A failing EventHandler is retried with backoff, in process or, with dispatch.WithInbox,
// from a durable inbox; never when a retry could repeat a write. A SubmitResults or
// UpdateStatus that may have reached WHOOP fails with ErrOutcomeUnknown: return it
// unchanged and the event goes to the dead-letter path (dispatch.WithDeadLetter, category
// "outcome_unknown") instead of submitting twice; so do a panic, dispatch.Permanent, an
// unparseable body and the errors of a refused request (ErrValidation, ErrBadRequest,
// ErrUnauthorized, ErrForbidden). Look before writing again (NewWebhookHandler says how);
// dispatch.WithRetryRule sets another rule. Failures are logged with the event type, one of
// EventTypeValues or "unknown", never a payload value.
//
//go:generate go run ../internal/vendorgen
package whoop
