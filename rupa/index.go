package rupa

import (
	"errors"
	"fmt"
	"strconv"
)

// Errors of relationship resolution. A *ResolveError matches one of them with errors.Is.
var (
	// ErrRelationshipMissing matches a relationship the resource does not have, or whose
	// data is null.
	ErrRelationshipMissing = errors.New("rupa: relationship missing")
	// ErrRelationshipCardinality matches a to-one lookup of a to-many relationship, or the
	// other way round.
	ErrRelationshipCardinality = errors.New("rupa: relationship has the other cardinality")
	// ErrNotIncluded matches a linked resource absent from the event's included resources.
	// Rupa includes only some of what an order links to: the seed's order.new_result
	// includes the ordered tests and the practitioner, not the patient, clinic or lab test.
	ErrNotIncluded = errors.New("rupa: linked resource not included")
	// ErrUnexpectedType matches a resource of another type than the one asked for.
	ErrUnexpectedType = errors.New("rupa: unexpected resource type")
)

// ResolveError is a relationship that could not be followed. Its Error text names the
// resource type, the relationship and the reason, never an id (ids are in the fields).
type ResolveError struct {
	// From is the resource whose relationship was followed.
	From Identifier
	// Relationship is the relationship's name, e.g. "patients_practitioner".
	Relationship string
	// Target is the linked resource when the linkage was present, else zero.
	Target Identifier
	// Err is the reason: ErrRelationshipMissing, ErrRelationshipCardinality,
	// ErrNotIncluded or ErrUnexpectedType.
	Err error
}

// Error returns e.g. `rupa: order relationship "patient": rupa: linked resource not
// included (patient)`.
func (e *ResolveError) Error() string {
	s := "rupa: " + e.From.Type + " relationship " + strconv.Quote(e.Relationship) + ": " + e.Err.Error()
	if e.Target.Type != "" {
		s += " (" + e.Target.Type + ")"
	}
	return s
}

// Unwrap returns the reason.
func (e *ResolveError) Unwrap() error { return e.Err }

// Index finds resources of a compound document by type and id: an event's primary object
// and its included resources. Build it with NewIndex; Event.Index returns the event's. It is
// read-only and safe for concurrent use.
type Index struct {
	byID map[Identifier]*Resource `phi:"count:resources"`
}

// ErrDuplicateResource matches a document that holds two resources with the same type and id,
// which JSON:API forbids; NewIndex and ParseEvent refuse it rather than pick one.
var ErrDuplicateResource = errors.New("rupa: resource included twice")

// NewIndex indexes resources by type and id. The resources are not copied: do not modify
// them while the index is in use.
func NewIndex(resources ...*Resource) (*Index, error) {
	ix := &Index{byID: make(map[Identifier]*Resource, len(resources))}
	for _, r := range resources {
		if r == nil {
			continue
		}
		k := r.Identifier()
		if _, dup := ix.byID[k]; dup {
			return nil, errors.Join(ErrDuplicateResource, errors.New("type "+strconv.Quote(k.Type)))
		}
		ix.byID[k] = r
	}
	return ix, nil
}

// Len returns how many resources the index holds.
func (ix *Index) Len() int { return len(ix.byID) }

// Get returns the resource with id's type and id.
func (ix *Index) Get(id Identifier) (r *Resource, ok bool) {
	r, ok = ix.byID[id]
	return r, ok
}

// Link returns the identifier a to-one relationship of from points to, whether or not that
// resource is included. It fails with ErrRelationshipMissing (absent or null) or
// ErrRelationshipCardinality (to-many).
func Link(from *Resource, rel string) (Identifier, error) {
	r, ok := from.Relationships[rel]
	if !ok || len(r.Data) == 0 && !r.ToMany {
		return Identifier{}, &ResolveError{From: from.Identifier(), Relationship: rel, Err: ErrRelationshipMissing}
	}
	id, ok := r.One()
	if !ok {
		return Identifier{}, &ResolveError{From: from.Identifier(), Relationship: rel, Err: ErrRelationshipCardinality}
	}
	return id, nil
}

// linkSingle is Link for a relationship that names one resource but that Rupa may send in
// either form: to-one, or to-many with one element (Rupa sends relationships as arrays with
// meta.count, patients_practitioner among them). An empty array is ErrRelationshipMissing;
// more than one element is ErrRelationshipCardinality, saying how many (never which).
func linkSingle(from *Resource, rel string) (Identifier, error) {
	r, ok := from.Relationships[rel]
	if !ok || !r.ToMany {
		return Link(from, rel)
	}
	switch len(r.Data) {
	case 0:
		return Identifier{}, &ResolveError{From: from.Identifier(), Relationship: rel, Err: ErrRelationshipMissing}
	case 1:
		return r.Data[0], nil
	}
	return Identifier{}, &ResolveError{From: from.Identifier(), Relationship: rel,
		Err: fmt.Errorf("%w: %d linked resources where one belongs", ErrRelationshipCardinality, len(r.Data))}
}

// relatedSingle is Related over linkSingle.
func (ix *Index) relatedSingle(from *Resource, rel string) (*Resource, error) {
	id, err := linkSingle(from, rel)
	if err != nil {
		return nil, err
	}
	r, ok := ix.byID[id]
	if !ok {
		return nil, &ResolveError{From: from.Identifier(), Relationship: rel, Target: id, Err: ErrNotIncluded}
	}
	return r, nil
}

// Links returns the identifiers a to-many relationship of from points to (possibly none).
// It fails with ErrRelationshipMissing (absent) or ErrRelationshipCardinality (to-one).
func Links(from *Resource, rel string) ([]Identifier, error) {
	r, ok := from.Relationships[rel]
	switch {
	case !ok:
		return nil, &ResolveError{From: from.Identifier(), Relationship: rel, Err: ErrRelationshipMissing}
	case !r.ToMany && len(r.Data) > 0:
		return nil, &ResolveError{From: from.Identifier(), Relationship: rel, Err: ErrRelationshipCardinality}
	}
	return r.Data, nil
}

// Related follows the to-one relationship rel of from to the included resource. Besides the
// errors of Link it fails with ErrNotIncluded when the linked resource is not in the index.
func (ix *Index) Related(from *Resource, rel string) (*Resource, error) {
	id, err := Link(from, rel)
	if err != nil {
		return nil, err
	}
	r, ok := ix.byID[id]
	if !ok {
		return nil, &ResolveError{From: from.Identifier(), Relationship: rel, Target: id, Err: ErrNotIncluded}
	}
	return r, nil
}

// RelatedMany follows the to-many relationship rel of from to the included resources, in
// the relationship's order. Besides the errors of Links it fails with ErrNotIncluded when
// one of them is not in the index.
func (ix *Index) RelatedMany(from *Resource, rel string) ([]*Resource, error) {
	ids, err := Links(from, rel)
	if err != nil {
		return nil, err
	}
	out := make([]*Resource, 0, len(ids))
	for _, id := range ids {
		r, ok := ix.byID[id]
		if !ok {
			return nil, &ResolveError{From: from.Identifier(), Relationship: rel, Target: id, Err: ErrNotIncluded}
		}
		out = append(out, r)
	}
	return out, nil
}
