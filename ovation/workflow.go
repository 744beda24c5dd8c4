package ovation

import (
	"encoding/json"
	"time"
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

func (v *workflowWire) workflow() Workflow {
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
		w.Samples = make([]WorkflowSample, len(v.Samples))
		for i, s := range v.Samples {
			w.Samples[i] = WorkflowSample{Identifier: s.Identifier, WorkflowSampleResultIDs: s.IDs}
			if s.IDs == nil {
				w.Samples[i].WorkflowSampleResultIDs = s.IDsSnake
			}
		}
	}
	return w
}

// workflows converts decoded wire workflows.
func workflows(ws []workflowWire) []Workflow {
	if ws == nil {
		return nil
	}
	out := make([]Workflow, len(ws))
	for i := range ws {
		out[i] = ws[i].workflow()
	}
	return out
}

// UnmarshalJSON decodes both key spellings.
func (w *Workflow) UnmarshalJSON(b []byte) error {
	var v workflowWire
	if err := json.Unmarshal(b, &v); err != nil {
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
