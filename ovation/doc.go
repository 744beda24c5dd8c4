// Package ovation is a client for the Ovation LIMS API (v3, "OvDx"): a lab keeps its
// requisitions in Ovation (created by API or from provider portals), runs their samples
// through workflows, has reports generated and signed, and is called back by webhook.
//
//	client, err := ovation.NewClient(ovation.WithAPIKey(key), ovation.WithEnvironment(ovation.Sandbox))
//	req, err := client.Requisitions.Create(ctx, "789", &ovation.RequisitionCreateParams{
//		Requisition: &ovation.Requisition{
//			RequestedTests: []ovation.RequestedTest{{PanelCode: "COVID"}},
//			Samples:        []ovation.Sample{{Identifier: "S-1", Group: "Swab", Label: "NP Swab"}},
//		},
//	})
//	for r, err := range client.Requisitions.All(ctx, "789", &ovation.RequisitionListParams{
//		AccessionStatus: []ovation.AccessionStatus{ovation.AccessionStatusSigned},
//	}) { ... }
//
// The subpackage ovationtest is an in-memory fake of the API for tests, and
// examples/ovation-requisitions runs a whole flow against it (or against Ovation).
//
// # Authentication and hosts
//
// Every call carries "Authorization: Bearer <API key>" (WithAPIKey, required); the key is a
// user's, created under Settings → Security, and the API enforces that user's permissions.
// Keys are per environment. WithEnvironment picks Production
// (https://lab-services.ovation.io/api/v3, the default) or Sandbox
// (https://lab-services-sandbox.ovation.io/api/v3); WithBaseURL overrides both, e.g. with an
// ovationtest server. The client is immutable and safe for concurrent use.
//
// # Routes
//
// Requisitions scoped to a project template (Client.Requisitions: List, All, Get, Create,
// Update, Delete (Ovation archives), Schema) and to an organization (Client.UnscopedRequisitions); project
// templates, sample labels, test panels and documents; workflows, workflow definitions,
// workflow sample results and the QC workflow report; report content and resources going
// into Ovation, and report PDFs coming out (Reports.Download, same-origin links only); provider accounts, providers, contacts, sales groups and reps; webhook
// endpoints and their deliveries. Each method's doc ends with its route. Client.Do reaches
// any other route through the same stack.
//
// # Lists
//
// List returns one page and its Meta; All iterates every page lazily (break stops all I/O;
// an error is yielded once, last). A requisition page is up to 5000 requisitions, megabytes
// of JSON: both read it with the shared streamed page decoder (internal/pager.DecodePage),
// which checks it as strictly as any answer while holding only the requisitions that have
// arrived and are not yet handed over, so All holds a few hundred at most, never the page.
// On 20 pages of 5000 (BenchmarkListPages, BenchmarkListPagesInterleaved), All takes about
// the time of plain net/http plus one json.Unmarshal of each whole page into structs of the
// same fields (1.0–1.1×, served from memory or a loopback server), with as many allocations
// and about a tenth of its peak live heap. Once a page has started streaming it is not
// retried, so no requisition is yielded twice.
//
// # Retries and writes
//
// Reads, PUTs (Update, report content) and DELETEs (Delete, which archives) are retried on connection
// failures, 429 and 5xx with jittered backoff; a PUT sends the whole state, so repeating it
// is harmless. POSTs (Create, resources, webhook retries) are retried only when Ovation
// cannot have seen them; otherwise the error matches ErrOutcomeUnknown and nothing is
// resent: look the requisition up by identifier before creating it again. Ovation offers no
// idempotency key.
//
// # Errors
//
// Errors are the shared labwire types: *APIError (status, route template, request id,
// attempts; Ovation's messages kept out of Error()), *RequestError, *ValidationError for
// arguments refused before sending (naming the Go field, never echoing the value), and the
// category sentinels (ErrNotFound, ErrValidation, ErrNotAcceptable for 406, ...).
// ErrorDetailsOf returns the messages of a 422 or 406, per field where Ovation names one.
//
// # Requisition JSON
//
// One Requisition type is sent by Create and Update and answered by Get, Create, Update
// and List. The write envelope carries markAsSigned beside the requisition, not in it. Each
// field says whether Ovation ignores it on write (identifier when the template autogenerates
// it, medications[].name, the statuses, workflows, reports) or never answers it
// (samples[].label). Consent flags are numbers in the field table and booleans in the
// template: MedicalConsent (0 given, 1 not given, 3 unknown; true decodes as given) and
// SecondaryUseNotification (0–3; true decodes as 1) decode both and send the number, and
// the deprecated signedConsent decodes as the docs map it. Entitlements is the
// pipe-delimited secondaryUseEntitlements. Enums are open: unknown values decode and
// round-trip, and a switch on them needs a default case. Ids are number-or-string (ID).
//
// Requisitions, patients, billing and insurance, samples, reports, events, sample results,
// custom attributes, and every other type that can hold patient data (redact_gen.go lists
// them) print, log and json.Marshal as a redacted summary (ids, statuses, counts). The
// methods send the real fields; store or forward RawJSON, never json.Marshal of these types.
//
// # Webhooks
//
// Ovation signs nothing: NewWebhookVerifier checks the HTTP Basic credentials configured on
// the endpoint, NewWebhookHandler parses each event strictly (ParseEvent; unknown types are
// kept) and deduplicates retried deliveries. Ovation expects a 2xx within 10 seconds and
// otherwise retries twice, at 64 s and 729 s: the default asynchronous mode answers at once;
// dispatch.WithSync processes before answering, and a failure answers 500 so Ovation
// retries; dispatch.WithInbox stores the delivery durably first.
//
// A failing EventHandler is retried with backoff (asynchronous and inbox modes) or answered
// 500 for Ovation to redeliver (sync), never when a retry could repeat a write. A
// Requisitions.Create that may have reached Ovation fails with ErrOutcomeUnknown: return it
// unchanged and the event goes to the dead-letter path (dispatch.WithDeadLetter, category
// "outcome_unknown") instead of creating a second requisition; so do a panic,
// dispatch.Permanent, an unparseable body and the errors of a refused request
// (ErrValidation, ErrBadRequest, ErrUnauthorized, ErrForbidden). Look the requisition up by
// identifier before creating it again; dispatch.WithRetryRule sets another rule. Failures
// are logged with the event type, one of EventTypeValues or "unknown", never a payload
// value.
//
// # What Ovation's documentation leaves open, and what this package chose
//
//   - The update path is printed /projectTemplates/{projectTemplateID}/...; every other
//     route and Ovation's own API reference say project_templates, which is sent.
//   - The docs print routes as /api/v3/..., /v3/... and, in code samples, <base>/api/v3/...
//     again. The base URL includes /api/v3 and routes are joined under it.
//   - A date-only startDate or endDate means 00:00:00 of that day in the organization's time
//     zone, so a date-only EndDate excludes that day: ThroughDate includes it by sending the
//     next day. AtTime sends an explicit offset, since the docs say "organization time zone"
//     and show "Z".
//   - perPage is at most 5000 for requisitions and provider accounts and 1000 for webhook
//     events (the documented maxima and defaults); more is refused before sending. Paging
//     stops when meta says the last page was reached, or on a short or empty page when
//     meta is missing (see the paging rule below).
//   - The list answers snake_case limited details while a get answers camelCase, and
//     answers mix the two: both spellings decode into the same fields.
//   - The seed's examples are not valid JSON (a missing comma, a trailing comma, "...");
//     corrected copies are in testdata/. reporting_status "not-started" appears in the
//     example but not the list of values: it is a constant here.
//   - "Requisitions must have at least one test panel", samples need an identifier (unique
//     in the requisition) and a label, and secondaryUseEntitlements is required with
//     hasSecondaryUseNotification 2: the docs state these as musts, so they are checked
//     before sending. Fields the requisition schema marks required are required to complete
//     a requisition, not to call the API, and are never checked.
//   - No 422 body schema is published: ErrorDetailsOf reads the Rails shapes
//     ({"errors": {field: [messages]}}, a list, a string, {"error"} or {"message"}) and short
//     plain-text bodies. Some 404s are HTML pages; they are ErrNotFound like any other.
//   - The un-scoped article could be read only up to Create: no un-scoped update is
//     offered. organizationId and projectTemplateID are sent as query parameters on every
//     un-scoped route, the placement the docs give for the list.
//   - Provider accounts are created at /organizations/{id}/provider_accounts (support site);
//     the 2022 reference's /provider_accounts is reachable with Do. Their get, update and
//     archive take organization_id (snake_case) as documented.
//   - Bodies and answers of providers, contacts, sales groups and reps, documents, project
//     templates, sample labels and test panels are not documented: answers are Records (id,
//     name, RawJSON, Decode), bodies are sent as given, and answer envelopes are read
//     leniently (the documented key, a bare array, or the only array member).
//   - Most single answers are wrapped in a key named after the resource ({"workflow": {...}})
//     but not every one is documented: the documented spellings and a bare object are read,
//     the wrapper key matched case-insensitively as encoding/json matches member names (as
//     pages are read too); a wrapper holding null or a non-object is ErrInvalidResponse.
//     Each answer is checked strictly once and decoded once; RawJSON shares the answer's
//     bytes (the Body WithResponse stores) instead of copying them.
//   - Report content upload answers 201 (support site) or 200 (2022 docs): both succeed.
//   - Webhook endpoints cannot be deleted (no route is documented). Their list answers the
//     singular key "webhook_endpoint"; create takes camelCase, answers are snake_case.
//   - Webhook payloads of report_ready_for_generation, report_correction_ready_for_generation
//     and test_result_ready are documented as field lists only: Event decodes the listed
//     fields, keeps undocumented shapes (testPanels, results, ...) as raw JSON, reads
//     providerNPI and the older physicianNPI into ProviderNPI, and sampleTestResults entries
//     as ids or objects with one. The docs' examples of requisition_canceled and
//     requisition_signed_accession carry "eventType":"sample_rejected" (a copy-paste slip);
//     the eventType sent is what Event.Type reports.
//   - No event id, timestamp header or signature exists: deliveries are deduplicated on a
//     digest of the body for DefaultDedupTTL (an hour, past the 729 s retry).
//   - Rate limits are undocumented beyond 429; a Retry-After is honoured when sent.
//   - A staging environment is mentioned without a host: use WithBaseURL.
//   - Paging metadata is not specified beyond its fields: All asks for the page after the
//     one it asked for, stops on the last page, and refuses (ErrInvalidResponse) a meta
//     naming another page than the one asked. A page that makes no progress ends every
//     All with an error matching ErrInvalidResponse (the shared rule of every vendor's All):
//     only requisitions (accounts, events) already seen, the same ones as an earlier page,
//     or an empty or short page whose meta still promises more; so a server whose meta
//     keeps claiming more cannot keep All fetching, or yield an item twice.
//   - Ids are documented as numbers and sometimes sent as strings: both are accepted, but a
//     number must be an integer. Ids and identifiers that go into a path must not hold a
//     slash, a backslash or a control character, nor be "." or "..": they are refused
//     before sending.
//
//go:generate go run ../internal/vendorgen
package ovation
