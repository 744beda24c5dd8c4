package webhook

// SignatureHeader names the request header the verifier's scheme reads its
// signature (or credentials) from, or "" for a custom Scheme. A receiver
// that stores deliveries drops that header from what it keeps.
func (v *Verifier) SignatureHeader() string {
	if v == nil {
		return ""
	}
	if sn, ok := v.scheme.(interface{ signatureHeaderName() string }); ok {
		return sn.signatureHeaderName()
	}
	return ""
}

// ShortSecrets counts the configured secrets shorter than
// RecommendedMinSecretBytes, for a receiver to warn about at startup.
func (v *Verifier) ShortSecrets() int {
	if v == nil {
		return 0
	}
	return v.shortSecrets
}
