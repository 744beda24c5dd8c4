package transport

import (
	"strconv"
	"strings"
)

// CheckSecrets validates the signing secrets given to a vendor's webhook verifier
// constructor, named option (e.g. "NewWebhookVerifier"): at least one secret, and none empty
// or blank, which is what an unset environment variable gives. The error is a
// *ValidationError naming option and the index, never a value.
func CheckSecrets(vendor, option string, secrets []string) error {
	if len(secrets) == 0 {
		return &ValidationError{Vendor: vendor, Field: option, Reason: "at least one signing secret is required"}
	}
	for i, s := range secrets {
		if strings.TrimSpace(s) == "" {
			return &ValidationError{Vendor: vendor, Field: option + " secrets[" + strconv.Itoa(i) + "]",
				Reason: "must not be empty (is its environment variable set?)"}
		}
	}
	return nil
}
