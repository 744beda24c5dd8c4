// Package workpath is a client for the Workpath Housecall API (Intake API v2): book in-home
// blood draws and other mobile services. A health company creates an intake (patient,
// provider, services, location); Workpath turns it into an appointment that moves through
// thirteen statuses, performed by a specialist; Workpath reports changes by signed webhook.
//
//	c, err := workpath.NewClient(
//		workpath.WithBaseURL(baseURL), // the host Workpath gives you; default https://api.workpath.co
//		workpath.WithClientCredentials(apiKey, apiPassword, workpath.TokenAuthBasic),
//		workpath.WithAPIKeyAuth(apiKey, apiPassword), // for /api-keys and /webhooks
//	)
//	res, err := c.Intakes.Create(ctx, &workpath.IntakeCreateParams{...})
//	doc, err := c.Intakes.UploadDocument(ctx, res.Object.ID, &workpath.DocumentUpload{
//		Filename: "requisition.pdf", ContentType: "application/pdf", Content: f})
//	for a, err := range c.Appointments.All(ctx, &workpath.AppointmentListParams{Limit: 50}) { ... }
//
// The client is immutable and safe for concurrent use. Every method takes a context first,
// checks its arguments before sending (a *ValidationError naming the Go field, never its
// value), and names its route on the last line of its doc.
//
// # Authentication: three modes, each on the routes that need it
//
//   - Client credentials (WithClientCredentials): POST /oauth/token, form encoded, with the
//     API key and password either as HTTP Basic of the raw "key:password" (TokenAuthBasic;
//     Workpath's example password "SX0LGy6z!Pa~,V-!A:az" arrives unchanged, which
//     x/oauth2's header style, URL-escaping first, would not do) or as client_id and
//     client_secret in the body (TokenAuthBody). The token is a Bearer token for every route
//     but two; the client caches it, fetches a new one shortly before it expires (there is
//     no refresh token) and once more after a 401.
//   - Authorization code with PKCE (AuthCodeFlow): for an app acting for a Workpath user.
//     Start builds GET /oauth/authorize (client_id, redirect_uri, state, the S256
//     code_challenge, response_type=code, optionally onboarding=1); ParseRedirect reads the
//     redirect (code and state, compared in constant time, or error_type/error and
//     error_description); Exchange trades the code (grant_type, code, code_verifier,
//     code_challenge_method=S256, client_id, redirect_uri, no secret). The token has no
//     refresh token and lives 1800 s in Workpath's example: when calls fail with
//     ErrUnauthorized, send the user through the flow again. Pass it with WithBearerToken.
//   - HTTP Basic with the API key and password (WithAPIKeyAuth) on /api-keys and /webhooks.
//
// A call to a route whose credential was not configured fails before sending, naming the
// option. Workpath limits a client to two API credentials: APIKeys.Create makes the second.
//
// # Errors
//
// Workpath's codes map onto labwire's shared errors: 400 ("[FIELD NAME] missing from
// payload." and the validation messages) ErrBadRequest, 401 ErrUnauthorized, 402 "Request
// Failed" (StatusRequestFailed, no sentinel), 403 ErrForbidden ("Invalid credentials" and
// "Invalid permissions" alike), 404 ErrNotFound, 409 ErrConflict, 429 ErrRateLimited, 5xx
// ErrServer. Workpath's message is in APIError.Message (it may echo patient data, so it is
// never part of Error()). Reads, PUTs and DELETEs are retried on 429, 5xx and broken
// connections; a POST only when it provably never reached Workpath, except cancel and add
// tag, which are idempotent by nature. A write that may have happened fails with
// ErrOutcomeUnknown: read before writing again.
//
// # Uploads
//
// Intakes.UploadDocument and Appointments.UploadDocument send multipart/form-data with the
// file streamed from an io.Reader as the request is written: a 200 MiB document keeps the
// live heap within 0.06-0.08 MiB of where it was (BenchmarkUploadDocument; building the body
// in memory the stdlib way peaks at 560-600 MiB).
// Content that can be re-read (an io.Seeker: a file, a bytes.Reader) is sent again where
// Workpath processed nothing, after a 429 or a connection refused before sending; a stream
// that cannot be re-read is sent once and never retried. No upload is retried after a 503;
// a failure after the body started is ErrOutcomeUnknown.
//
// # Webhooks
//
// Workpath POSTs {"type": "Appointment", "action": ..., "eventTs": ..., "data": {...}} for
// the appointments of your integration, signed in the WP-Signature header as
// "t=<unix>,v1=<hex HMAC-SHA256(secret, t + "." + raw body)>". NewWebhookVerifier checks
// it (five minutes' tolerance, both directions; several secrets for a rotation), ParseEvent
// decodes the body strictly with the appointment typed, and NewWebhookHandler does both
// with webhook's modes: asynchronous by default, dispatch.WithSync to handle before
// answering (a failure answers 5xx so Workpath may redeliver), dispatch.WithInbox for a
// durable inbox. Actions are create, modify and destroy, as the subscription flags name
// them; unknown actions are kept. There is no event id: the deduplication key (DedupKey) is
// the SHA-256 of the raw body, which holds eventTs, the action and the appointment, so a
// redelivery signed again with a later t is recognised and two changes are not confused.
//
// A failing EventHandler is retried with backoff (asynchronous and inbox modes) or answered
// 500 for Workpath to redeliver (sync), never when a retry could repeat a write. An
// Intakes.Create that may have reached Workpath fails with ErrOutcomeUnknown: return it
// unchanged and the event goes to the dead-letter path (dispatch.WithDeadLetter, category
// "outcome_unknown") instead of booking a second visit; so do a panic, dispatch.Permanent,
// an unparseable body and the errors of a refused request (ErrValidation, ErrBadRequest,
// ErrUnauthorized, ErrForbidden). Look before writing again (NewWebhookHandler says how);
// dispatch.WithRetryRule sets another rule. Failures are logged with the event type
// ("Appointment.modify", or "unknown"), never a payload value.
//
// # Patient data
//
// Every type that can hold patient data (Person, Patient, Address, CustomField, Intake,
// Appointment, Event, Note, the params and lists that carry them, the people and
// organizations around an appointment) or a secret (APIKey, Webhook, Authorization) prints,
// logs and marshals (json.Marshal too) as a summary of ids and statuses only, under every
// fmt verb and slog handler; redact_gen.go lists them. The methods send their fields. Store
// or forward what Workpath sent with RawJSON. Nothing is logged unless you pass WithLogger,
// and then only metadata.
//
// # What Workpath's documentation leaves open
//
// The seed documentation (mid-2021), the last published docs (2022) and Workpath's
// JavaScript client disagree or say nothing in these places; this is what the package does.
//
//   - Base URL: every route uses https://api.workpath.co; the JS client defaults to
//     https://api-prod.workpath.co; no sandbox host is published. DefaultBaseURL is the
//     documented one; pass the host Workpath gives you with WithBaseURL.
//   - Date of birth: the people table says date_of_birth, every example sends dob, and a
//     validation message demands MMDDYYYY while every example is YYYY-MM-DD. Requests send
//     "dob" as YYYY-MM-DD (a civil Date, no time zone); answers decode dob or date_of_birth.
//   - Names: tables say first_name/last_name, example answers send only "name". Both decode;
//     Person.Name is the name as sent or first and last joined, never split.
//   - is_active is a string in the update request and a boolean in answers: sent as "true"
//     or "false", decoded from either.
//   - medical_record_number is a JSON number: sent as one (*int64), decoded from a number
//     (digits kept) or a string into a string.
//   - Tags: the add-tag table lists id/expires_at flat, the example wraps them in {"tag": ...};
//     the wrapped form is sent. The fake accepts both.
//   - Webhook flags: the request tables say "delete", every example and answer "destroy";
//     "destroy" is sent and read. (The fake accepts "delete" in requests too.)
//   - Create answers: the general rule says a write answers {"request_id": N}, the objects
//     suggest the created object. Intakes.Create and People.Create return a Created holding
//     either; writes with no documented answer (cancel, tags, data, deletes) return a Receipt
//     and accept an empty answer. Workpath does not say whether request_id is the object's id;
//     the package does not assume it.
//   - Ids: Workpath's own sample appointment has "id": 0, so a resource's id is an "id"
//     member that is not null, whatever its number. A call that returns one resource refuses
//     an answer without one ({}) with ErrInvalidResponse; a create accepts the object or a
//     request id, and refuses an answer with neither.
//   - Lists: the docs show bare arrays for API keys and webhooks and no shape at all for
//     appointment search (nor totals, default or maximum limit). Bare arrays decode, and so do
//     arrays wrapped under "data", "items", "results" or the resource's name; a wrapped
//     appointment page's "page", "limit" and "total" are read. All stops on an empty page, a
//     page shorter than Limit, or Total.
//   - Page size: no default and no maximum limit are documented. Limit is refused before
//     sending above MaxLimit (100), a conservative bound of our choosing (four pages of the
//     docs' example limit=25), rather than sending any number (1<<40) to see what happens.
//   - Status filter: status is an "Array[string]" with no encoding shown; it is sent as one
//     status[]=... per value (read as an array by Rails, Phoenix and Express alike). Statuses
//     contain spaces and are sent form-encoded.
//   - POST /appointments/{id}/data documents no body: the fields of the data objects
//     appointments carry ({value, label, type}) are sent.
//   - The note author is documented as "PUT STUFF HERE"; its example is a user object, which
//     is what Note.Author decodes.
//   - Services (GET /services, /services/{id}) are described in prose only, with no JSON
//     shape or auth: they are sent with the Bearer token, decoded with the fields of the
//     appointment example's services, and kept whole in RawJSON.
//   - People routes were removed from the docs in April 2022; they are wrapped as the seed
//     documents them (all table fields required; addresses on create only).
//   - Required intake fields: the seed marks none (the 2022 docs mark order_form, patient
//     names/phone/email and services). Only the validation messages are enforced: a patient
//     needs first and last name, a phone with its country code ("+"), and one of the six
//     biological sexes, matched without regard to case (the intake example sends "male") and
//     sent as written; no string may hold "^". The intake example's phone "8048675309" would
//     itself be refused.
//   - Error bodies have no documented shape: the message is read from "message", "error",
//     "error_description", "detail", the first of "errors", or a short plain-text body.
//   - The credential limit says "a thrown error" without a status: the fake answers 402.
//   - Token answer: expires_in is documented as a string and shown as a number (both decode);
//     the JS client's README says tokens last 24 hours, the docs' example 1800 s; the client
//     trusts expires_in. The redirect's error parameters are error_type in the docs and error
//     in the JS client; both are read.
//   - PKCE: the docs' sample challenge is base64 of a hex digest and the sample verifier has
//     20 characters, neither an RFC 7636 value; this package follows RFC 7636 (43-128
//     character verifiers, base64url SHA-256 challenges) and is tested on its vectors. The JS
//     client's misspelt code_method_challenge is not sent.
//   - Webhook signature: the prose signs t + "." + body; the sample code signs the body alone
//     and its sample digest cannot be reproduced from the sample secret under either reading.
//     The prose is implemented and tested with our own vectors; the sample is documented as
//     not verifying. Workpath publishes no retry policy, no delivery time budget and no event
//     id (see the dedup key above); only "modify" is shown in an example.
//   - Rate limits: a 429 is documented with no numbers or headers; Retry-After is honoured
//     when sent.
//
//go:generate go run ../internal/vendorgen
package workpath
