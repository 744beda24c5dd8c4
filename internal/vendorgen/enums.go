package main

import (
	"fmt"
	"strings"
)

// enumsFile returns enums_gen.go of pkg: for each string enum (a string type with exported
// constants), <Enum>Values, its constants in source order, and IsKnown, whether a value is
// exactly one of them; a package that writes either by hand (workpath's case-insensitive
// BiologicalSex.IsKnown) keeps its own. The doc of <Enum>Values is said from the doc of the
// enum's const block ("The documented report statuses." gives "...Values returns the
// documented report statuses."). It returns "" when there is nothing to write.
func enumsFile(pkg string, fc *facts) (string, error) {
	var b strings.Builder
	for _, e := range fc.enums {
		if err := e.check(fc); err != nil {
			return "", err
		}
		if !fc.declared[e.name+"Values"] {
			b.WriteString(comment(e.name + "Values returns " + valuesPhrase(e.doc)))
			fmt.Fprintf(&b, "func %sValues() []%s {\n\treturn []%[2]s{\n", e.name, e.name)
			for _, c := range e.consts {
				b.WriteString("\t\t" + c + ",\n")
			}
			b.WriteString("\t}\n}\n\n")
		}
		if !fc.declared[e.name+".IsKnown"] {
			b.WriteString(comment("IsKnown reports whether v is exactly one of " + e.name + "Values."))
			fmt.Fprintf(&b, "func (v %s) IsKnown() bool {\n\tswitch v {\n\tcase ", e.name)
			b.WriteString(strings.Join(e.consts, ",\n\t\t") + ":\n\t\treturn true\n\t}\n\treturn false\n}\n\n")
		}
	}
	if b.Len() == 0 {
		return "", nil
	}
	return header + "package " + pkg + "\n\n" + b.String(), nil
}

// check refuses an enum whose generated code would not compile or would have no doc: a
// const block without a doc comment, two constants of one value.
func (e enum) check(fc *facts) error {
	if strings.TrimSpace(e.doc) == "" {
		return fmt.Errorf("the const block of %s has no doc comment (%sValues is documented from it)", e.name, e.name)
	}
	seen := map[string]string{}
	for _, c := range e.consts {
		v, ok := fc.strings[c]
		if !ok {
			continue
		}
		if o, dup := seen[v]; dup {
			return fmt.Errorf("%s: %s and %s are both %q", e.name, o, c, v)
		}
		seen[v] = c
	}
	return nil
}

// valuesPhrase turns the doc of a const block into what its Values function returns: "The
// six documented options." into "the six documented options.".
func valuesPhrase(doc string) string {
	doc = strings.Join(strings.Fields(doc), " ")
	if rest, ok := strings.CutPrefix(doc, "The "); ok {
		return "the " + rest
	}
	return doc
}

// comment returns text as a doc comment, wrapped.
func comment(text string) string {
	var b strings.Builder
	for _, line := range strings.Split(strings.TrimRight(wrap(text, ""), "\n"), "\n") {
		b.WriteString("// " + line + "\n")
	}
	return b.String()
}
