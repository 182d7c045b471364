// Command specgen reads spec/openapi.yaml and writes the code derived from
// it: the endpoint table of the SDK's tests (endpoints_gen_test.go), the
// fake API's route table (-routes), the ofauth command's Access table
// (-cli), the SDK's model types (-models, <group>_models_gen.go files)
// and the Access groups' service methods (-methods, one
// access_<group>_gen.go per group); run it through `go generate ./...` in
// the repository root rather than by hand.
//
// It lives in its own module so that the OpenAPI library it uses never
// becomes a requirement of the SDK.
package main

import (
	"flag"
	"fmt"
	"os"
)

func main() {
	specPath := flag.String("spec", "spec/openapi.yaml", "OpenAPI 3.1 document to read")
	out := flag.String("out", "endpoints_gen_test.go", "Go file to write the endpoint table to")
	pkg := flag.String("package", "ofauth", "package clause of the generated file")
	routes := flag.String("routes", "", "write the fake API's route table (package ofauthtest) to this file instead")
	cli := flag.String("cli", "", "write the ofauth command's Access table (package main) to this file instead")
	methods := flag.String("methods", "", "write the Access groups' methods (access_<group>_gen.go) into this directory instead")
	models := flag.String("models", "", "write the model types (<group>"+modelsSuffix+" files) to this folder instead")
	flag.Parse()
	run := run
	switch {
	case *routes != "":
		run = func(specPath, _, _ string) error { return runRoutes(specPath, *routes) }
	case *cli != "":
		run = func(specPath, _, _ string) error { return runCLI(specPath, *cli) }
	case *methods != "":
		run = func(specPath, _, _ string) error { return runMethods(specPath, *methods) }
	case *models != "":
		run = func(specPath, _, pkg string) error { return runModels(specPath, *models, pkg) }
	}
	if err := run(*specPath, *out, *pkg); err != nil {
		fmt.Fprintln(os.Stderr, "specgen:", err)
		os.Exit(1)
	}
}

func run(specPath, out, pkg string) error {
	spec, err := loadSpecFile(specPath)
	if err != nil {
		return err
	}
	src, err := EndpointTable(spec, pkg)
	if err != nil {
		return err
	}
	return writeIfChanged(out, src)
}
