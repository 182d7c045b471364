package main

import (
	"reflect"
	"strings"
	"testing"
)

// queryParamsSpec has one operation whose query parameters a
// x-go-query-params schema types.
const queryParamsSpec = `openapi: 3.1.0
info: {title: t, version: "1"}
paths:
  /v2/access/things:
    get:
      operationId: thingsList
      summary: List the things.
      parameters:
        - {name: offset, in: query, schema: {type: integer}}
        - {name: since, in: query, schema: {type: string, format: date}}
        - {name: order, in: query, schema: {type: string}}
        - {name: ownerId, in: query, schema: {type: integer, format: int64}}
        - {name: opened, in: query, schema: {type: boolean}}
      responses:
        "200": {description: OK}
      x-go-method: Access.Things.List
      x-go-params: ThingListParams
      x-permission: p
      x-pagination: offset
      x-idempotent: true
components:
  schemas:
    ThingListParams:
      x-go-file: things
      x-go-query-params: true
      x-go-doc: ThingListParams page the things.
      type: object
      properties:
        order: {type: string, x-go-type: ThingOrder}
        since: {type: string, format: date, x-go-doc: "zero: no bound"}
        ownerId: {type: integer, format: int64}
        opened: {type: boolean, x-go-pointer: true}
        offset: {type: integer}
`

func TestQueryParamsModel(t *testing.T) {
	s, err := Load([]byte(queryParamsSpec))
	if err != nil {
		t.Fatal(err)
	}
	models, err := Models(s)
	if err != nil {
		t.Fatal(err)
	}
	if len(models) != 1 || !models[0].Query {
		t.Fatalf("models %+v, want one query params type", models)
	}
	want := []Field{
		{"Order", "ThingOrder", "order", ""},
		{"Since", "time.Time", "since,date", "zero: no bound"},
		{"OwnerID", "int64", "ownerId", ""},
		{"Opened", "*bool", "opened", ""},
		{"Offset", "int", "offset", ""},
	}
	if !reflect.DeepEqual(models[0].Fields, want) {
		t.Errorf("fields\n%+v\nwant\n%+v", models[0].Fields, want)
	}
	files, err := ModelFiles(models, "p")
	if err != nil {
		t.Fatal(err)
	}
	src := string(files["things"+modelsSuffix])
	for _, line := range []string{
		`import "time"`,
		"// ThingListParams page the things.\ntype ThingListParams struct {",
		"Since   time.Time  `url:\"since,date\"` // zero: no bound",
		"Offset  int        `url:\"offset\"`",
	} {
		if !strings.Contains(src, line) {
			t.Errorf("no %q in\n%s", line, src)
		}
	}
}

func TestQueryParamsMustMatchTheOperation(t *testing.T) {
	for name, c := range map[string]struct{ old, new, want string }{
		"missing field": {"        offset: {type: integer}\n", "", "query parameters [offset opened order ownerId since], but ThingListParams has [opened order ownerId since]"},
		"extra field":   {"        offset: {type: integer}\n", "        offset: {type: integer}\n        limit: {type: integer}\n", "but ThingListParams has [limit offset"},
		"unused":        {"      x-go-params: ThingListParams\n", "", "no operation's x-go-params names it"},
	} {
		t.Run(name, func(t *testing.T) {
			doc := strings.Replace(queryParamsSpec, c.old, c.new, 1)
			if doc == queryParamsSpec {
				t.Fatal("the edit changed nothing")
			}
			s, err := Load([]byte(doc))
			if err != nil {
				t.Fatal(err)
			}
			if _, err := Models(s); err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("error %v, want one containing %q", err, c.want)
			}
		})
	}
}

// orderSpec has a body schema whose Go field order is not the order of
// its properties, and a description kept out of the Go doc.
const orderSpec = `openapi: 3.1.0
info: {title: t, version: "1"}
paths: {}
components:
  schemas:
    ThingInput:
      x-go-file: things
      x-go-name: ThingParams
      x-go-order: [text, price, hidden]
      type: object
      properties:
        hidden: {type: boolean, description: the API's wording, x-go-doc: ""}
        text: {type: string, description: what it says}
        price: {type: [number, "null"], x-go-pointer: true}
`

func TestModelFieldOrderAndEmptyDoc(t *testing.T) {
	s, err := Load([]byte(orderSpec))
	if err != nil {
		t.Fatal(err)
	}
	models, err := Models(s)
	if err != nil {
		t.Fatal(err)
	}
	want := []Field{
		{"Text", "string", "text,omitempty", "what it says"},
		{"Price", "*float64", "price,omitempty", ""},
		{"Hidden", "bool", "hidden,omitempty", ""},
	}
	if len(models) != 1 || models[0].Name != "ThingParams" || !reflect.DeepEqual(models[0].Fields, want) {
		t.Errorf("models %+v, want ThingParams with fields %+v", models, want)
	}
	for _, bad := range []string{"[text, price]", "[text, price, hidden, text]", "[text, price, other]"} {
		s, err := Load([]byte(strings.Replace(orderSpec, "[text, price, hidden]", bad, 1)))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := Models(s); err == nil || !strings.Contains(err.Error(), "x-go-order") {
			t.Errorf("x-go-order %s: error %v, want one naming x-go-order", bad, err)
		}
	}
}
