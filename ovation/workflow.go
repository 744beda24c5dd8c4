package ovation

import (
	"time"

	"github.com/labwire/labwire/internal/jsonx"
)

// Workflow is a run of a workflow definition over samples. Get answers it in camelCase;
// inside a requisition list it comes in snake_case; both decode.
type Workflow struct {
	// ID is the workflow's id.
	ID ID `json:"id" phi:"id"`
	// Name is the workflow's name.
	Name string `json:"name,omitempty" phi:"none"`
	// Status is the workflow's status, e.g. WorkflowStatusCompleted.
	Status WorkflowStatus `json:"status,omitempty"`
	// WorkflowDefinitionID is the workflow definition it runs.
	WorkflowDefinitionID ID `json:"workflowDefinitionId,omitempty" phi:"id"`
	// CreatedAt and CompletedAt are when it was created and completed (zero if not yet).
	CreatedAt   time.Time `json:"createdAt,omitzero"`
	CompletedAt time.Time `json:"completedAt,omitzero"`
	// Samples are the workflow's samples (only the requisition's, inside a requisition).
	Samples []WorkflowSample `json:"samples,omitempty"`
}

// workflowWire is a Workflow with both key spellings and no decoding methods, so that a
// requisition decodes its workflows in the same single pass as the rest of it.
type workflowWire struct {
	ID                        ID                   `json:"id"`
	Name                      string               `json:"name"`
	Status                    WorkflowStatus       `json:"status"`
	WorkflowDefinitionID      ID                   `json:"workflowDefinitionId"`
	WorkflowDefinitionIDSnake ID                   `json:"workflow_definition_id"`
	CreatedAt                 time.Time            `json:"createdAt"`
	CreatedAtSnake            time.Time            `json:"created_at"`
	CompletedAt               time.Time            `json:"completedAt"`
	CompletedAtSnake          time.Time            `json:"completed_at"`
	Samples                   []workflowSampleWire `json:"samples"`
}

type workflowSampleWire struct {
	Identifier string `json:"identifier"`
	IDs        []ID   `json:"workflowSampleResultIds"`
	IDsSnake   []ID   `json:"workflow_sample_result_ids"`
}

func (v *workflowWire) workflow() Workflow { return v.workflowFrom(nil) }

// workflowFrom converts v, taking its samples from s when not nil.
func (v *workflowWire) workflowFrom(s *slabs) Workflow {
	w := Workflow{ID: v.ID, Name: v.Name, Status: v.Status, WorkflowDefinitionID: v.WorkflowDefinitionID,
		CreatedAt: v.CreatedAt, CompletedAt: v.CompletedAt}
	either(&w.WorkflowDefinitionID, v.WorkflowDefinitionIDSnake)
	if w.CreatedAt.IsZero() {
		w.CreatedAt = v.CreatedAtSnake
	}
	if w.CompletedAt.IsZero() {
		w.CompletedAt = v.CompletedAtSnake
	}
	if v.Samples != nil {
		w.Samples = s.samples(len(v.Samples))
		for i, s := range v.Samples {
			w.Samples[i] = WorkflowSample{Identifier: s.Identifier, WorkflowSampleResultIDs: s.IDs}
			if s.IDs == nil {
				w.Samples[i].WorkflowSampleResultIDs = s.IDsSnake
			}
		}
	}
	return w
}

// workflows converts decoded wire workflows, taking the slices from s when not nil.
func workflows(ws []workflowWire, s *slabs) []Workflow {
	if ws == nil {
		return nil
	}
	out := s.workflows(len(ws))
	for i := range ws {
		out[i] = ws[i].workflowFrom(s)
	}
	return out
}

// slabs hand out the workflow and sample slices of the requisitions of a page: cut from
// blocks shared by a few hundred requisitions (capped, so that an append to one never
// writes into another's), not allocated one by one. A nil *slabs allocates each.
type slabs struct {
	wfs []Workflow
	wss []WorkflowSample
}

const slabSize = 256

func (s *slabs) workflows(n int) []Workflow {
	if s == nil || n > slabSize {
		return make([]Workflow, n)
	}
	if len(s.wfs)+n > cap(s.wfs) {
		s.wfs = make([]Workflow, 0, slabSize)
	}
	s.wfs = s.wfs[:len(s.wfs)+n]
	return s.wfs[len(s.wfs)-n : len(s.wfs) : len(s.wfs)]
}

func (s *slabs) samples(n int) []WorkflowSample {
	if s == nil || n > slabSize {
		return make([]WorkflowSample, n)
	}
	if len(s.wss)+n > cap(s.wss) {
		s.wss = make([]WorkflowSample, 0, slabSize)
	}
	s.wss = s.wss[:len(s.wss)+n]
	return s.wss[len(s.wss)-n : len(s.wss) : len(s.wss)]
}

// UnmarshalJSON decodes both key spellings.
func (w *Workflow) UnmarshalJSON(b []byte) error {
	var v workflowWire
	if err := jsonx.UnmarshalStd(b, &v); err != nil {
		return err
	}
	*w = v.workflow()
	return nil
}

// WorkflowSample is a sample in a workflow and the ids of its results (for
// WorkflowSampleResults.Get).
type WorkflowSample struct {
	// Identifier is the sample identifier.
	Identifier string `json:"identifier" phi:"id"`
	// WorkflowSampleResultIDs are its results ("workflowSampleResultIds";
	// "workflow_sample_result_ids" in lists).
	WorkflowSampleResultIDs []ID `json:"workflowSampleResultIds,omitempty" phi:"none"`
}
