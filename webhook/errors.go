package webhook

import "errors"

// Sentinel errors. Match them with errors.Is: the errors the package returns
// wrap one of these and add a short, fixed reason ("duplicate t element",
// "secrets[1]"). No error ever contains a secret, a signature, a header value
// or a body.
var (
	// ErrMissingSignature reports that the signature (or credentials) header
	// is absent or empty.
	ErrMissingSignature = errors.New("webhook: signature missing")

	// ErrMalformedHeader reports a signature header that does not follow the
	// scheme's grammar: a duplicate or missing timestamp, a timestamp that is
	// not 1 to 10 plain digits, whitespace, an element without "=", more than
	// MaxSignatures signatures, a header longer than MaxHeaderBytes, or two
	// header lines.
	ErrMalformedHeader = errors.New("webhook: malformed signature header")

	// ErrNoValidSignature reports that no signature (or credential) in the
	// request matched any configured secret.
	ErrNoValidSignature = errors.New("webhook: no valid signature")

	// ErrTimestampTooOld reports a signed timestamp further in the past than
	// the tolerance allows.
	ErrTimestampTooOld = errors.New("webhook: timestamp too old")

	// ErrTimestampTooNew reports a signed timestamp further in the future than
	// the tolerance allows.
	ErrTimestampTooNew = errors.New("webhook: timestamp too new")

	// ErrBodyTooLarge reports a body over the verifier's cap (see
	// WithMaxBodyBytes). The middleware answers it with 413.
	ErrBodyTooLarge = errors.New("webhook: body too large")

	// ErrBodyRead reports that the request body could not be read in full
	// (for example it was shorter than its Content-Length). A truncated body
	// is never verified.
	ErrBodyRead = errors.New("webhook: body could not be read")

	// ErrUnsupportedEncoding reports a Content-Encoding other than identity.
	// Signatures cover the bytes the sender signed; the package does not
	// guess whether that was before or after compression.
	ErrUnsupportedEncoding = errors.New("webhook: unsupported content encoding")

	// ErrUnsupportedMediaType reports a Content-Type outside the list given
	// with WithContentTypes.
	ErrUnsupportedMediaType = errors.New("webhook: unsupported content type")

	// ErrInvalidRequest reports a request that is not a delivery at all, such
	// as one with a method other than POST.
	ErrInvalidRequest = errors.New("webhook: invalid request")

	// ErrEmptySecret is returned by the constructors when a secret (or a
	// Basic password) is empty. Verification never falls open.
	ErrEmptySecret = errors.New("webhook: empty secret")

	// ErrInvalidConfig is returned by the constructors and options for any
	// other bad configuration; the message names the field.
	ErrInvalidConfig = errors.New("webhook: invalid configuration")
)

// reasonError is a sentinel plus a fixed reason. The reasons are constants
// chosen by this package, so an error never carries request data, and the
// values below are allocated once so failed verifications do not allocate.
type reasonError struct {
	sentinel error
	reason   string
}

func (e *reasonError) Error() string { return e.sentinel.Error() + ": " + e.reason }
func (e *reasonError) Unwrap() error { return e.sentinel }

func reason(sentinel error, why string) error { return &reasonError{sentinel: sentinel, reason: why} }

// Verification failures, preallocated.
var (
	errHeaderAbsent     = reason(ErrMissingSignature, "header absent")
	errHeaderEmpty      = reason(ErrMissingSignature, "header empty")
	errHeaderRepeated   = reason(ErrMalformedHeader, "header sent more than once")
	errHeaderTooLong    = reason(ErrMalformedHeader, "header longer than MaxHeaderBytes")
	errHeaderSpace      = reason(ErrMalformedHeader, "whitespace or control character in header")
	errEmptyElement     = reason(ErrMalformedHeader, "empty element")
	errElementNoKey     = reason(ErrMalformedHeader, "element is not key=value")
	errDuplicateT       = reason(ErrMalformedHeader, "duplicate t element")
	errMissingT         = reason(ErrMalformedHeader, "missing t element")
	errBadT             = reason(ErrMalformedHeader, "t is not 1 to 10 digits without leading zeros")
	errTooManySigs      = reason(ErrMalformedHeader, "more than MaxSignatures v1 elements")
	errNoV1             = reason(ErrNoValidSignature, "no v1 element")
	errNoWellFormedV1   = reason(ErrNoValidSignature, "no v1 element is 64 hex digits")
	errMACMismatch      = reason(ErrNoValidSignature, "no signature matches any secret")
	errSigShape         = reason(ErrNoValidSignature, "signature is not 64 hex digits")
	errNotBasic         = reason(ErrMalformedHeader, "authorization is not Basic")
	errBadBase64        = reason(ErrMalformedHeader, "basic credentials are not base64")
	errNoColon          = reason(ErrMalformedHeader, "basic credentials lack a colon")
	errCredMismatch     = reason(ErrNoValidSignature, "credentials match no configured pair")
	errTooOld           = reason(ErrTimestampTooOld, "outside tolerance")
	errTooNew           = reason(ErrTimestampTooNew, "outside tolerance")
	errBodyOverCap      = reason(ErrBodyTooLarge, "over MaxBodyBytes")
	errBodyShort        = reason(ErrBodyRead, "read failed before end of body")
	errEncoding         = reason(ErrUnsupportedEncoding, "only identity is accepted")
	errCustomSchemeNone = reason(ErrInvalidConfig, "scheme is nil")
	errUnconfigured     = reason(ErrInvalidConfig, "verifier not built by a constructor")
)

var errToleranceNotApplicable = reason(ErrInvalidConfig, "WithTolerance applies only to NewTimestampedHMAC")
