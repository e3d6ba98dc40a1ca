package bot

import "testing"

// TestAssignmentForms: a secret assigned with the operators and shapes other
// scanners know is masked; comparisons and placeholders are not.
func TestAssignmentForms(t *testing.T) {
	const v = "Zf3D0LXCM3EIMbgJpUNnkRtOfOueHznB"
	tests := []struct {
		name, text string
		masked     bool
	}{
		{"make ?=", `GENERIC_TOKEN ?= "` + v + `"`, true},
		{"make ::=", `GENERIC_TOKEN ::= "` + v + `"`, true},
		{"make :::=", `GENERIC_TOKEN :::= "` + v + `"`, true},
		{"php .=", `$genericToken .= "` + v + `"`, true},
		{"go typed var", `var genericToken string = "` + v + `"`, true},
		{"java setProperty", `System.setProperty("GENERIC_TOKEN", "` + v + `")`, true},
		{"xml element", "<genericToken>\n    " + v + "\n</genericToken>", true},
		{"comparison", `if genericToken == "` + v + `" {`, false},
		{"not equal", `if genericToken != "` + v + `" {`, false},
		{"placeholder", `GENERIC_TOKEN ?= "<your token here>"`, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			out, _ := Redact(tc.text)
			if masked := out != tc.text; masked != tc.masked {
				t.Errorf("Redact(%q) = %q; masked %v, want %v", tc.text, out, masked, tc.masked)
			}
		})
	}
}
