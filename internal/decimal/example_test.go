package decimal_test

import (
	"encoding/json"
	"fmt"

	"github.com/labwire/labwire/internal/decimal"
)

func Example() {
	var obs struct {
		Code  string          `json:"code"`
		Value decimal.Decimal `json:"value_numeric"`
	}
	_ = json.Unmarshal([]byte(`{"code":"HBA1C","value_numeric":5.20}`), &obs)
	out, _ := json.Marshal(obs)
	fmt.Println(obs.Value, obs.Value.Scale())
	fmt.Println(string(out))

	_, err := decimal.Parse("5,2")
	fmt.Println(err)
	fmt.Println(decimal.FromFloat(0.1))
	// Output:
	// 5.20 2
	// {"code":"HBA1C","value_numeric":5.20}
	// decimal: not a JSON number
	// 0.1
}
