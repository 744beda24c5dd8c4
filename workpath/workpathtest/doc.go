// Package workpathtest is an in-memory fake of the Workpath Housecall API on
// [net/http/httptest], for labwire's tests and Examples and for yours. It speaks the wire
// format of Workpath's documentation, so a client pointed at [Server.URL] runs unchanged. It
// does not import the workpath client: its wire structs are its own, an independent check of
// that format.
//
//	srv := workpathtest.Start(t) // closed when the test ends
//	c, _ := workpath.NewClient(workpath.WithBaseURL(srv.URL),
//		workpath.WithClientCredentials(workpathtest.DefaultAPIKey, workpathtest.DefaultAPIPassword, workpath.TokenAuthBasic),
//		workpath.WithAPIKeyAuth(workpathtest.DefaultAPIKey, workpathtest.DefaultAPIPassword))
//
// # Routes
//
// POST /oauth/token (both grants), GET /oauth/authorize, /api-keys (POST, GET list with or
// without the trailing slash, GET by id or key, PUT, DELETE), /people (POST, GET, PUT,
// DELETE), /intakes (POST, GET, POST documents), /services (GET list, GET one),
// /appointments (GET search, GET, PUT, POST cancel, tags, notes, documents, data) and
// /webhooks (POST, GET list, GET, PUT, DELETE). The Route constants name them.
//
// # What it enforces
//
//   - Authentication per route: /api-keys and /webhooks take only HTTP Basic of the raw
//     "key:password" of an active credential; every other route but the two OAuth ones takes
//     only "Authorization: Bearer <token>" with a token the fake issued and that has neither
//     expired ([WithTokenTTL], [WithClock]) nor been revoked ([Server.ExpireTokens]).
//     Otherwise 401. Credentials of one client see only that client's data; another
//     client's API key is 401 (Workpath: cross-client access is unauthorized), another
//     client's appointment 404.
//   - The token route takes only a form body. client_credentials authenticates by raw Basic
//     or by client_id/client_secret in the body (both at once is 400); unknown credentials
//     are 401 invalid_client. authorization_code requires code, code_verifier,
//     code_challenge_method=S256, client_id and redirect_uri and no secret; the code must be
//     the one issued to that client and redirect URI, unexpired (10 minutes) and unused, and
//     SHA-256 of the verifier must equal the challenge; otherwise 400 invalid_grant. A code is
//     spent by any attempt.
//   - GET /oauth/authorize stands for the user signing in and approving: with a known
//     client_id and one of its registered redirect URIs it redirects (302) at once with code
//     and state, or with error_type and error_description when state, response_type=code,
//     code_challenge_method=S256 or a 43-character challenge is missing. An unknown client or
//     redirect URI is answered 400 and never redirected.
//   - At most two credentials per client ([MaxCredentials]): a third is 402
//     [MessageCredentialLimit].
//   - The documented validation messages, answered 400 {"error": message}: a ^ anywhere in a
//     JSON body ([MessageCaret]), a patient phone without "+" ([MessagePhone]), a biological
//     sex outside the six options in any case ([MessageSex]), one of first and last name
//     without the other ([MessageName]), a date of birth that is not YYYY-MM-DD
//     ([MessageDOB]: the docs' text names MMDDYYYY, every example uses YYYY-MM-DD), and
//     "<field> missing from payload." ([MessageMissing]) for the required people fields.
//     Request bodies are strict: application/json, at most 1 MiB, no unknown member.
//   - Intakes become appointments when their order form auto-publishes
//     ([DefaultOrderForm]) and the patient details are complete (names, a phone or email,
//     every required patient field filled); an intake on [ManualOrderForm] waits for
//     [Server.ConvertIntake], as an office user would convert it. New appointments are
//     Published; [Server.SetStatus] moves them (the specialist's app), PUT and cancel change
//     them, [Server.DestroyAppointment] deletes them.
//   - Uploads are multipart/form-data with one "file" part with a filename (and an optional
//     "name" field); the fake counts the bytes and keeps the metadata ([Document.Size]).
//     Like every request body, an upload is capped at 1 MiB (413 beyond): the fake kit
//     buffers bodies to record them. Test large uploads against your own streaming server
//     (see the workpath package's BenchmarkUploadDocument).
//
// # Webhooks
//
// On appointment create (intake conversion), modify (PUT, cancel, adding data, adding or
// deleting a tag, deleting a note or document, [Server.SetStatus]) and destroy, the fake POSTs {"type":"Appointment","action":...,"eventTs":...,
// "data":{appointment}} to each subscription of the owning client whose flag is set, signed
// "WP-Signature: t=<eventTs>,v1=<hex HMAC-SHA256(secret, t.body)>" with the subscription's
// secret. It delivers once, synchronously, after the change and before answering the
// request that caused it, without holding its lock (a receiver may call the fake back); no
// retries, as Workpath documents none. [Server.Deliveries] records each POST and its answer.
//
// # Where Workpath's docs are silent, the fake chooses
//
//   - Error bodies are {"error": "..."}; 404 says "Resource requested does not exist.".
//   - Lists are bare arrays. Appointment search pages with page (from 1) and limit (default
//     25), orders by start time (newestFirst reverses), reads status as status[] or status,
//     and filters by type, subject, service, parentId, from/until and unscheduled (default
//     exclude: an appointment without start_time is unscheduled); the other filters are
//     accepted and ignored.
//   - Writes without a documented answer (deletes, cancel, tag, data) answer
//     {"request_id": N}; creates answer the object. Cancelling twice and adding a present tag
//     again change nothing and send no webhook.
//   - Tags unknown to the fake are made up as "Tag <id>". Notes are kept per appointment
//     ([Server.Notes]) and not part of the appointment's JSON.
//   - Ids are sequential from 10001 across all objects, so Examples have stable output.
//
// # Faults and recording
//
// [Server.Script] queues faults (a status such as 429 with Retry-After or 503, or a dropped
// connection before or after the handler) answered before authentication, and refuses (a
// panic naming it) a route no route of the fake serves; [Server.PendingFaults] tells which
// were not consumed. [Server.Requests] and
// [Server.RequestsMatching] return every request received. They hold credentials and
// whatever the client sent: keep them out of logs. The fake logs nothing.
package workpathtest
