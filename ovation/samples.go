package ovation

import "time"

// Sample is one sample of a requisition.
type Sample struct {
	// Identifier is the sample identifier. Required, and unique in the requisition, when
	// creating a requisition or adding a sample on update, even if the template
	// autogenerates sample identifiers.
	Identifier string `json:"identifier" phi:"id"`
	// Group is the sample group; samples are always in a group.
	Group string `json:"group,omitempty"`
	// Label is the sample type. Write only: required on create and update, never answered.
	Label string `json:"label,omitempty"`
	// ContainerType is the container type (ContainerTypeTube, ContainerTypePlate96, or one
	// the template configures).
	ContainerType ContainerType `json:"containerType,omitempty"`
	// ContainerBarcodeLabel is the container's barcode label.
	ContainerBarcodeLabel string `json:"containerBarcodeLabel,omitempty"`
	// ReceivedDateTime is when the sample was received (ISO 8601). An update may not
	// change it once set: Ovation answers 406.
	ReceivedDateTime time.Time `json:"receivedDateTime,omitzero"`
	// CollectionDateTime is when the sample was collected (ISO 8601).
	CollectionDateTime time.Time `json:"collectionDateTime,omitzero"`
	// CustomAttributes are the sample's custom attributes.
	CustomAttributes CustomAttributes `json:"customAttributes,omitempty"`
}
