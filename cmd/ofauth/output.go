package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"text/tabwriter"
)

// printJSON writes v as JSON: indented on a terminal, one line otherwise.
func (a *app) printJSON(v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	return a.printRaw(b)
}

// printRaw writes a JSON answer as received when piped, and indented on a
// terminal; a body that is not JSON is written as is.
func (a *app) printRaw(b []byte) error {
	if len(b) == 0 {
		return nil
	}
	if isTerminal(a.stdout) && json.Valid(b) {
		var out bytes.Buffer
		if err := json.Indent(&out, b, "", "  "); err == nil {
			b = out.Bytes()
		}
	}
	if _, err := a.stdout.Write(b); err != nil {
		return err
	}
	if b[len(b)-1] != '\n' {
		_, err := io.WriteString(a.stdout, "\n")
		return err
	}
	return nil
}

// table writes aligned columns to stdout.
type table struct{ w *tabwriter.Writer }

func (a *app) newTable(header ...any) *table {
	t := &table{w: tabwriter.NewWriter(a.stdout, 0, 4, 2, ' ', 0)}
	t.row(header...)
	return t
}

func (t *table) row(cols ...any) {
	for i, c := range cols {
		if i > 0 {
			fmt.Fprint(t.w, "\t")
		}
		fmt.Fprint(t.w, c)
	}
	fmt.Fprintln(t.w)
}

func (t *table) flush() error { return t.w.Flush() }

// orDash shows an empty value as "-" so the columns stay readable.
func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
