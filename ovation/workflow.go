package ovation

import (
	"encoding/json"
	"time"
)

// Workflow is a run of a workflow definition over samples. Get answers it in camelCase;
// inside a requisition list it comes in snake_case; both decode.
type Workflow struct {
	// ID is the workflow's id.
	ID ID `json:"id"`
	// Name is the workflow's name.
	Name string `json:"name,omitempty"`
	// Status is the workflow's status, e.g. WorkflowStatusCompleted.
	Status WorkflowStatus `json:"status,omitempty"`
	// WorkflowDefinitionID is the workflow definition it runs.
	WorkflowDefinitionID ID `json:"workflowDefinitionId,omitempty"`
	// CreatedAt and CompletedAt are when it was created and completed (zero if not yet).
	CreatedAt   time.Time `json:"createdAt,omitzero"`
	CompletedAt time.Time `json:"completedAt,omitzero"`
	// Samples are the workflow's samples (only the requisition's, inside a requisition).
	Samples []WorkflowSample `json:"samples,omitempty"`
}

type workflowPlain Workflow

type workflowWire struct {
	workflowPlain
	WorkflowDefinitionIDSnake ID        `json:"workflow_definition_id"`
	CreatedAtSnake            time.Time `json:"created_at"`
	CompletedAtSnake          time.Time `json:"completed_at"`
}

// UnmarshalJSON decodes both key spellings.
func (w *Workflow) UnmarshalJSON(b []byte) error {
	var v workflowWire
	if err := json.Unmarshal(b, &v); err != nil {
		return err
	}
	*w = Workflow(v.workflowPlain)
	either(&w.WorkflowDefinitionID, v.WorkflowDefinitionIDSnake)
	if w.CreatedAt.IsZero() {
		w.CreatedAt = v.CreatedAtSnake
	}
	if w.CompletedAt.IsZero() {
		w.CompletedAt = v.CompletedAtSnake
	}
	return nil
}

// WorkflowSample is a sample in a workflow and the ids of its results (for
// WorkflowSampleResults.Get).
type WorkflowSample struct {
	// Identifier is the sample identifier.
	Identifier string `json:"identifier"`
	// WorkflowSampleResultIDs are its results ("workflowSampleResultIds";
	// "workflow_sample_result_ids" in lists).
	WorkflowSampleResultIDs []ID `json:"workflowSampleResultIds,omitempty"`
}

// UnmarshalJSON decodes both key spellings.
func (s *WorkflowSample) UnmarshalJSON(b []byte) error {
	var v struct {
		Identifier string `json:"identifier"`
		IDs        []ID   `json:"workflowSampleResultIds"`
		IDsSnake   []ID   `json:"workflow_sample_result_ids"`
	}
	if err := json.Unmarshal(b, &v); err != nil {
		return err
	}
	s.Identifier, s.WorkflowSampleResultIDs = v.Identifier, v.IDs
	if s.WorkflowSampleResultIDs == nil {
		s.WorkflowSampleResultIDs = v.IDsSnake
	}
	return nil
}
