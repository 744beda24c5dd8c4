// Package ovationtest is an in-memory fake of the Ovation LIMS API (v3) on
// [net/http/httptest], for labwire's tests and Examples and for yours. Point a client at
// [Server.URL], its base URL: the origin plus /api/v3, as production's
// https://lab-services.ovation.io/api/v3 ([Server.BaseURL] returns the same). It does not
// import the ovation client: its wire handling is its own, generic JSON objects checked
// against Ovation's documented rules, an independent check of the client's format.
//
//	srv := ovationtest.Start(t)                    // template 789 in organization 123
//	client, _ := ovation.NewClient(ovation.WithBaseURL(srv.URL), ovation.WithAPIKey(ovationtest.DefaultAPIKey))
//	srv.AddWebhookEndpoint(789, ovationtest.WebhookEndpoint{TargetURL: receiverURL, Event: "report_signed", Username: "u", Password: "p"})
//	reportID, _ := srv.ReadyReport(789, identifier) // fires report_ready_for_generation
//	// PUT content to the report: it is signed and report_signed is delivered.
//
// # Routes
//
// Every route of the client, under /api/v3 and only there (the Route constants, which
// Fault.Route and RequestsMatching take, are relative to URL): scoped requisitions
// (list, create, get, update, archive, schema), un-scoped requisitions (list, get, create
// with the template given or inferred), project templates, sample labels, test panels,
// report content and download, resources, workflows, workflow definitions, workflow sample
// results, the QC workflow report, webhook endpoints (list, create, get, update) and their
// events (list with filters, retry), provider accounts (create, list with filters and
// paging, get, update, archive), and, as generic collections, providers, provider account
// contacts, sales groups, sales reps and documents.
//
// # What it enforces
//
//   - "Authorization: Bearer <key>" with the configured key (WithAPIKey); otherwise 401
//     {"errors":"Your API key is wrong"}.
//   - Template scoping: an unknown template is 404 "Project Template ID not found"; a
//     requisition of another template is 404; archived requisitions are gone from gets and
//     lists.
//   - Create: at least one requested panel, panel codes, sample labels, groups and container
//     types from the template's lists, an identifier and a label per sample, unique sample
//     identifiers, patient.gender (M, F, U) and patient.race (white, black, asian,
//     islander, native, undisclosed) from the documented sets, secondaryUseEntitlements
//     with hasSecondaryUseNotification 2, an identifier unless the template autogenerates
//     it (then it is IdentifierPrefix plus the id, and any given one is ignored). Failures
//     are 422 {"errors": {"<field>": ["<message>"]}}.
//   - Answers: 201 {"requisition": ...} in camelCase with what Ovation sets (id, statuses,
//     times, workflows, reports) and without samples[].label (write only); medications get
//     a name. Lists answer snake_case limited details with meta {currentPage, perPage,
//     totalEntries}; filters startDate/endDate (a date means its 00:00:00 UTC, compared with
//     created_at), the five comma-delimited status filters, page and perPage (at most 5000,
//     else 422).
//   - Update: merges the given fields (samples by identifier), ignores identifier and the
//     statuses, 406 ["Update may not change sample date received"] when a set
//     receivedDateTime changes, 422 as for create.
//   - markAsSigned signs the accession only when the template's Required fields are all
//     present (then requisition_signed_accession is delivered); Required never fails a call.
//   - The report flow: ReadyReport → report_ready_for_generation (with reportId) → PUT
//     /reports/{id} with base64 content (422 "Report ID required", "Report not found",
//     "Requisition not found", "Invalid Requisition for Report") → 201, the report and the
//     requisition are signed, report_signed is delivered (projectTemplateId as a string,
//     patientCustomAttributes "" when none, providerNPI, a download link served by the fake).
//   - RunWorkflow makes a workflow with one result per sample and delivers test_result_ready
//     with sampleTestResults.
//   - Resources: the four identifying fields (422 "<field> required"), an existing sample
//     ("Sample not found"), PDF content ("can only be used to upload PDF files") or an
//     upload link.
//   - Webhook events: perPage at most 1000; an unknown filter is 422 "\"param\" not found";
//     retrying an unknown event is 422 "Error while trying to requeue".
//   - Request bodies: application/json, at most 1 MiB, no duplicate keys (400).
//
// # Webhooks
//
// Deliveries are POSTs of the JSON payload with the endpoint's HTTP Basic credentials and
// custom headers, one attempt each, made before the triggering call returns (so a test sees
// them at once) with a 10 s timeout as Ovation's. A delivery answered outside 2xx is left
// send-failed; the retry route delivers it again. Ovation's own retries at 64 s and 729 s
// are not simulated. Deliveries returns every attempt and its status.
//
// # Where Ovation's docs are silent, the fake chooses
//
//   - Error bodies are {"errors": <field map, list or message>}, the shape a third-party
//     client saw; they never echo request values.
//   - Ids come from one sequence starting at 26355 (the seed's example id), so Examples are
//     deterministic. Organizations are in UTC.
//   - The un-scoped create infers the template only when the organization has exactly one.
//   - No rate limiting unless scripted with Script (429 with Retry-After, 5xx, dropped
//     connections), consumed before authentication; PendingFaults tells which were not.
//     Script refuses (a panic naming it) a route no route of the fake serves.
//
// The fake logs nothing. Its recorded requests (Requests, RequestsMatching) hold the API
// key and whatever the client sent: keep them out of logs too.
package ovationtest
