// Loads a Compose file with compose-go, the Compose Specification's reference loader (the one the
// docker compose CLI uses), and prints what our tests check: each service's image, build, environment
// and dependencies. Exits non-zero, with the loader's message, on any error.
//
//	go run . [-project triceps] [-env KEY=VALUE ...] docker-compose.yml
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/compose-spec/compose-go/v2/cli"
	"github.com/compose-spec/compose-go/v2/types"
)

type envFlags []string

func (e *envFlags) String() string     { return strings.Join(*e, ",") }
func (e *envFlags) Set(v string) error { *e = append(*e, v); return nil }

type service struct {
	Image       string            `json:"image,omitempty"`
	Build       *build            `json:"build,omitempty"`
	Command     []string          `json:"command,omitempty"`
	Environment map[string]string `json:"environment"`
	DependsOn   map[string]string `json:"depends_on"`
	Healthcheck bool              `json:"healthcheck"`
	Ports       []string          `json:"ports"`
	Restart     string            `json:"restart,omitempty"`
}

type build struct {
	Context    string `json:"context"`
	Dockerfile string `json:"dockerfile"`
	Target     string `json:"target,omitempty"`
}

type report struct {
	Name       string             `json:"name"`
	Services   map[string]service `json:"services"`
	Volumes    []string           `json:"volumes"`
	Extensions map[string]any     `json:"extensions"`
}

func main() {
	project := flag.String("project", "triceps", "the Compose project name")
	var env envFlags
	flag.Var(&env, "env", "KEY=VALUE for interpolation (repeatable); the caller's environment is not used")
	flag.Parse()
	if flag.NArg() != 1 {
		fmt.Fprintln(os.Stderr, "usage: composecheck [-project name] [-env KEY=VALUE ...] docker-compose.yml")
		os.Exit(2)
	}
	file, err := filepath.Abs(flag.Arg(0))
	if err != nil {
		fail(err)
	}
	options, err := cli.NewProjectOptions(
		[]string{file},
		cli.WithName(*project),
		cli.WithWorkingDirectory(filepath.Dir(file)),
		cli.WithEnv(env),
		cli.WithInterpolation(true),
		cli.WithResolvedPaths(false),
	)
	if err != nil {
		fail(err)
	}
	loaded, err := options.LoadProject(context.Background())
	if err != nil {
		fail(err)
	}
	out := report{Name: loaded.Name, Services: map[string]service{}, Volumes: []string{}, Extensions: loaded.Extensions}
	for name := range loaded.Volumes {
		out.Volumes = append(out.Volumes, name)
	}
	sort.Strings(out.Volumes)
	for name, s := range loaded.Services {
		out.Services[name] = describe(s)
	}
	encoder := json.NewEncoder(os.Stdout)
	encoder.SetIndent("", "  ")
	if err := encoder.Encode(out); err != nil {
		fail(err)
	}
}

func describe(s types.ServiceConfig) service {
	d := service{
		Image:       s.Image,
		Command:     s.Command,
		Environment: map[string]string{},
		DependsOn:   map[string]string{},
		Healthcheck: s.HealthCheck != nil && !s.HealthCheck.Disable,
		Ports:       []string{},
		Restart:     s.Restart,
	}
	if s.Build != nil {
		d.Build = &build{Context: s.Build.Context, Dockerfile: s.Build.Dockerfile, Target: s.Build.Target}
	}
	for key, value := range s.Environment {
		if value == nil {
			d.Environment[key] = ""
		} else {
			d.Environment[key] = *value
		}
	}
	for name, dependency := range s.DependsOn {
		d.DependsOn[name] = dependency.Condition
	}
	for _, port := range s.Ports {
		published := port.Published
		if port.HostIP != "" {
			published = port.HostIP + ":" + published
		}
		d.Ports = append(d.Ports, fmt.Sprintf("%s:%d/%s", published, port.Target, port.Protocol))
	}
	return d
}

func fail(err error) {
	fmt.Fprintf(os.Stderr, "composecheck: %v\n", err)
	os.Exit(1)
}
