package transport

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"io"
	"net"
	"os"
	"strings"
	"syscall"
)

// cleanCause is the cause of a RequestError as callers see it: a text we wrote from the kind
// of failure, and an unwrap chain that holds only values without server or caller data. The
// raw cause of a failed call can hold both: net/http quotes what a server sent (`malformed
// HTTP response "..."`, a MIME header line, a GOAWAY's debug data), a *url.Error holds the
// URL with its query, a time.ParseError or a json.SyntaxError quotes server text, an x509
// error holds the server's certificate, and a context's cause is whatever the caller put
// there. Error reporters walk the chain, so the chain is rebuilt rather than kept.
//
// What stays reachable with errors.Is and errors.As: context.Canceled and
// context.DeadlineExceeded; os.ErrDeadlineExceeded for any timeout (it is a net.Error whose
// Timeout is true); io.EOF and io.ErrUnexpectedEOF; net.ErrClosed; a syscall.Errno such as
// ECONNRESET or ECONNREFUSED; a *net.OpError rebuilt with only its Op, Net and one of those
// as Err (no addresses); a *net.DNSError with only its flags (inside the *net.OpError of
// the dial when there is one); a tls.AlertError; and our own
// *TooLargeError and attempt timeout. A token failure is kept as it is: tokenError already
// rebuilds its chain.
type cleanCause struct {
	msg   string
	chain []error
}

func (e *cleanCause) Error() string   { return e.msg }
func (e *cleanCause) Unwrap() []error { return e.chain }

// sanitizeCause returns the clean form of err; see cleanCause.
func sanitizeCause(err error) error {
	if err == nil {
		return nil
	}
	var tf *tokenFailure
	if errors.As(err, &tf) {
		return tf
	}
	var cc *cleanCause
	if errors.As(err, &cc) {
		return cc
	}
	c := &cleanCause{msg: causeText(err)}
	add := func(e error) { c.chain = append(c.chain, e) }
	var tl *TooLargeError
	if errors.As(err, &tl) {
		add(&TooLargeError{Limit: tl.Limit})
	}
	var at *attemptTimeoutError
	if errors.As(err, &at) {
		add(&attemptTimeoutError{d: at.d})
	}
	for _, s := range []error{context.Canceled, context.DeadlineExceeded, io.ErrUnexpectedEOF, io.EOF} {
		if errors.Is(err, s) {
			add(s)
		}
	}
	inner := safeNetInner(err)
	var opErr *net.OpError
	var dnsErr *net.DNSError
	switch {
	case errors.As(err, &dnsErr):
		clean := &net.DNSError{Err: dnsText(dnsErr), Name: "(withheld)", IsNotFound: dnsErr.IsNotFound, IsTimeout: dnsErr.IsTimeout, IsTemporary: dnsErr.IsTemporary}
		if errors.As(err, &opErr) {
			add(&net.OpError{Op: opErr.Op, Net: opErr.Net, Err: clean})
		} else {
			add(clean)
		}
	case errors.As(err, &opErr):
		if inner == nil {
			inner = errors.New("network failure")
		}
		add(&net.OpError{Op: opErr.Op, Net: opErr.Net, Err: inner})
	case inner != nil:
		add(inner)
	}
	if ce := cleanCertError(err); ce != nil {
		add(ce)
	}
	var netErr net.Error
	if errors.As(err, &netErr) && netErr.Timeout() && !errors.Is(err, os.ErrDeadlineExceeded) {
		add(os.ErrDeadlineExceeded)
	}
	return c
}

// cleanCertError rebuilds a certificate verification failure without the server's
// certificates or names: a *tls.CertificateVerificationError around an
// x509.UnknownAuthorityError or x509.CertificateInvalidError that holds only its reason (a
// hostname mismatch cannot be rebuilt without the certificate and keeps only the outer
// type). Nil if err is none of these.
func cleanCertError(err error) error {
	var certErr *tls.CertificateVerificationError
	var unknownAuth x509.UnknownAuthorityError
	var hostErr x509.HostnameError
	var invalidCert x509.CertificateInvalidError
	var inner error
	switch {
	case errors.As(err, &unknownAuth):
		inner = x509.UnknownAuthorityError{}
	case errors.As(err, &invalidCert):
		inner = x509.CertificateInvalidError{Reason: invalidCert.Reason}
	case errors.As(err, &hostErr):
		inner = errors.New("x509: certificate is not valid for the host")
	case errors.As(err, &certErr):
		inner = errors.New("x509: certificate verification failed")
	default:
		return nil
	}
	return &tls.CertificateVerificationError{Err: inner}
}

// safeNetInner is the innermost network-level value of err that carries no data: a
// tls.AlertError, a syscall.Errno, os.ErrDeadlineExceeded or net.ErrClosed; nil if none. A
// TLS alert from the peer (net/http reports it as an *net.OpError "remote error" around an
// unexported type) is kept as its text, which comes from crypto/tls's fixed table.
func safeNetInner(err error) error {
	var alert tls.AlertError
	var errno syscall.Errno
	var opErr *net.OpError
	if errors.As(err, &opErr) && opErr.Op == "remote error" && opErr.Err != nil &&
		strings.HasPrefix(opErr.Err.Error(), "tls: ") && isSafeAlertText(opErr.Err.Error()) {
		return errors.New(opErr.Err.Error())
	}
	switch {
	case errors.As(err, &alert):
		return alert
	case errors.As(err, &errno):
		return errno
	case errors.Is(err, os.ErrDeadlineExceeded):
		return os.ErrDeadlineExceeded
	case errors.Is(err, net.ErrClosed):
		return net.ErrClosed
	}
	return nil
}

func dnsText(e *net.DNSError) string {
	if e.IsNotFound {
		return "no such host"
	}
	return "lookup failed"
}

// causeText describes err from its kind only, never from text a server or caller chose.
func causeText(err error) string {
	var sc *safeCause
	if errors.As(err, &sc) {
		// A text we wrote (decodeError, tokenError): keep it, drop what it wraps.
		return sc.msg
	}
	var tl *TooLargeError
	var at *attemptTimeoutError
	var certErr *tls.CertificateVerificationError
	var unknownAuth x509.UnknownAuthorityError
	var hostErr x509.HostnameError
	var invalidCert x509.CertificateInvalidError
	var recErr tls.RecordHeaderError
	var alert tls.AlertError
	var dnsErr *net.DNSError
	var opErr *net.OpError
	switch {
	case errors.As(err, &tl):
		return tl.Error()
	case errors.As(err, &at):
		return at.Error()
	case errors.Is(err, context.Canceled):
		return context.Canceled.Error()
	case errors.Is(err, context.DeadlineExceeded) && !errors.As(err, &opErr):
		return context.DeadlineExceeded.Error()
	case errors.As(err, &certErr), errors.As(err, &unknownAuth), errors.As(err, &hostErr), errors.As(err, &invalidCert):
		return "TLS certificate verification failed"
	case errors.As(err, &recErr):
		return "TLS handshake failed: the server did not answer with TLS"
	case errors.As(err, &alert):
		return "TLS handshake failed: " + alert.Error()
	case errors.As(err, &opErr) && opErr.Op == "remote error":
		inner := "alert"
		if in := safeNetInner(err); in != nil {
			inner = in.Error()
		}
		return "TLS handshake failed: remote error: " + inner
	case errors.As(err, &dnsErr):
		return "dial: lookup: " + dnsText(dnsErr)
	}
	// net/http's own texts, cut before the part that may quote the server.
	msg := err.Error()
	for _, p := range knownCausePrefixes {
		if strings.Contains(msg, p) {
			return p
		}
	}
	if errors.As(err, &opErr) {
		inner := "network failure"
		if in := safeNetInner(err); in != nil {
			inner = in.Error()
		}
		return opErr.Op + " " + opErr.Net + ": " + inner
	}
	switch {
	case errors.Is(err, io.ErrUnexpectedEOF):
		return "connection closed before the answer was complete (unexpected EOF)"
	case errors.Is(err, io.EOF):
		return "connection closed by the server (EOF)"
	case errors.Is(err, os.ErrDeadlineExceeded):
		return "i/o timeout"
	}
	var netErr net.Error
	if errors.As(err, &netErr) && netErr.Timeout() {
		return "network timeout"
	}
	return "request failed (details withheld)"
}

// knownCausePrefixes are fixed texts of net/http (and its HTTP/2 bundle) that describe a
// failure; whatever follows them in the error may quote the server and is dropped. The
// first one found wins, so a specific cause comes before a text that wraps it.
var knownCausePrefixes = []string{
	"net/http: timeout awaiting response headers",
	"http2: timeout awaiting response headers",
	"net/http: TLS handshake timeout",
	"http: server closed idle connection",
	"http: server gave HTTP response to HTTPS client",
	"net/http: server response headers exceeded",
	"malformed MIME header",
	"malformed HTTP response",
	"malformed HTTP status code",
	"malformed HTTP version",
	"bad Content-Length",
	"unsupported protocol scheme",
	"http2: server sent GOAWAY and closed the connection",
	"http2: client connection lost",
	"http2: client connection force closed",
	"http2: response body closed",
	"stream error",
	"connection error",
	"unexpected EOF",
	"net/http: HTTP/1.x transport connection broken", // last: it wraps the specific causes above
}

// isSafeAlertText reports whether t looks like one of crypto/tls's alert texts ("tls: " and
// lower-case words, or "tls: alert(N)").
func isSafeAlertText(t string) bool {
	if len(t) > 64 {
		return false
	}
	for i := 0; i < len(t); i++ {
		c := t[i]
		if !('a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == ' ' || c == ':' || c == '(' || c == ')') {
			return false
		}
	}
	return true
}
