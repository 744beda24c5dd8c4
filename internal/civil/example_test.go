package civil_test

import (
	"encoding/json"
	"fmt"

	"github.com/labwire/labwire/internal/civil"
)

func ExampleDate() {
	var p struct {
		BirthDate civil.Date `json:"birth_date"`
	}
	if err := json.Unmarshal([]byte(`{"birth_date":"1990-02-28"}`), &p); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(p.BirthDate.Year, p.BirthDate.Month, p.BirthDate.Day)
	_, err := civil.ParseDate("1990-02-30")
	fmt.Println(err)
	// Output:
	// 1990 February 28
	// date must be YYYY-MM-DD
}
