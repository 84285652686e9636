package kind

import (
	"errors"
	"fmt"
	"net"
	"regexp"
	"strconv"
	"strings"
)

// Ports are the host ports (on 127.0.0.1) the course's kind cluster
// maps: 30001 for the NodePort lessons, 8080 and 8443 to an ingress
// controller's 80 and 443.
func Ports() []int { return []int{30001, 8080, 8443} }

// PortTakenError means a host port the cluster maps is in use.
type PortTakenError struct {
	// Port is the port on 127.0.0.1.
	Port int
	// Err is what the runtime or the listen attempt said.
	Err error
}

// Error implements error.
func (e *PortTakenError) Error() string { return fmt.Sprintf("port %d taken: %v", e.Port, e.Err) }

// Unwrap returns the cause.
func (e *PortTakenError) Unwrap() error { return e.Err }

// ImagePullError means the node image could not be pulled.
type ImagePullError struct {
	// Output is what the runtime said.
	Output string
	// Err is the underlying error.
	Err error
}

// Error implements error.
func (e *ImagePullError) Error() string { return "pull node image: " + e.Output }

// Unwrap returns the cause.
func (e *ImagePullError) Unwrap() error { return e.Err }

// CheckPorts makes sure every port in ports is free on 127.0.0.1 before
// kind is asked to map it, so that a taken port is named before anything
// is created.
func CheckPorts(ports []int) error {
	for _, port := range ports {
		l, err := net.Listen("tcp", net.JoinHostPort("127.0.0.1", strconv.Itoa(port)))
		if err != nil {
			return &PortTakenError{Port: port, Err: err}
		}
		_ = l.Close()
	}
	return nil
}

// bindFailed finds the port in Docker's and Podman's messages for a taken
// host port, e.g. "Bind for 127.0.0.1:30001 failed: port is already
// allocated" or "rootlessport listen tcp 127.0.0.1:8080: bind: address
// already in use".
var bindFailed = regexp.MustCompile(`(?:Bind for|listen tcp|bind) [^ ]*?:(\d+)(?: failed|: bind)?`)

// classify turns a RuntimeError whose output names a known problem (a
// taken port, a failed image pull) into that problem's error; other
// errors are returned as they are.
func classify(err error) error {
	var re *RuntimeError
	if !errors.As(err, &re) {
		return err
	}
	out := strings.ToLower(re.Output)
	switch {
	case strings.Contains(out, "port is already allocated") || strings.Contains(out, "address already in use"):
		port := 0 // unknown
		if m := bindFailed.FindStringSubmatch(re.Output); m != nil {
			if n, err := strconv.Atoi(m[1]); err == nil && n > 0 && n <= 65535 {
				port = n
			}
		}
		return &PortTakenError{Port: port, Err: err}
	case strings.Contains(out, "pull access denied") || strings.Contains(out, "manifest unknown") ||
		strings.Contains(out, "failed to pull") || strings.Contains(out, "error pulling image") ||
		strings.Contains(out, "toomanyrequests") || (strings.Contains(out, "registry") && strings.Contains(out, "timeout")):
		return &ImagePullError{Output: re.Output, Err: err}
	}
	return err
}
