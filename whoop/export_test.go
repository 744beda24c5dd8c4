package whoop

import "github.com/labwire/labwire/internal/jsonx"

// DecodeRequisition decodes a requisition as Requisitions.Get does, for the benchmarks.
func DecodeRequisition(body []byte) (*LabRequisition, error) {
	var r LabRequisition
	if err := jsonx.Into(&r, (*LabRequisition).bindRaw).DecodeJSON(body); err != nil {
		return nil, err
	}
	return &r, nil
}
