// Package wiretest holds the assertions every labwire vendor package's tests need, so that
// each vendor's tests say only what is true of that vendor:
//
//   - [AssertRequest]: one request on the wire — method, escaped path, query, headers and a
//     JSON body compared (JSONEq) with a literal or a golden file in testdata/.
//   - [Golden]: the bytes of a testdata/ file.
//   - [Canaries]: values a test plants (a token, a secret, a patient's name) that must never
//     appear in an error, under any fmt verb or through slog, or in a log line ([NewLogs]).
//     PHI types themselves are checked with internal/phi/phitest.
//   - [Clock]: a manual clock for code that takes a func() time.Time, so no test sleeps.
//
// It is for tests only: nothing outside a _test.go file imports it.
package wiretest
