package whoop

import "github.com/labwire/labwire/internal/uuid"

// checkID validates a WHOOP id (a UUID, per the OpenAPI) before it goes into a path. The
// error names field and never echoes the value.
func checkID(field, id string) error {
	switch {
	case id == "":
		return &ValidationError{Vendor: vendor, Field: field, Reason: "must not be empty"}
	case !uuid.Valid(id):
		return &ValidationError{Vendor: vendor, Field: field, Reason: "must be a UUID (8-4-4-4-12 hex digits)"}
	}
	return nil
}
