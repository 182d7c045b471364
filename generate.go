package ofauth

// The endpoint table of the tests, the fake API's routes, the command's Access
// table and the SDK's models come from the API description in spec/.
//go:generate go -C internal/specgen run . -spec ../../spec/openapi.yaml -out ../../endpoints_gen_test.go
//go:generate go -C internal/specgen run . -spec ../../spec/openapi.yaml -routes ../../ofauthtest/routes_gen.go
//go:generate go -C internal/specgen run . -spec ../../spec/openapi.yaml -cli ../../cmd/ofauth/access_gen.go
//go:generate go -C internal/specgen run . -spec ../../spec/openapi.yaml -models ../..
//go:generate go -C internal/specgen run . -spec ../../spec/openapi.yaml -methods ../..
