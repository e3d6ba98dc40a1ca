package knowledge

import (
	"strings"
	"testing"
	"testing/fstest"
)

// validProfile is a tool profile that passes every check; tests edit it.
const validProfile = `---
id: widget
name: Widget
group: agent
homepage: https://widget.example
markers: ["widget cli"]
raw_markers: ["⚙ widget"]
---
## Where the key goes

WIDGET_KEY.

## Base URL

https://openrouter.ai/api/v1

## Model id

The slug.

## Seeing the raw error

widget --debug

## General checks

- Is WIDGET_KEY set?

## Known OpenRouter problems

None recorded.

## Sources

- https://widget.example/docs
`

func TestDefaultProfiles(t *testing.T) {
	ps := Profiles()
	if len(ps) < 20 {
		t.Errorf("%d tool profiles, want at least 20", len(ps))
	}
	want := []string{
		"opencode", "continue", "roo-code", "cline", "kilo-code", "claude-code", "claude-code-router", "litellm",
		"aider", "openai-sdk", "vercel-ai-sdk", "langchain", "pydantic-ai", "goose", "open-webui", "librechat",
		"lobechat", "n8n", "sillytavern", "zed", "cherry-studio", "home-assistant", "curl",
	}
	for _, id := range want {
		t.Run(id, func(t *testing.T) {
			p, ok := Profile(id)
			if !ok {
				t.Fatalf("no profile %q", id)
			}
			for name, md := range map[string]string{
				ProfKeyWhere: p.KeyWhere, ProfBaseURL: p.BaseURL, ProfModelID: p.ModelID, ProfRawError: p.RawError,
				ProfGeneralChecks: p.GeneralChecks, ProfKnownProblems: p.KnownProblems, ProfSources: p.Sources,
			} {
				if strings.TrimSpace(md) == "" {
					t.Errorf("section %q is empty", name)
				}
			}
			if !strings.Contains(p.Sources, "https://") {
				t.Errorf("sources name no https link:\n%s", p.Sources)
			}
			if ToolName(id) != p.Name {
				t.Errorf("ToolName(%q) = %q, want %q", id, ToolName(id), p.Name)
			}
			if h, ok := toolIDForHeading(p.Name); !ok || h != id {
				t.Errorf("toolIDForHeading(%q) = %q, %v", p.Name, h, ok)
			}
		})
	}
	if len(Tools()) != len(ps) {
		t.Errorf("%d tools for %d profiles", len(Tools()), len(ps))
	}
	for i := 1; i < len(ps); i++ {
		if groupRank(ps[i-1].Group) > groupRank(ps[i].Group) {
			t.Errorf("profiles out of group order: %s (%s) before %s (%s)", ps[i-1].ID, ps[i-1].Group, ps[i].ID, ps[i].Group)
		}
	}
}

// The headings entries already use must keep naming the same tools.
func TestToolHeadingsKept(t *testing.T) {
	for heading, id := range map[string]string{
		"Cline": "cline", "Roo Code": "roo-code", "Kilo Code": "kilo-code", "Aider": "aider", "LiteLLM": "litellm",
		"Continue": "continue", "opencode": "opencode", "Claude Code": "claude-code", "OpenAI SDK": "openai-sdk",
		"LangChain": "langchain", "Open WebUI": "open-webui", "LibreChat": "librechat", "Home Assistant": "home-assistant",
		"SillyTavern": "sillytavern", "Goose": "goose", "curl": "curl",
	} {
		if got, ok := toolIDForHeading(heading); !ok || got != id {
			t.Errorf("heading %q names %q (%v), want %q", heading, got, ok, id)
		}
	}
}

func TestParseProfileRejects(t *testing.T) {
	edit := func(old, new string) string {
		if !strings.Contains(validProfile, old) {
			t.Fatalf("test profile lacks %q", old)
		}
		return strings.Replace(validProfile, old, new, 1)
	}
	tests := []struct {
		name, file, text string
		want             string // substring of a problem, with its file:line
	}{
		{"unknown field", "widget.md", edit("group: agent\n", "group: agent\ncolour: red\n"), "tools/widget.md:5: unknown field \"colour\""},
		{"missing field", "widget.md", edit("homepage: https://widget.example\n", ""), "tools/widget.md:1: missing required field \"homepage\""},
		{"bad group", "widget.md", edit("group: agent", "group: toys"), "tools/widget.md:4: group \"toys\" is not one of"},
		{"bad homepage", "widget.md", edit("https://widget.example\n", "widget.example\n"), "tools/widget.md:5: homepage \"widget.example\" must be an https URL"},
		{"no markers", "widget.md", edit("markers: [\"widget cli\"]\nraw_markers: [\"⚙ widget\"]", "markers: []"), "tools/widget.md:6: markers is empty"},
		{"wordless marker", "widget.md", edit(`["widget cli"]`, `["widget cli", "--"]`), "marker \"--\" has no words"},
		{"same as itself", "widget.md", edit("group: agent\n", "group: agent\nsame_as: [widget]\n"), "cannot be the same as itself"},
		{"id not file name", "gadget.md", validProfile, "tools/gadget.md:2: id \"widget\" does not match the file name"},
		{"missing section", "widget.md", edit("## Model id\n\nThe slug.\n", ""), "missing required section \"## Model id\""},
		{"empty section", "widget.md", edit("- Is WIDGET_KEY set?", ""), "section \"## General checks\" is empty"},
		{"unknown section", "widget.md", edit("## Sources", "## Trivia\n\nx\n\n## Sources"), "unknown section \"## Trivia\""},
		{"bad yaml", "widget.md", edit(`markers: ["widget cli"]`, `markers: ["widget cli"`), "tools/widget.md:"},
		{"no front matter", "widget.md", "## Where the key goes\n", "tools/widget.md:1: missing front matter"},
		{"binary", "widget.md", "---\x00", "not a text file"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := LoadProfiles(fstest.MapFS{tc.file: {Data: []byte(tc.text)}})
			if err == nil {
				t.Fatalf("accepted a malformed profile")
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Errorf("problems:\n%v\nwant one containing %q", err, tc.want)
			}
		})
	}
	t.Run("valid", func(t *testing.T) {
		ps, err := LoadProfiles(fstest.MapFS{"widget.md": {Data: []byte(validProfile)}})
		if err != nil {
			t.Fatalf("valid profile rejected:\n%v", err)
		}
		if p := ps[0]; p.Name != "Widget" || p.RawMarkers[0] != "⚙ widget" || !strings.Contains(p.GeneralChecks, "WIDGET_KEY") {
			t.Errorf("parsed %+v", p)
		}
	})
}

func TestLoadProfilesCrossFile(t *testing.T) {
	other := strings.NewReplacer("id: widget", "id: gadget", "name: Widget", "name: Gadget",
		`["widget cli"]`, `["gadget cli"]`, `["⚙ widget"]`, `["⚙ gadget"]`).Replace(validProfile)
	tests := []struct {
		name  string
		files map[string]string
		want  string
	}{
		{"duplicate name", map[string]string{"widget.md": validProfile, "gadget.md": strings.Replace(other, "name: Gadget", "name: widget", 1)}, "tools/widget.md:3: duplicate name \"Widget\" (also in tools/gadget.md)"},
		{"shared marker", map[string]string{"widget.md": validProfile, "gadget.md": strings.Replace(other, `["gadget cli"]`, `["Widget-CLI"]`, 1)}, "tools/widget.md:6: marker \"widget cli\" is also a marker of gadget"},
		{"shared raw marker", map[string]string{"widget.md": validProfile, "gadget.md": strings.Replace(other, `["⚙ gadget"]`, `["⚙ WIDGET"]`, 1)}, "is also a marker of"},
		{"unknown same_as", map[string]string{"widget.md": strings.Replace(validProfile, "group: agent\n", "group: agent\nsame_as: [gizmo]\n", 1)}, "tools/widget.md:5: same_as names unknown tool \"gizmo\""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			fsys := fstest.MapFS{}
			for n, s := range tc.files {
				fsys[n] = &fstest.MapFile{Data: []byte(s)}
			}
			_, err := LoadProfiles(fsys)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("got %v, want a problem containing %q", err, tc.want)
			}
		})
	}
	t.Run("same_as known", func(t *testing.T) {
		w := strings.Replace(validProfile, "group: agent\n", "group: agent\nsame_as: [gadget]\n", 1)
		ps, err := LoadProfiles(fstest.MapFS{"widget.md": {Data: []byte(w)}, "gadget.md": {Data: []byte(other)}})
		if err != nil {
			t.Fatalf("rejected: %v", err)
		}
		if len(ps) != 2 || ps[0].ID != "gadget" {
			t.Errorf("want both profiles sorted by name, got %d", len(ps))
		}
	})
}
