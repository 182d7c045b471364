package ofauth

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"go/types"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The rules of the public API, as the package doc states them, checked on
// the package's own source (go/parser) against the endpoint table that
// internal/specgen generates from spec/openapi.yaml. A method or model that
// drifts from the spec or from a rule fails here.

// apiSource is the package's non-test source: exported structs and the
// methods of every type, by receiver type name.
type apiSource struct {
	structs  map[string]*ast.StructType
	files    map[string]string // type name -> file that declares it
	methods  map[string]map[string]*ast.FuncDecl
	typeDecl map[string]ast.Expr // every declared type's underlying expression
}

// issueList collects a rule's findings in the shape of t.Errorf.
type issueList struct{ out *[]string }

func (l issueList) Errorf(format string, args ...any) {
	*l.out = append(*l.out, fmt.Sprintf(format, args...))
}

func newAPISource() *apiSource {
	return &apiSource{
		structs:  map[string]*ast.StructType{},
		files:    map[string]string{},
		methods:  map[string]map[string]*ast.FuncDecl{},
		typeDecl: map[string]ast.Expr{},
	}
}

var parsedAPI = sync.OnceValues(func() (*apiSource, error) {
	names, err := filepath.Glob("*.go")
	if err != nil {
		return nil, err
	}
	src := newAPISource()
	fset := token.NewFileSet()
	for _, name := range names {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		b, err := os.ReadFile(name) // #nosec G304 -- the package's own files
		if err != nil {
			return nil, err
		}
		f, err := parser.ParseFile(fset, name, b, parser.SkipObjectResolution)
		if err != nil {
			return nil, err
		}
		src.add(name, f)
	}
	return src, nil
})

func (s *apiSource) add(file string, f *ast.File) {
	for _, d := range f.Decls {
		switch d := d.(type) {
		case *ast.GenDecl:
			for _, spec := range d.Specs {
				ts, ok := spec.(*ast.TypeSpec)
				if !ok {
					continue
				}
				s.typeDecl[ts.Name.Name] = ts.Type
				s.files[ts.Name.Name] = file
				if st, ok := ts.Type.(*ast.StructType); ok {
					s.structs[ts.Name.Name] = st
				}
			}
		case *ast.FuncDecl:
			if d.Recv == nil || len(d.Recv.List) != 1 || !d.Name.IsExported() {
				continue
			}
			recv := baseTypeName(d.Recv.List[0].Type)
			if s.methods[recv] == nil {
				s.methods[recv] = map[string]*ast.FuncDecl{}
			}
			s.methods[recv][d.Name.Name] = d
		}
	}
}

func loadAPI(t *testing.T) *apiSource {
	t.Helper()
	src, err := parsedAPI()
	if err != nil {
		t.Fatal(err)
	}
	return src
}

// baseTypeName is the name of a possibly pointer, possibly generic type.
func baseTypeName(e ast.Expr) string {
	switch e := e.(type) {
	case *ast.StarExpr:
		return baseTypeName(e.X)
	case *ast.Ident:
		return e.Name
	case *ast.IndexExpr:
		return baseTypeName(e.X)
	}
	return types.ExprString(e)
}

// param is one named parameter of a method.
type param struct {
	name, typ string
}

func params(fn *ast.FuncDecl) []param {
	var out []param
	for _, f := range fn.Type.Params.List {
		typ := types.ExprString(f.Type)
		for _, n := range f.Names {
			out = append(out, param{n.Name, typ})
		}
	}
	return out
}

func results(fn *ast.FuncDecl) []string {
	var out []string
	if fn.Type.Results == nil {
		return nil
	}
	for _, f := range fn.Type.Results.List {
		n := max(len(f.Names), 1)
		for range n {
			out = append(out, types.ExprString(f.Type))
		}
	}
	return out
}

// method finds the method an x-go-method names: "Access.Users.Get" is the
// Get method of the type of Client.Access's Users field.
func (s *apiSource) method(goMethod string) (*ast.FuncDecl, string, bool) {
	parts := strings.Split(goMethod, ".")
	typ := "Client"
	for _, field := range parts[:len(parts)-1] {
		st, ok := s.structs[typ]
		if !ok {
			return nil, "", false
		}
		next := ""
		for _, f := range st.Fields.List {
			for _, n := range f.Names {
				if n.Name == field {
					next = baseTypeName(f.Type)
				}
			}
		}
		if next == "" {
			return nil, "", false
		}
		typ = next
	}
	fn, ok := s.methods[typ][parts[len(parts)-1]]
	return fn, typ, ok
}

// services lists the receiver types whose methods make calls: the
// ...Service types.
func (s *apiSource) services() []string {
	var out []string
	for typ := range s.methods {
		if strings.HasSuffix(typ, "Service") {
			out = append(out, typ)
		}
	}
	slices.Sort(out)
	return out
}

// goParamName is the Go spelling of a spec parameter name: userId is userID.
func goParamName(specName string) string {
	if base, ok := strings.CutSuffix(specName, "Id"); ok {
		return base + "ID"
	}
	return specName
}

// TestRulePathParamsFollowTheSpec: the method each operation names takes
// the operation's path parameters, under their names, with the Go types
// the spec gives them, in the path's order.
func rulePathParams(src *apiSource, ops []specOperation) (issues []string) {
	t := issueList{&issues}
	for _, op := range ops {
		fn, _, ok := src.method(op.GoMethod)
		if !ok {
			t.Errorf("%s %s: x-go-method %s names no method", op.Method, op.Path, op.GoMethod)
			continue
		}
		ps := params(fn)
		last := -1
		for _, pp := range op.PathParams {
			want := goParamName(pp.Name)
			i := slices.IndexFunc(ps, func(p param) bool { return p.name == want })
			switch {
			case i < 0:
				t.Errorf("%s: no parameter %s for {%s} of %s", op.GoMethod, want, pp.Name, op.Path)
			case ps[i].typ != pp.GoType:
				t.Errorf("%s: %s is %s, the spec says %s", op.GoMethod, want, ps[i].typ, pp.GoType)
			case i < last:
				t.Errorf("%s: %s comes before an earlier path parameter of %s", op.GoMethod, want, op.Path)
			}
			last = max(last, i)
		}
	}
	return issues
}

// Entities and the one Go type of their id. An Access entity whose id the
// API only sends as a number is int64; a user list's id may be a name.
var entityIDTypes = map[string]string{
	"user": "int64", "userList": "ID", "post": "int64", "message": "int64", "massMessage": "int64",
	"promotion": "int64", "bundle": "int64", "trialLink": "int64", "trackingLink": "int64",
	"vaultList": "int64", "vaultMedia": "int64", "subscription": "int64",
	// Ids of the account-level APIs (connections, link, Vault+ items,
	// webhooks) and upload references are text as those APIs send them.
	"connection": "string", "mediaUpload": "string", "vaultPlusMedia": "string",
}

// idStructEntity names the entity of a struct's ID field where the struct
// is a view of another entity (UserBrief is a user).
var idStructEntity = map[string]string{
	"User": "user", "UserBrief": "user", "RestrictedUser": "user", "Subscriber": "user", "TxUser": "user",
	"AuthorRef": "user", "ReleaseFormUser": "user", "TaggedFriendUser": "user", "MessageSender": "user",
	"StoryViewer": "user",
	"UserList":    "userList", "UserListRef": "userList", "UserListUserState": "userList", "SubscriberListRef": "userList",
	"Post": "post", "PostDetail": "post",
	"Message":        "message",
	"MassMessageJob": "massMessage", "MassMessageStat": "massMessage",
	"Promotion": "promotion", "TopPromotion": "promotion",
	"Bundle":    "bundle",
	"TrialLink": "trialLink", "TopTrial": "trialLink",
	"TrackingLink": "trackingLink", "TopCampaign": "trackingLink",
	"VaultList": "vaultList", "VaultMediaListRef": "vaultList",
	"Media":         "vaultMedia",
	"Subscription":  "subscription",
	"Connection":    "connection",
	"VaultPlusItem": "vaultPlusMedia",
}

// idFieldEntity names the entity of the id fields not called ID.
var idFieldEntity = map[string]string{
	"UserID": "user", "UserIDs": "user", "SubscriberID": "user", "PartnerID": "user", "WithUserID": "user",
	"UserListID": "userList", "UserLists": "userList", "ExcludeUserLists": "userList",
	"PromoID": "promotion", "TrialID": "trialLink",
	"LastReadMessageID": "message", "LastID": "message", "FirstID": "message",
	"ConnectionID": "connection", "MediaUploadID": "mediaUpload",
}

// idListFieldEntity: a field named ListID depends on the list it is in.
var idListFieldEntity = map[string]string{
	"AddToListsSuccess": "userList", "AddToListsError": "userList", "VaultMediaListParams": "vaultList",
	"VaultPlusStoreResult": "vaultList",
}

// textIDStructs have an ID the API sends as text: their own entities.
var textIDStructs = map[string]bool{
	"Transaction": true, "ChargebackPayment": true, "VaultPlusMedia": true, "Account": true,
	"LinkCompletedLogin": true, "WebhookEvent": true,
}

// accessFile reports a file of the Access API's typed groups, hand-written
// or generated (vault_plus_models_gen.go).
func accessFile(name string) bool {
	return strings.HasPrefix(name, "access") || strings.HasPrefix(name, "vault_plus")
}

// isIDField reports a field holding an entity's id or ids.
func isIDField(name string) bool {
	return name == "ID" || strings.HasSuffix(name, "ID") || strings.HasSuffix(name, "IDs") ||
		name == "UserLists" || name == "ExcludeUserLists"
}

// elemType drops a slice's brackets: []int64 holds int64 ids.
func elemType(typ string) string { return strings.TrimPrefix(typ, "[]") }

// TestRuleOneIDTypePerEntity: every id field of an Access model and every
// id parameter of a service method has its entity's one Go type; ids of the
// account-level APIs are strings.
func ruleOneIDType(src *apiSource, ops []specOperation) (issues []string) {
	t := issueList{&issues}
	seen := map[string][]string{} // entity -> "where: type"
	check := func(where, entity, typ string) {
		seen[entity] = append(seen[entity], where+": "+typ)
		if want, ok := entityIDTypes[entity]; ok && elemType(typ) != want {
			t.Errorf("%s is %s; a %s id is %s", where, typ, entity, want)
		}
	}
	for name, st := range src.structs {
		if !ast.IsExported(name) || name == "Client" || strings.HasSuffix(name, "Service") {
			continue // the client and its groups hold services, not ids
		}
		for _, f := range st.Fields.List {
			typ := types.ExprString(f.Type)
			for _, n := range f.Names {
				if !n.IsExported() || !isIDField(n.Name) {
					continue
				}
				where := name + "." + n.Name
				if !accessFile(src.files[name]) {
					if elemType(typ) != "string" {
						t.Errorf("%s is %s; ids of the account-level APIs are strings", where, typ)
					}
					continue
				}
				switch {
				case n.Name == "ID" && idStructEntity[name] != "":
					check(where, idStructEntity[name], typ)
				case n.Name == "ID" && textIDStructs[name]:
					check(where, name, typ)
				case n.Name == "ID":
					check(where, name, typ)
					if typ != "int64" {
						t.Errorf("%s is %s: an Access id the API sends as a number is int64 (or name its entity in idStructEntity)", where, typ)
					}
				case n.Name == "ListID" && idListFieldEntity[name] != "":
					check(where, idListFieldEntity[name], typ)
				case idFieldEntity[n.Name] != "":
					check(where, idFieldEntity[n.Name], typ)
				default:
					check(where, n.Name, typ) // an id of its own kind: one type wherever it appears
				}
			}
		}
	}
	for _, svc := range src.services() {
		for name, fn := range src.methods[svc] {
			for _, p := range params(fn) {
				entity := paramEntity(svc, p.name)
				if entity == "" {
					continue
				}
				check(svc+"."+name+"("+p.name+")", entity, p.typ)
			}
		}
	}
	for entity, uses := range seen {
		types := map[string]bool{}
		for _, u := range uses {
			_, typ, _ := strings.Cut(u, ": ")
			types[elemType(typ)] = true
		}
		if len(types) > 1 {
			slices.Sort(uses)
			t.Errorf("the %s id has %d Go types: %s", entity, len(types), strings.Join(uses, "; "))
		}
	}
	return issues
}

// paramEntity is the entity a method parameter's name says it holds.
func paramEntity(service, name string) string {
	name = strings.TrimSuffix(name, "s") // userIDs holds user ids
	switch name {
	case "userID":
		return "user"
	case "postID":
		return "post"
	case "messageID":
		return "message"
	case "massMessageID":
		return "massMessage"
	case "promotionID":
		return "promotion"
	case "bundleID":
		return "bundle"
	case "trialLinkID":
		return "trialLink"
	case "trackingLinkID":
		return "trackingLink"
	case "subscriptionID":
		return "subscription"
	case "connectionID":
		return "connection"
	case "mediaUploadID":
		return "mediaUpload"
	case "listID":
		if service == "UserListsService" {
			return "userList"
		}
		return "vaultList"
	case "mediaID":
		if service == "VaultPlusService" {
			return "vaultPlusMedia"
		}
		return "vaultMedia"
	}
	return ""
}

// TestRuleParamsTypeNames: a struct a method takes as its params is named
// …Params, and no exported struct takes another request suffix.
func ruleParamsNames(src *apiSource, ops []specOperation) (issues []string) {
	t := issueList{&issues}
	for _, svc := range src.services() {
		for name, fn := range src.methods[svc] {
			for _, p := range params(fn) {
				typ := strings.TrimPrefix(p.typ, "*")
				if _, isStruct := src.structs[typ]; !isStruct || !ast.IsExported(typ) {
					continue
				}
				if !strings.HasSuffix(typ, "Params") {
					t.Errorf("%s.%s takes %s: a params type ends in Params", svc, name, typ)
				}
			}
		}
	}
	for typ := range src.structs {
		for _, bad := range []string{"Input", "Options", "Opts", "Update", "Request", "Settings" + "Update"} {
			if ast.IsExported(typ) && strings.HasSuffix(typ, bad) {
				t.Errorf("%s: request types end in Params, not %s", typ, bad)
			}
		}
	}
	return issues
}

// TestRuleIteratorTwins: a method returning *Page[T] from a paged endpoint
// has its All twin (All for List, All<X> for <X> and for List<X>) taking the same
// parameters and yielding *T; every All… has its page method; an <X>Page
// method (the whole envelope) sits beside its <X>.
func ruleIteratorTwins(src *apiSource, ops []specOperation) (issues []string) {
	t := issueList{&issues}
	paging := map[string]string{}
	for _, op := range ops {
		paging[op.GoMethod] = op.Pagination
	}
	for _, svc := range src.services() {
		ms := src.methods[svc]
		for name, fn := range ms {
			res := results(fn)
			switch {
			case len(res) == 2 && strings.HasPrefix(res[0], "*Page["):
				if paging[goMethodOf(src, ops, svc, name)] == "none" {
					continue // the API cannot page it: one page, no walk
				}
				twin := "All" + strings.TrimPrefix(name, "List")
				all, ok := ms[twin]
				if !ok {
					t.Errorf("%s.%s returns %s but has no %s", svc, name, res[0], twin)
					continue
				}
				item := strings.TrimSuffix(strings.TrimPrefix(res[0], "*Page["), "]")
				if got := results(all); len(got) != 1 || got[0] != "iter.Seq2[*"+item+", error]" {
					t.Errorf("%s.%s returns %v, want iter.Seq2[*%s, error]", svc, twin, got, item)
				}
				if !slices.Equal(params(all), params(fn)) {
					t.Errorf("%s.%s takes %v, unlike %s's %v", svc, twin, params(all), name, params(fn))
				}
			case strings.HasPrefix(name, "All"):
				rest := strings.TrimPrefix(name, "All")
				_, plain := ms[rest]
				_, list := ms["List"+rest]
				if !plain && !list {
					t.Errorf("%s.%s walks pages of neither %s nor List%s", svc, name, rest, rest)
				}
			case strings.HasSuffix(name, "Page") && name != "Page":
				base := strings.TrimSuffix(name, "Page")
				if b, ok := ms[base]; !ok || !strings.HasPrefix(results(b)[0], "*Page[") {
					t.Errorf("%s.%s: a …Page variant sits beside a %s returning *Page", svc, name, base)
				}
			}
		}
	}
	return issues
}

// goMethodOf is the x-go-method of a service's method, found by searching
// the endpoint table for an operation that resolves to it.
func goMethodOf(src *apiSource, ops []specOperation, svc, name string) string {
	for _, op := range ops {
		if strings.HasSuffix(op.GoMethod, "."+name) {
			if _, typ, ok := src.method(op.GoMethod); ok && typ == svc {
				return op.GoMethod
			}
		}
	}
	return ""
}

// stateChangeVerbs start the names of calls that change state and have no
// resource to return.
var stateChangeVerbs = []string{"Delete", "Remove", "Stop", "Unsend", "Share", "Unshare", "Restrict", "Unrestrict", "Invalidate", "Purge", "Set"}

// TestRuleStateChangesReturnOnlyError: deletes, removes, stops and the
// other state changes return error alone, and no call returns a bare
// acknowledgement.
func ruleStateChanges(src *apiSource, ops []specOperation) (issues []string) {
	t := issueList{&issues}
	for _, svc := range src.services() {
		for name, fn := range src.methods[svc] {
			res := results(fn)
			if slices.Contains(stateChangeVerbs, firstWord(name)) && !slices.Equal(res, []string{"error"}) {
				t.Errorf("%s.%s returns %v; a state change returns error only", svc, name, res)
			}
			if len(res) == 2 && isAcknowledgement(src, strings.TrimPrefix(res[0], "*")) {
				t.Errorf("%s.%s returns %s, an acknowledgement: return error only", svc, name, res[0])
			}
		}
	}
	return issues
}

// firstWord is the first word of a CamelCase name: Set of SetNote, but
// Settings of Settings.
func firstWord(name string) string {
	for i := 1; i < len(name); i++ {
		if name[i] >= 'A' && name[i] <= 'Z' {
			return name[:i]
		}
	}
	return name
}

// isAcknowledgement reports a struct that holds nothing but a success flag.
func isAcknowledgement(src *apiSource, typ string) bool {
	st, ok := src.structs[typ]
	if !ok || len(st.Fields.List) != 1 {
		return false
	}
	f := st.Fields.List[0]
	return len(f.Names) == 1 && f.Names[0].Name == "Success"
}

// TestRulesSeeTheSource keeps the rules above from passing vacuously.
func TestRulesSeeTheSource(t *testing.T) {
	src := loadAPI(t)
	if fn, svc, ok := src.method("Access.UserLists.AddMember"); !ok || svc != "UserListsService" ||
		!slices.Equal(params(fn)[1:3], []param{{"listID", "ID"}, {"userID", "int64"}}) {
		t.Fatalf("Access.UserLists.AddMember resolves to %v in %s", fn, svc)
	}
	if len(src.services()) < 20 {
		t.Fatalf("only %d services found: %v", len(src.services()), src.services())
	}
	var withParams int
	for _, op := range specOperations {
		withParams += len(op.PathParams)
	}
	if withParams < 50 {
		t.Fatalf("only %d path parameters in the endpoint table", withParams)
	}
}

func TestRulePathParamsFollowTheSpec(t *testing.T) {
	for _, issue := range rulePathParams(loadAPI(t), specOperations) {
		t.Error(issue)
	}
}

func TestRuleOneIDTypePerEntity(t *testing.T) {
	for _, issue := range ruleOneIDType(loadAPI(t), specOperations) {
		t.Error(issue)
	}
}

func TestRuleParamsTypeNames(t *testing.T) {
	for _, issue := range ruleParamsNames(loadAPI(t), specOperations) {
		t.Error(issue)
	}
}

func TestRuleIteratorTwins(t *testing.T) {
	for _, issue := range ruleIteratorTwins(loadAPI(t), specOperations) {
		t.Error(issue)
	}
}

func TestRuleStateChangesReturnOnlyError(t *testing.T) {
	for _, issue := range ruleStateChanges(loadAPI(t), specOperations) {
		t.Error(issue)
	}
}

// driftedSource is a package with one break of each rule.
const driftedSource = `package ofauth

type Client struct{ Access *AccessService }
type AccessService struct{ Users *UsersService; UserLists *UserListsService }
type UsersService struct{}
type UserListsService struct{}

type User struct{ ID string }
type UserBrief struct{ ID int64 }
type UserListRef struct{ ID int64 }
type UserSearchOptions struct{ Query string }
type Ack struct{ Success bool }
type Page[T any] struct{ Items []T }

func (s *UsersService) Get(ctx context.Context, userID string, opts ...CallOption) (*User, error)
func (s *UsersService) Search(ctx context.Context, p *UserSearchOptions, opts ...CallOption) (*Page[User], error)
func (s *UsersService) Restrict(ctx context.Context, userID int64, opts ...CallOption) (*Ack, error)
func (s *UserListsService) AddMember(ctx context.Context, userID int64, listID ID, opts ...CallOption) error
`

// TestRulesCatchDrift runs every rule on a source that breaks each one, so
// that a rule that stopped looking would fail here.
func TestRulesCatchDrift(t *testing.T) {
	f, err := parser.ParseFile(token.NewFileSet(), "access_drift.go", driftedSource, parser.SkipObjectResolution)
	require.NoError(t, err)
	src := newAPISource()
	src.add("access_drift.go", f)
	ops := []specOperation{
		{GoMethod: "Access.Users.Get", Pagination: "none", PathParams: []specPathParam{{"userId", "int64"}}},
		{GoMethod: "Access.Users.Search", Pagination: "offset"},
		{GoMethod: "Access.UserLists.AddMember", Pagination: "none", PathParams: []specPathParam{{"listId", "ID"}, {"userId", "int64"}}},
		{GoMethod: "Access.Users.Gone", Pagination: "none"},
	}
	for rule, want := range map[string]struct {
		issues []string
		finds  []string
	}{
		"path params": {rulePathParams(src, ops), []string{
			"Access.Users.Get: userID is string, the spec says int64",
			"Access.UserLists.AddMember: userID comes before an earlier path parameter",
			"x-go-method Access.Users.Gone names no method",
		}},
		"id types": {ruleOneIDType(src, ops), []string{
			"User.ID is string; a user id is int64",
			"UserListRef.ID is int64; a userList id is ID",
			"UsersService.Get(userID) is string; a user id is int64",
			"the user id has 2 Go types",
		}},
		"params names": {ruleParamsNames(src, ops), []string{
			"UsersService.Search takes UserSearchOptions: a params type ends in Params",
			"UserSearchOptions: request types end in Params, not Options",
		}},
		"iterators":     {ruleIteratorTwins(src, ops), []string{"UsersService.Search returns *Page[User] but has no AllSearch"}},
		"state changes": {ruleStateChanges(src, ops), []string{"UsersService.Restrict returns [*Ack error]; a state change returns error only", "UsersService.Restrict returns *Ack, an acknowledgement"}},
	} {
		for _, w := range want.finds {
			assert.True(t, slices.ContainsFunc(want.issues, func(s string) bool { return strings.Contains(s, w) }),
				"%s: no issue mentions %q in %q", rule, w, want.issues)
		}
	}
}
